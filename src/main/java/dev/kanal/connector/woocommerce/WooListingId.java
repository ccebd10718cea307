package dev.kanal.connector.woocommerce;

import java.util.Optional;

/**
 * A WooCommerce channel listing id: {@code productId} for a simple product,
 * {@code productId/variationId} for a variation.
 */
record WooListingId(long productId, Long variationId) {

    static WooListingId product(long productId) {
        return new WooListingId(productId, null);
    }

    static WooListingId variation(long productId, long variationId) {
        return new WooListingId(productId, variationId);
    }

    /** The id, or empty when the text is not a WooCommerce listing id. */
    static Optional<WooListingId> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            return positive(text).map(WooListingId::product);
        }
        Optional<Long> product = positive(text.substring(0, slash));
        Optional<Long> variation = positive(text.substring(slash + 1));
        return product.isPresent() && variation.isPresent()
                ? Optional.of(variation(product.get(), variation.get()))
                : Optional.empty();
    }

    boolean isVariation() {
        return variationId != null;
    }

    /** The id the batch item carries: the product's or the variation's. */
    long itemId() {
        return isVariation() ? variationId : productId;
    }

    private static Optional<Long> positive(String digits) {
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        long value = Long.parseLong(digits);
        return value > 0 ? Optional.of(value) : Optional.empty();
    }

    @Override
    public String toString() {
        return isVariation() ? productId + "/" + variationId : Long.toString(productId);
    }
}
