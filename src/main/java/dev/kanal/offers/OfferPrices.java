package dev.kanal.offers;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * The price a product goes out at on one account, when Kanal knows one. Products out only asks;
 * the price rules of prices out (flow 5's second half) answer. Without them
 * ({@link #NONE}) a WooCommerce draft or a BaseLinker product is created without a price, for
 * the seller to set, and Back Market, which lists nothing without a price, is not offered to
 * unless the operator names the price with the offer.
 */
public interface OfferPrices {

    /** Knows no prices. */
    OfferPrices NONE = (client, account, sku) -> Optional.empty();

    Optional<BigDecimal> price(String client, String account, String sku);

    /**
     * As {@link #price(String, String, String)}, also given the price on the source's product card
     * as it was just read (a shop's regular price; null when the card has none), for when Kanal
     * keeps no price of the SKU itself.
     */
    default Optional<BigDecimal> price(String client, String account, String sku, BigDecimal cardPrice) {
        return price(client, account, sku);
    }
}
