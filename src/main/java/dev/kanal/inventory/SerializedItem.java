package dev.kanal.inventory;

import dev.kanal.catalog.Variation;
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

/** One physical unit, identified by serial number or IMEI (unique per client). */
@Entity
@Table(name = "serialized_item")
public class SerializedItem {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "client_id", nullable = false, updatable = false)
    private Client client;

    @Column(nullable = false, length = 64, updatable = false)
    private String serial;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "variation_id", nullable = false)
    private Variation variation;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "warehouse_id", nullable = false)
    private Warehouse warehouse;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "inventory_status_id", nullable = false)
    private InventoryStatus inventoryStatus;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected SerializedItem() {
    }

    public SerializedItem(Client client, String serial, Variation variation, Warehouse warehouse,
            InventoryStatus inventoryStatus) {
        this.client = Objects.requireNonNull(client, "client");
        this.serial = Objects.requireNonNull(serial, "serial");
        this.variation = Objects.requireNonNull(variation, "variation");
        this.warehouse = Objects.requireNonNull(warehouse, "warehouse");
        this.inventoryStatus = Objects.requireNonNull(inventoryStatus, "inventoryStatus");
        this.updatedAt = Instant.now();
    }

    /** The unit moved and/or changed status in the source. */
    public void moveTo(Warehouse warehouse, InventoryStatus inventoryStatus) {
        this.warehouse = Objects.requireNonNull(warehouse, "warehouse");
        this.inventoryStatus = Objects.requireNonNull(inventoryStatus, "inventoryStatus");
        this.updatedAt = Instant.now();
    }

    /** The unit was re-graded or its conditions changed (e.g. after repair). */
    public void regrade(Variation variation) {
        this.variation = Objects.requireNonNull(variation, "variation");
        this.updatedAt = Instant.now();
    }

    public Long getId() {
        return id;
    }

    public Client getClient() {
        return client;
    }

    public String getSerial() {
        return serial;
    }

    public Variation getVariation() {
        return variation;
    }

    public Warehouse getWarehouse() {
        return warehouse;
    }

    public InventoryStatus getInventoryStatus() {
        return inventoryStatus;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    @Override
    public String toString() {
        return "SerializedItem[" + serial + "]";
    }
}
