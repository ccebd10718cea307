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

/** A sellable model, e.g. "iPhone 8 Plus 64 GB Sprint rose gold"; graded units are its variations. */
@Entity
@Table(name = "product")
public class Product {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "client_id", nullable = false, updatable = false)
    private Client client;

    @Column(nullable = false, length = 128, updatable = false)
    private String code;

    @Column(nullable = false)
    private String name;

    @Column(length = 32)
    private String ean;

    /** The product's key in the source system, when it differs from the code. */
    @Column(name = "source_ref", length = 64)
    private String sourceRef;

    protected Product() {
    }

    public Product(Client client, String code, String name, String ean, String sourceRef) {
        this.client = Objects.requireNonNull(client, "client");
        this.code = Objects.requireNonNull(code, "code");
        this.name = Objects.requireNonNull(name, "name");
        this.ean = ean;
        this.sourceRef = sourceRef;
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

    public String getEan() {
        return ean;
    }

    public String getSourceRef() {
        return sourceRef;
    }

    /** Source product data changed (name or EAN corrected in the ERP). */
    public void updateFromSource(String name, String ean) {
        this.name = Objects.requireNonNull(name, "name");
        this.ean = ean;
    }

    @Override
    public String toString() {
        return "Product[" + code + "]";
    }
}
