package dev.kanal.inventory;

import dev.kanal.catalog.Sku;
import dev.kanal.client.Client;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
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
 * Aggregated stock of one SKU in one warehouse and inventory status, for sources that do not
 * track serials. One row per (sku, warehouse, status).
 */
@Entity
@Table(name = "stock_level")
public class StockLevel {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "client_id", nullable = false, updatable = false)
    private Client client;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "sku_id", nullable = false, updatable = false)
    private Sku sku;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "warehouse_id", nullable = false, updatable = false)
    private Warehouse warehouse;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "inventory_status_id", nullable = false, updatable = false)
    private InventoryStatus inventoryStatus;

    @Column(nullable = false)
    private int quantity;

    /**
     * Opaque digest of the source row this quantity came from; lets a poller skip rows that have
     * not changed without comparing every field.
     */
    @Column(name = "source_fingerprint", length = 128)
    private String sourceFingerprint;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected StockLevel() {
    }

    public StockLevel(Client client, Sku sku, Warehouse warehouse, InventoryStatus inventoryStatus,
            int quantity, String sourceFingerprint) {
        this.client = Objects.requireNonNull(client, "client");
        this.sku = Objects.requireNonNull(sku, "sku");
        this.warehouse = Objects.requireNonNull(warehouse, "warehouse");
        this.inventoryStatus = Objects.requireNonNull(inventoryStatus, "inventoryStatus");
        this.quantity = requireNonNegative(quantity);
        this.sourceFingerprint = sourceFingerprint;
        this.updatedAt = Instant.now();
    }

    /**
     * Records what the source reports now.
     *
     * @return true if the quantity changed, i.e. a {@code stock.changed} event is due
     */
    public boolean record(int quantity, String sourceFingerprint) {
        requireNonNegative(quantity);
        boolean changed = this.quantity != quantity;
        if (changed || !Objects.equals(this.sourceFingerprint, sourceFingerprint)) {
            this.quantity = quantity;
            this.sourceFingerprint = sourceFingerprint;
            this.updatedAt = Instant.now();
        }
        return changed;
    }

    private static int requireNonNegative(int quantity) {
        if (quantity < 0) {
            throw new IllegalArgumentException("stock quantity must be >= 0: " + quantity);
        }
        return quantity;
    }

    public Long getId() {
        return id;
    }

    public Client getClient() {
        return client;
    }

    public Sku getSku() {
        return sku;
    }

    public Warehouse getWarehouse() {
        return warehouse;
    }

    public InventoryStatus getInventoryStatus() {
        return inventoryStatus;
    }

    public int getQuantity() {
        return quantity;
    }

    public String getSourceFingerprint() {
        return sourceFingerprint;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
