package dev.kanal.sandbox.baselinker;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A product of the sandbox's inventory, or one of its variants: BaseLinker names both by ids
 * from one number space, which is why {@code updateInventoryProductsStock} takes either.
 * Guarded by the account's lock.
 */
final class SandboxProduct {

    final long id;
    /** 0 for a product, the product's id for a variant. */
    final long parentId;
    String sku;
    String ean;
    String name;
    BigDecimal price;
    /** Stock by warehouse id ({@code bl_1}). */
    final Map<String, Integer> stock = new TreeMap<>();
    /** A product's variants by id (empty for a variant or a simple product). */
    final Map<Long, SandboxProduct> variants = new LinkedHashMap<>();

    SandboxProduct(long id, long parentId) {
        this.id = id;
        this.parentId = parentId;
    }

    boolean hasVariants() {
        return !variants.isEmpty();
    }

    int totalStock() {
        return stock.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The product's price under the catalog's group; PHP's empty array {@code []} for a product created without one. */
    Object prices(long priceGroup) {
        if (price == null) {
            return java.util.List.of();
        }
        Map<String, Object> prices = new LinkedHashMap<>();
        prices.put(Long.toString(priceGroup), price);
        return prices;
    }
}
