package dev.kanal.inventory;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface SerializedItemRepository extends JpaRepository<SerializedItem, Long> {

    Optional<SerializedItem> findByClientIdAndSerial(Long clientId, String serial);

    List<SerializedItem> findByClientIdAndSerialIn(Long clientId, Collection<String> serials);
}
