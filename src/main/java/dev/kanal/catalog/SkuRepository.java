package dev.kanal.catalog;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface SkuRepository extends JpaRepository<Sku, Long> {

    Optional<Sku> findByClientIdAndCode(Long clientId, String code);

    /** Batch resolution of the SKUs named in one order or one stock poll. */
    List<Sku> findByClientIdAndCodeIn(Long clientId, Collection<String> codes);
}
