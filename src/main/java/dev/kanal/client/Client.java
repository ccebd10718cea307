package dev.kanal.client;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/** One business using Kanal. */
@Entity
@Table(name = "client")
public class Client {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    /** The client id used everywhere (config files, queue headers, logs); never changes. */
    @Column(nullable = false, unique = true, length = 64, updatable = false)
    private String code;

    @Column(nullable = false)
    private String name;

    /**
     * True when every SKU names exactly one variation. When false, one SKU may cover several
     * variations and stock must be counted per variation where the channel maps variations.
     */
    @Column(name = "sku_unique", nullable = false)
    private boolean skuUnique = true;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected Client() {
    }

    public Client(String code, String name, boolean skuUnique) {
        this.code = Objects.requireNonNull(code, "code");
        this.name = Objects.requireNonNull(name, "name");
        this.skuUnique = skuUnique;
        this.createdAt = Instant.now();
    }

    public Long getId() {
        return id;
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

    public boolean isSkuUnique() {
        return skuUnique;
    }

    public void setSkuUnique(boolean skuUnique) {
        this.skuUnique = skuUnique;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    @Override
    public String toString() {
        return "Client[" + code + "]";
    }
}
