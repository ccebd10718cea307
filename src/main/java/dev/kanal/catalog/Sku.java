package dev.kanal.catalog;

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
 * The client's stock-keeping code. Stock, allocations and bundle components count SKUs; when the
 * client's SKU uniqueness is off, one SKU covers several variations.
 */
@Entity
@Table(name = "sku")
public class Sku {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "client_id", nullable = false, updatable = false)
    private Client client;

    @Column(nullable = false, length = 128, updatable = false)
    private String code;

    protected Sku() {
    }

    public Sku(Client client, String code) {
        this.client = Objects.requireNonNull(client, "client");
        this.code = Objects.requireNonNull(code, "code");
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

    @Override
    public String toString() {
        return "Sku[" + code + "]";
    }
}
