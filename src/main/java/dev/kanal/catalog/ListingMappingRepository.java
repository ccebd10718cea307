package dev.kanal.catalog;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ListingMappingRepository extends JpaRepository<ListingMapping, Long> {

    Optional<ListingMapping> findByListingId(Long listingId);

    /** Listings to recalculate when a SKU's stock changes. */
    List<ListingMapping> findBySkuId(Long skuId);

    List<ListingMapping> findByVariationId(Long variationId);
}
