package dev.kanal.connector;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One sellable item of a source that is a shop (a simple product, or one variation of a variable
 * product), as its source connector read it: the SKU Kanal keys stock by, what it is, how many the
 * shop has, and the price the account's price rules start from (flow 5).
 *
 * @param sku        the shop's SKU, Kanal's SKU code; null when the shop gives none (such an item cannot be sold by Kanal)
 * @param productRef the shop's id of the product (of the parent, for a variation)
 * @param itemRef    the shop's id of this item ({@code productId} or {@code productId/variationId})
 * @param name       product name
 * @param attributes the variation's attributes (name to option), empty for a simple product
 * @param onHand     units on hand; null when the shop does not manage this item's stock
 * @param modifiedAt when the shop last changed it; null when it does not say
 * @param price      the shop's own price of the item, Kanal's source price at level 1 (WooCommerce: {@code regular_price},
 *                   decision 0046); null when the shop gives none, never zero or less
 */
public record SourceItem(String sku, String productRef, String itemRef, String name, Map<String, String> attributes,
                         Integer onHand, Instant modifiedAt, BigDecimal price) {

    public SourceItem {
        // in the shop's order: the variation's conditions are written from it and must not change from read to read
        attributes = attributes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        if (price != null && price.signum() <= 0) {
            throw new IllegalArgumentException("a source price is above zero, or none: " + price);
        }
    }

    /** What Kanal may sell of it: managed stock, never below zero; an unmanaged item counts nothing. */
    public int sellable() {
        return onHand == null ? 0 : Math.max(0, onHand);
    }
}
