package dev.kanal.orders;

import java.util.Collection;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface AllocationRepository extends JpaRepository<Allocation, Long> {

    List<Allocation> findByOrderLineId(Long orderLineId);

    List<Allocation> findByOrderLineOrderIdAndStatus(Long orderId, AllocationStatus status);

    /** "allocated" in the calculated quantity: open units of a SKU in the given warehouses. */
    @Query("""
            select coalesce(sum(a.quantity), 0) from Allocation a
            where a.sku.id = :skuId and a.warehouse.id in :warehouseIds
              and a.status = dev.kanal.orders.AllocationStatus.OPEN""")
    long sumOpenQuantity(@Param("skuId") Long skuId, @Param("warehouseIds") Collection<Long> warehouseIds);
}
