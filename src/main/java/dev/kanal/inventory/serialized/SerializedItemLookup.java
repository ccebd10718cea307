package dev.kanal.inventory.serialized;

import dev.kanal.client.Client;
import dev.kanal.client.ClientRepository;
import dev.kanal.inventory.SerializedItemRepository;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads one serialized item with its variation, SKU, warehouse and status. */
@Service
public class SerializedItemLookup {

    private final ClientRepository clients;
    private final SerializedItemRepository items;

    public SerializedItemLookup(ClientRepository clients, SerializedItemRepository items) {
        this.clients = clients;
        this.items = items;
    }

    /**
     * @return empty when the client has no item with this serial
     * @throws UnknownClientException when no client has this code
     */
    @Transactional(readOnly = true)
    public Optional<SerializedItemView> find(String clientCode, String serial) {
        Client client = clients.findByCode(clientCode).orElseThrow(() -> new UnknownClientException(clientCode));
        return items.findByClientIdAndSerial(client.getId(), serial).map(item -> {
            var variation = item.getVariation();
            return new SerializedItemView(
                    client.getCode(),
                    item.getSerial(),
                    new SerializedItemView.Variation(
                            variation.getId(),
                            variation.getProduct().getCode(),
                            variation.getProduct().getName(),
                            variation.getSku().getCode(),
                            variation.getGrade(),
                            List.copyOf(variation.getConditionSet())),
                    new SerializedItemView.Place(item.getWarehouse().getCode(), item.getWarehouse().getName()),
                    new SerializedItemView.Place(item.getInventoryStatus().getCode(),
                            item.getInventoryStatus().getName()),
                    item.getUpdatedAt());
        });
    }
}
