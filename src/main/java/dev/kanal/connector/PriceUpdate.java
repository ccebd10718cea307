package dev.kanal.connector;

import java.math.BigDecimal;

/**
 * The price Kanal wants one listing to show.
 *
 * @param channelListingId the channel's id for the listing
 * @param price            the price, to the cent
 * @param currency         ISO 4217 code of the price (a channel that has one currency per shop ignores it)
 */
public record PriceUpdate(String channelListingId, BigDecimal price, String currency) {

    public PriceUpdate {
        if (price == null || price.signum() < 0) {
            throw new IllegalArgumentException("price must be zero or more: " + price);
        }
    }

    /** The price as channels want it written: two decimals, never an exponent ("249.90"). */
    public String priceText() {
        return price.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
    }
}
