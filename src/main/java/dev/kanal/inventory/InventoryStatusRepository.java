package dev.kanal.inventory;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface InventoryStatusRepository extends JpaRepository<InventoryStatus, Long> {

    Optional<InventoryStatus> findByClientIdAndCode(Long clientId, String code);
}
