package dev.kanal.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/**
 * Listing -> SKU, or listing -> variation; exactly one of the two (database CHECK
 * {@code ck_listing_mapping_one_target}). Which one a channel account uses is its
 * {@link dev.kanal.client.MappingMode}. A listing without a mapping is "unmapped".
 */
@Entity
@Table(name = "listing_mapping")
public class ListingMapping {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @OneToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "listing_id", nullable = false, unique = true, updatable = false)
    private Listing listing;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "sku_id")
    private Sku sku;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "variation_id")
    private Variation variation;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected ListingMapping() {
    }

    private ListingMapping(Listing listing, Sku sku, Variation variation) {
        this.listing = Objects.requireNonNull(listing, "listing");
        this.sku = sku;
        this.variation = variation;
        this.createdAt = Instant.now();
    }

    public static ListingMapping toSku(Listing listing, Sku sku) {
        return new ListingMapping(listing, Objects.requireNonNull(sku, "sku"), null);
    }

    public static ListingMapping toVariation(Listing listing, Variation variation) {
        return new ListingMapping(listing, null, Objects.requireNonNull(variation, "variation"));
    }

    /**
     * Remap in place. Deleting and re-inserting in one transaction would trip the unique key on
     * listing_id, because Hibernate flushes inserts before deletes.
     */
    public void remapToSku(Sku sku) {
        this.sku = Objects.requireNonNull(sku, "sku");
        this.variation = null;
    }

    public void remapToVariation(Variation variation) {
        this.variation = Objects.requireNonNull(variation, "variation");
        this.sku = null;
    }

    public Long getId() {
        return id;
    }

    public Listing getListing() {
        return listing;
    }

    /** Null when mapped to a variation. */
    public Sku getSku() {
        return sku;
    }

    /** Null when mapped to a SKU. */
    public Variation getVariation() {
        return variation;
    }

    public boolean isVariationMapping() {
        return variation != null;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
