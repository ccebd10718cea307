package dev.kanal.connector;

import java.math.BigDecimal;

/** What the channel said about one price update: accepted, or refused with its reason (final, as for quantities). */
public record PriceResult(String channelListingId, BigDecimal price, boolean accepted, String error) {

    public static PriceResult accepted(PriceUpdate update) {
        return new PriceResult(update.channelListingId(), update.price(), true, null);
    }

    public static PriceResult rejected(PriceUpdate update, String error) {
        return new PriceResult(update.channelListingId(), update.price(), false, error);
    }
}
