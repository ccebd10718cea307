package dev.kanal.inventory;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface WarehouseRepository extends JpaRepository<Warehouse, Long> {

    Optional<Warehouse> findByClientIdAndCode(Long clientId, String code);

    /** Source pollers report warehouses by the source's own key (e.g. mag_Id). */
    Optional<Warehouse> findByClientIdAndSourceRef(Long clientId, String sourceRef);

    /** Allocation order: preferred (lowest priority number) first; id breaks ties deterministically. */
    List<Warehouse> findByClientIdAndFulfilmentCentreTrueOrderByPriorityAscIdAsc(Long clientId);
}
