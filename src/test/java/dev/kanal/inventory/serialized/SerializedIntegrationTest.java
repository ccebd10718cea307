package dev.kanal.inventory.serialized;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.KanalIntegrationTest;
import dev.kanal.client.Client;
import dev.kanal.client.ClientRepository;
import dev.kanal.inventory.InventoryStatus;
import dev.kanal.inventory.InventoryStatusRepository;
import dev.kanal.inventory.StockChanged;
import dev.kanal.inventory.Warehouse;
import dev.kanal.inventory.WarehouseRepository;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jms.core.JmsTemplate;

/**
 * A client of its own per test (the database is shared and never wiped), with warehouses
 * {@code main}, {@code outlet} and statuses {@code available}, {@code repair}; and the
 * stock.changed messages sent for it.
 */
abstract class SerializedIntegrationTest extends KanalIntegrationTest {

    @Autowired ClientRepository clients;
    @Autowired WarehouseRepository warehouses;
    @Autowired InventoryStatusRepository statuses;
    @Autowired ConnectionFactory connectionFactory;
    @Autowired ObjectMapper json;
    @Value("${kanal.messaging.queues.stock-changed.name}") String stockChangedQueue;

    /** A new client with warehouses main and outlet and statuses available and repair. */
    Client newClient(boolean skuUnique) {
        String code = "ser-" + UUID.randomUUID().toString().substring(0, 8);
        Client client = clients.save(new Client(code, "Refurb " + code, skuUnique));
        warehouses.save(new Warehouse(client, "main", "Main warehouse", 1, true, null));
        warehouses.save(new Warehouse(client, "outlet", "Outlet shop", 2, true, null));
        statuses.save(new InventoryStatus(client, "available", "Available"));
        statuses.save(new InventoryStatus(client, "repair", "In repair"));
        return client;
    }

    /**
     * Every stock.changed message for this client sent since the last call. The calculator
     * consumes the queue itself, so tests read the broker's copy of it ({@link dev.kanal.TestBeans}).
     * The importer sends before it returns (after its commit), so a short wait for stragglers is enough.
     */
    List<StockChanged> takeStockChanged(String client) throws JMSException, java.io.IOException {
        JmsTemplate jms = new JmsTemplate(connectionFactory);
        jms.setReceiveTimeout(500);
        List<StockChanged> changes = new ArrayList<>();
        Message m;
        while ((m = jms.receiveSelected(dev.kanal.TestBeans.STOCK_CHANGED_COPY, "kanalClient = '" + client + "'")) != null) {
            changes.add(json.readValue(m.getBody(String.class), StockChanged.class));
        }
        return changes;
    }

    /** A valid IMEI: the payload with its Luhn check digit, computed by the test's own Luhn. */
    static String imei(String fourteenDigits) {
        return ImeiTest.withCheckDigit(fourteenDigits);
    }

    /** The same IMEI with its last digit wrong. */
    static String badImei(String fourteenDigits) {
        String valid = imei(fourteenDigits);
        return valid.substring(0, 14) + (char) ('0' + (valid.charAt(14) - '0' + 1) % 10);
    }
}
