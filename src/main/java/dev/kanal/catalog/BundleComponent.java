package dev.kanal.catalog;

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
 * One component of a bundle (kit) listing: selling one unit of the listing takes {@code units}
 * of {@code componentSku}. A listing with components is a bundle; its quantity is
 * min over components of floor(calc(component) / units).
 */
@Entity
@Table(name = "bundle_component")
public class BundleComponent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "listing_id", nullable = false, updatable = false)
    private Listing listing;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "component_sku_id", nullable = false, updatable = false)
    private Sku componentSku;

    @Column(nullable = false)
    private int units;

    protected BundleComponent() {
    }

    public BundleComponent(Listing listing, Sku componentSku, int units) {
        this.listing = Objects.requireNonNull(listing, "listing");
        this.componentSku = Objects.requireNonNull(componentSku, "componentSku");
        changeUnits(units);
    }

    public void changeUnits(int units) {
        if (units <= 0) {
            throw new IllegalArgumentException("bundle component units must be > 0: " + units);
        }
        this.units = units;
    }

    public Long getId() {
        return id;
    }

    public Listing getListing() {
        return listing;
    }

    public Sku getComponentSku() {
        return componentSku;
    }

    public int getUnits() {
        return units;
    }
}
