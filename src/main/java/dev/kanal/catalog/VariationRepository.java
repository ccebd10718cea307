package dev.kanal.catalog;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface VariationRepository extends JpaRepository<Variation, Long> {

    /** {@code conditions} must be canonical: pass it through {@link Variation#normalizeConditions}. */
    Optional<Variation> findByProductIdAndGradeAndConditions(Long productId, String grade, String conditions);

    /** All variations a SKU covers (several when the client's SKU uniqueness is off). */
    List<Variation> findBySkuId(Long skuId);
}
