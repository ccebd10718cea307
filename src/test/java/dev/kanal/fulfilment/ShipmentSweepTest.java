package dev.kanal.fulfilment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.KanalIntegrationTest;
import dev.kanal.orders.OrderFixture;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import jakarta.jms.ConnectionFactory;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;

/** What the shipments sweep sends again: owed shipments of the clients configured here only. */
class ShipmentSweepTest extends KanalIntegrationTest {

    @Autowired JdbcTemplate jdbc;
    @Autowired ShipmentWriter writer;
    @Autowired ConnectionFactory connectionFactory;
    @Autowired CamelContext camel;

    @Test
    void anOwedShipmentOfAClientNoLongerConfiguredWaitsInsteadOfDeadLetteringEverySweep() {
        long configured = owedShipment(jdbc.queryForObject("SELECT id FROM client WHERE code = ?", Long.class, CLIENT));
        String gone = "gone-" + UUID.randomUUID().toString().substring(0, 8);
        jdbc.update("INSERT INTO client (code, name) VALUES (?, ?)", gone, gone);
        long ofGoneClient = owedShipment(jdbc.queryForObject("SELECT id FROM client WHERE code = ?", Long.class, gone));

        List<Long> owed = writer.owed(Duration.ZERO);

        assertThat(owed).contains(configured).doesNotContain(ofGoneClient);
    }

    @Test
    void whileTheShipmentsQueueHoldsABacklogTheSweepSendsNothingAgain() throws Exception {
        long owed = owedShipment(jdbc.queryForObject("SELECT id FROM client WHERE code = ?", Long.class, CLIENT));
        JmsTemplate jms = new JmsTemplate(connectionFactory);
        jms.setReceiveTimeout(5_000);
        camel.getRouteController().stopRoute("shipments-out"); // the hop busy elsewhere: its queue holds a message
        try {
            jms.convertAndSend("kanal.shipments", String.valueOf(owed), m -> {
                m.setLongProperty("kanalShipmentId", owed);
                return m;
            });
            assertThat(writer.owed()).as("the owed shipment is queued already").isEmpty();

            assertThat(jms.receive("kanal.shipments")).isNotNull(); // the backlog worked off
            assertThat(writer.owed()).as("queue drained: what is still owed was lost and goes again").contains(owed);
        } finally {
            camel.getRouteController().startRoute("shipments-out");
        }
    }

    /** An order of the client on one of its accounts (a new one for a client without any), shipped and not yet confirmed. */
    private long owedShipment(long clientId) {
        List<Long> accounts = jdbc.queryForList("SELECT id FROM channel_account WHERE client_id = ? ORDER BY id", Long.class, clientId);
        long accountId;
        if (accounts.isEmpty()) {
            jdbc.update("INSERT INTO channel_account (client_id, code, channel_type, mapping_mode) VALUES (?, 'old-shop', 'WOOCOMMERCE', 'SKU')", clientId);
            accountId = jdbc.queryForObject("SELECT id FROM channel_account WHERE client_id = ?", Long.class, clientId);
        } else {
            accountId = accounts.get(0);
        }
        long orderId = new OrderFixture(jdbc).order(clientId, accountId, true, false, List.of());
        jdbc.update("""
                INSERT INTO shipment (order_id, source, source_ref, carrier, tracking_number, shipped_at, created_at)
                VALUES (?, 'ADMIN', ?, 'DPD', 'TRK', CURRENT_TIMESTAMP - INTERVAL '5' MINUTE, CURRENT_TIMESTAMP - INTERVAL '5' MINUTE)""", orderId, "parcel-" + orderId);
        return jdbc.queryForObject("SELECT id FROM shipment WHERE order_id = ?", Long.class, orderId);
    }
}
