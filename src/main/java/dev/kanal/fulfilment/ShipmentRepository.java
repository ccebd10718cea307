package dev.kanal.fulfilment;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ShipmentRepository extends JpaRepository<Shipment, Long> {

    List<Shipment> findByOrderId(Long orderId);

    /** Shipments the channel writer still has to confirm for one client. */
    List<Shipment> findByOrderClientIdAndChannelConfirmedAtIsNull(Long clientId);
}
