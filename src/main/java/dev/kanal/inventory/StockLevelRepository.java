package dev.kanal.inventory;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface StockLevelRepository extends JpaRepository<StockLevel, Long> {

    /** Upsert key of a source stock row. */
    Optional<StockLevel> findBySkuIdAndWarehouseIdAndInventoryStatusId(Long skuId, Long warehouseId,
            Long inventoryStatusId);

    List<StockLevel> findBySkuId(Long skuId);
}
