package dev.kanal.inventory;

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
import java.util.Objects;

/**
 * A client-defined state of stock (available, repair, incoming, vendor RMA, ...). A table, not an
 * enum, because each client has its own set; channel accounts choose which ones count as on hand.
 */
@Entity
@Table(name = "inventory_status")
public class InventoryStatus {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "client_id", nullable = false, updatable = false)
    private Client client;

    @Column(nullable = false, length = 64, updatable = false)
    private String code;

    @Column(nullable = false)
    private String name;

    protected InventoryStatus() {
    }

    public InventoryStatus(Client client, String code, String name) {
        this.client = Objects.requireNonNull(client, "client");
        this.code = Objects.requireNonNull(code, "code");
        this.name = Objects.requireNonNull(name, "name");
    }

    public Long getId() {
        return id;
    }

    public Client getClient() {
        return client;
    }

    public String getCode() {
        return code;
    }

    public String getName() {
        return name;
    }

    public void rename(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
        return "InventoryStatus[" + code + "]";
    }
}
