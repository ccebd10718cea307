package dev.kanal.orders;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface SalesOrderRepository extends JpaRepository<SalesOrder, Long> {

    /** The import idempotency key. */
    Optional<SalesOrder> findByClientIdAndChannelAccountIdAndChannelOrderId(Long clientId, Long channelAccountId,
            String channelOrderId);

    /** Shipments and status polls from the source name the order by its ERP reference. */
    Optional<SalesOrder> findByClientIdAndErpOrderRef(Long clientId, String erpOrderRef);

    List<SalesOrder> findByClientIdAndStatusIn(Long clientId, Collection<OrderStatus> statuses);
}
