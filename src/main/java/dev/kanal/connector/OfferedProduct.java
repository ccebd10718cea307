package dev.kanal.connector;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A source product as Kanal offers it to a channel account (flow 5): what a channel needs to
 * create it (WooCommerce, BaseLinker) or to match it to its own catalogue (Back Market by EAN).
 *
 * @param sku        the client's SKU; the channel SKU of the listing that results
 * @param name       the source's name; only used at creation, never sent again
 * @param ean        the main barcode; null when the source has none
 * @param price      the gross price for this account; null when Kanal knows none (the channel
 *                   then gets the product without a price, e.g. a WooCommerce draft)
 * @param attributes name to value, in the source's order (empty when the source has none)
 * @param imageUrls  images by URL, first is the main one (empty when the source has none)
 */
public record OfferedProduct(String sku, String name, String ean, BigDecimal price, Map<String, String> attributes,
                             List<String> imageUrls) {

    public OfferedProduct {
        Objects.requireNonNull(sku, "sku");
        name = name == null || name.isBlank() ? sku : name.trim();
        ean = ean == null || ean.isBlank() ? null : ean.trim();
        attributes = attributes == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        imageUrls = imageUrls == null ? List.of() : List.copyOf(imageUrls);
    }

    public OfferedProduct(String sku, String name, String ean, BigDecimal price) {
        this(sku, name, ean, price, Map.of(), List.of());
    }
}
