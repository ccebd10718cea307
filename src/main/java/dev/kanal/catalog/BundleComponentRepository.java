package dev.kanal.catalog;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

public interface BundleComponentRepository extends JpaRepository<BundleComponent, Long> {

    /** The components of one bundle listing; empty when the listing is not a bundle. */
    List<BundleComponent> findByListingId(Long listingId);

    /** Bundles to recalculate when a component SKU's stock changes. */
    List<BundleComponent> findByComponentSkuId(Long componentSkuId);
}
