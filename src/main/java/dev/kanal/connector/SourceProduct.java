package dev.kanal.connector;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A product card of the source as products out reads it when a SKU is offered (flow 5): what a
 * channel needs to create the product or to match it to its own catalogue. Every kind of source
 * gives this one shape; what a source does not hold is null or empty.
 *
 * @param sku        the source's SKU, Kanal's SKU code
 * @param name       the source's name for it
 * @param ean        the main barcode (EAN/GTIN); null when the source has none
 * @param price      the source's own gross price for it; null when it has none. Never sent as it is:
 *                   it is the start of the account's price rule, like an ERP price level
 * @param attributes name to value in the source's order (a variation's options); empty when none
 * @param imageUrls  images by URL, the main one first; empty when none
 * @param withdrawn  deleted or blocked in the source: not to be offered
 */
public record SourceProduct(String sku, String name, String ean, BigDecimal price, Map<String, String> attributes,
                            List<String> imageUrls, boolean withdrawn) {

    public SourceProduct {
        Objects.requireNonNull(sku, "sku");
        ean = ean == null || ean.isBlank() ? null : ean.trim();
        attributes = attributes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        imageUrls = imageUrls == null ? List.of() : List.copyOf(imageUrls);
    }

    /** A card with name and barcode only (an ERP's, which keeps no images or attributes where Kanal reads). */
    public SourceProduct(String sku, String name, String ean, boolean withdrawn) {
        this(sku, name, ean, null, Map.of(), List.of(), withdrawn);
    }
}
