package dev.kanal.client.config;

/**
 * Internal order status a channel order status maps to (the right-hand side of a status map).
 * YAML: {@code awaiting-payment}, {@code to-fulfil}, {@code shipped}, {@code cancelled},
 * {@code refunded}, {@code ignore}.
 */
public enum MappedStatus {
    /** Placed, not paid yet: import and allocate, but do not fulfil. */
    AWAITING_PAYMENT,
    /** Paid (or cash on delivery): ready to be fulfilled. */
    TO_FULFIL,
    /** Shipped or completed on the channel. */
    SHIPPED,
    /** Cancelled before shipping: allocations are released. */
    CANCELLED,
    /** Refunded: allocations are released. */
    REFUNDED,
    /** Not an order Kanal should act on (e.g. failed payment). */
    IGNORE;

    /** The YAML spelling, e.g. {@code to-fulfil}. */
    public String code() {
        return KebabEnums.code(this);
    }
}
