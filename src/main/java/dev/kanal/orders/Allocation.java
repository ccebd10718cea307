package dev.kanal.orders;

import dev.kanal.catalog.Sku;
import dev.kanal.catalog.Variation;
import dev.kanal.inventory.SerializedItem;
import dev.kanal.inventory.Warehouse;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/**
 * A reservation of units of a SKU in one warehouse for one order line. While OPEN it is
 * subtracted from on-hand stock; it closes as SHIPPED (stock left the building and the source
 * will report it gone) or RELEASED (cancelled, returned to sellable stock). It belongs to the
 * order line, so it lives with orders: inventory knows nothing of orders.
 */
@Entity
@Table(name = "allocation")
public class Allocation {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "order_line_id", nullable = false, updatable = false)
    private OrderLine orderLine;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "sku_id", nullable = false, updatable = false)
    private Sku sku;

    /** Set when the line was mapped to a variation, so per-variation availability is exact. */
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "variation_id", updatable = false)
    private Variation variation;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "warehouse_id", nullable = false, updatable = false)
    private Warehouse warehouse;

    /** The exact unit reserved, for serialized stock; then quantity is 1. */
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "serialized_item_id", updatable = false)
    private SerializedItem serializedItem;

    @Column(nullable = false, updatable = false)
    private int quantity;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private AllocationStatus status;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "closed_at")
    private Instant closedAt;

    protected Allocation() {
    }

    /** Reserves {@code quantity} aggregated (non-serialized) units. */
    public Allocation(OrderLine orderLine, Sku sku, Variation variation, Warehouse warehouse, int quantity) {
        this(orderLine, sku, variation, warehouse, null, quantity);
    }

    /** Reserves one serialized unit, in the item's warehouse and variation. */
    public Allocation(OrderLine orderLine, Sku sku, SerializedItem item) {
        this(orderLine, sku, item.getVariation(), item.getWarehouse(), item, 1);
    }

    private Allocation(OrderLine orderLine, Sku sku, Variation variation, Warehouse warehouse,
            SerializedItem serializedItem, int quantity) {
        if (quantity <= 0) {
            throw new IllegalArgumentException("allocation quantity must be > 0: " + quantity);
        }
        this.orderLine = Objects.requireNonNull(orderLine, "orderLine");
        this.sku = Objects.requireNonNull(sku, "sku");
        this.variation = variation;
        this.warehouse = Objects.requireNonNull(warehouse, "warehouse");
        this.serializedItem = serializedItem;
        this.quantity = quantity;
        this.status = AllocationStatus.OPEN;
        this.createdAt = Instant.now();
    }

    /** Units go back to sellable stock (order cancelled or line changed). */
    public void release() {
        close(AllocationStatus.RELEASED);
    }

    /** Units left with a shipment. */
    public void markShipped() {
        close(AllocationStatus.SHIPPED);
    }

    private void close(AllocationStatus next) {
        if (status != AllocationStatus.OPEN) {
            throw new IllegalStateException("allocation " + id + " is already " + status);
        }
        this.status = next;
        this.closedAt = Instant.now();
    }

    public boolean isOpen() {
        return status == AllocationStatus.OPEN;
    }

    public Long getId() {
        return id;
    }

    public OrderLine getOrderLine() {
        return orderLine;
    }

    public Sku getSku() {
        return sku;
    }

    public Variation getVariation() {
        return variation;
    }

    public Warehouse getWarehouse() {
        return warehouse;
    }

    public SerializedItem getSerializedItem() {
        return serializedItem;
    }

    public int getQuantity() {
        return quantity;
    }

    public AllocationStatus getStatus() {
        return status;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getClosedAt() {
        return closedAt;
    }
}
