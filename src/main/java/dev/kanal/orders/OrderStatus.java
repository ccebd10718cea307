package dev.kanal.orders;

/**
 * Kanal's internal order status; channel statuses are mapped onto it per channel account.
 * Stored by name and guarded by {@code ck_sales_order_status}: adding a constant needs a migration.
 */
public enum OrderStatus {
    /** Imported, not yet translated and allocated. */
    RECEIVED,
    /** Needs a person: unmapped SKU, oversold, bad data; {@code hold_reason} says why. */
    HELD,
    /** Translated and allocated; waiting for the client's rule to send it to the source. */
    ACCEPTED,
    /** Allocated, but the client sends orders to the source only once paid. */
    AWAITING_PAYMENT,
    /** Created in the source system ({@code erp_order_ref} set). */
    IN_ERP,
    SHIPPED,
    CANCELLED;

    /** Open orders hold allocations: imported and neither shipped nor cancelled. */
    public boolean isOpen() {
        return this != SHIPPED && this != CANCELLED;
    }
}
