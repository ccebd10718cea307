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
    /** Gross price by price group id; empty for a product created without a price. */
    final Map<Long, BigDecimal> prices = new TreeMap<>();
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

    /** The product's prices by price group, as BaseLinker shows them; PHP's empty array {@code []} when it has none. */
    Object pricesView() {
        if (prices.isEmpty()) {
            return java.util.List.of();
        }
        Map<String, Object> view = new LinkedHashMap<>();
        prices.forEach((group, price) -> view.put(Long.toString(group), price));
        return view;
    }
}
