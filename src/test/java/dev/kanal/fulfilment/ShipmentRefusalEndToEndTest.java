package dev.kanal.fulfilment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.KanalIntegrationTest;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;

/**
 * A write-once conflict on Back Market (the order line already holds another IMEI, set in the
 * back office) is a refusal the channel will repeat: the shipment keeps it as its
 * {@code channel_error}, the order gets one {@code SHIPMENT_REFUSED} event, and the message goes
 * to {@code kanal.shipments.dlq} once, on its first delivery, marked permanent; it is not retried.
 */
class ShipmentRefusalEndToEndTest extends KanalIntegrationTest {

    private static final AtomicInteger SKUS = new AtomicInteger();

    @Autowired JdbcTemplate jdbc;
    @Autowired ConnectionFactory connectionFactory;
    @Autowired ShipmentWriter shipmentWriter;

    private long clientId;

    @BeforeEach
    void seller() throws Exception {
        bm("GET", "/_control/listings", null);
        clientId = jdbc.queryForObject("SELECT id FROM client WHERE code = ?", Long.class, CLIENT);
    }

    @Test
    void aConflictingImeiEndsAsTheShipmentsChannelErrorWithOneDeadLetterNotRetried() throws Exception {
        String sku = stockInErp(3);
        String channelOrderId = bm("POST", "/_control/orders", Map.of("state", 1,
                "orderlines", List.of(Map.of("listing", sku, "quantity", 1, "price", "199.00")))).path("order_id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> "IN_ERP".equals(status(channelOrderId)));
        long orderId = orderId(channelOrderId);
        String line = bm("GET", "/_control/orders/" + channelOrderId, null).path("orderlines").get(0).path("id").asText();
        // someone registered another device on the line in Back Market's back office
        bm("PATCH", "/ws/orderlines/" + line, Map.of("imei", "353918051234561"));

        Answer shipped = http("POST", "/sandbox/subiekt/" + CLIENT + "/_control/shipments", Map.of(
                "reference", "bm-orders:" + channelOrderId, "carrier", "DPD", "tracking", "TRK-" + channelOrderId,
                "serials", Map.of(sku, List.of("356938035643809"))), null);
        assertThat(shipped.status()).as(shipped.json().toString()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM shipment WHERE order_id = ? AND channel_error IS NOT NULL", Integer.class, orderId) == 1);
        long shipmentId = jdbc.queryForObject("SELECT id FROM shipment WHERE order_id = ?", Long.class, orderId);
        List<Message> parked = awaitParked(shipmentId);
        awaitRouteRuns("shipment-poll-" + CLIENT, 2); // more shipment polls: time for any retry that should not happen
        parked = parked(shipmentId);
        assertThat(parked).as("dead-lettered once").hasSize(1);
        Message message = parked.get(0);
        assertThat(message.getStringProperty("kanalErrorPermanent")).isEqualTo("true");
        assertThat(message.getStringProperty("kanalDeliveryAttempts")).as("on its first delivery").isEqualTo("1");
        assertThat(message.getStringProperty("kanalErrorClass")).endsWith("ShipmentRefusedException");
        assertThat(message.getStringProperty("kanalErrorMessage")).contains("already holds imei 353918051234561", "356938035643809");

        Map<String, Object> shipment = jdbc.queryForMap("SELECT channel_error, channel_confirmed_at FROM shipment WHERE id = ?", shipmentId);
        assertThat((String) shipment.get("channel_error")).contains("already holds imei 353918051234561");
        assertThat(shipment.get("channel_confirmed_at")).isNull();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM order_event WHERE order_id = ? AND type = 'SHIPMENT_REFUSED'",
                Integer.class, orderId)).isEqualTo(1);
        assertThat(shipmentWriter.owed(Duration.ZERO)).as("the sweep does not resend a refused shipment").doesNotContain(shipmentId);
        JsonNode onChannel = bm("GET", "/_control/orders/" + channelOrderId, null);
        assertThat(onChannel.path("orderlines").get(0).path("imei").asText()).as("write-once").isEqualTo("353918051234561");
        assertThat(onChannel.path("orderlines").get(0).path("state").asInt()).as("the parcel itself was shipped").isEqualTo(3);
    }

    private List<Message> awaitParked(long shipmentId) {
        List<Message> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            found.clear();
            found.addAll(parked(shipmentId));
            return !found.isEmpty();
        });
        return found;
    }

    /** This shipment's messages on the shipments hop's dead-letter queue (browsed, not consumed). */
    private List<Message> parked(long shipmentId) {
        List<Message> found = new ArrayList<>();
        new JmsTemplate(connectionFactory).browse("kanal.shipments.dlq", (session, browser) -> {
            for (Object m : Collections.list(browser.getEnumeration())) {
                Message message = (Message) m;
                if (String.valueOf(shipmentId).equals(property(message))) {
                    found.add(message);
                }
            }
            return null;
        });
        return found;
    }

    private static String property(Message message) {
        try {
            Object id = message.getObjectProperty("kanalShipmentId");
            return id == null ? null : id.toString();
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    private String stockInErp(int onHand) throws Exception {
        String sku = "SRF-" + RUN + "-" + SKUS.incrementAndGet();
        Answer seeded = http("PUT", "/sandbox/subiekt/" + CLIENT + "/_control/stock", List.of(Map.of("symbol", sku, "name",
                "Phone " + sku, "warehouse", "MAG", "onHand", onHand, "reserved", 0, "blocked", false)), null);
        assertThat(seeded.status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject("""
                SELECT COUNT(*) FROM stock_level s JOIN sku k ON k.id = s.sku_id
                 WHERE k.client_id = ? AND k.code = ? AND s.quantity = ?""", Integer.class, clientId, sku, onHand) == 1);
        return sku;
    }

    private String status(String channelOrderId) {
        List<String> rows = jdbc.queryForList("SELECT o.status FROM sales_order o JOIN channel_account a ON a.id = o.channel_account_id "
                + "WHERE o.client_id = ? AND a.code = 'bm-orders' AND o.channel_order_id = ?", String.class, clientId, channelOrderId);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private long orderId(String channelOrderId) {
        return jdbc.queryForObject("SELECT o.id FROM sales_order o JOIN channel_account a ON a.id = o.channel_account_id "
                + "WHERE o.client_id = ? AND a.code = 'bm-orders' AND o.channel_order_id = ?", Long.class, clientId, channelOrderId);
    }

    private JsonNode bm(String method, String path, Object body) throws Exception {
        Answer answer = http(method, "/sandbox/backmarket" + path, body, "Basic " + BM_ORDERS_TOKEN);
        assertThat(answer.status()).as(method + " " + path + ": " + answer.json()).isBetween(200, 299);
        return answer.json();
    }
}
