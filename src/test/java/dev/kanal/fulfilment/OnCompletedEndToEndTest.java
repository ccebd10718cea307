package dev.kanal.fulfilment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.KanalIntegrationTest;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.connector.subiekt.SourceDataSources;
import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.camel.CamelContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;

/**
 * {@code erp-push: on-completed} as one flow (docs/decisions/0021): a WooCommerce order the shop
 * completes itself reaches the ERP as exactly one ZK, is SHIPPED in Kanal, and its allocation
 * keeps subtracting the units until the ERP issues the WZ for that ZK; from then on only the ERP
 * stock does. The listing's quantity breakdown subtracts each unit once at every step. Real
 * broker, PostgreSQL and HTTP throughout.
 */
class OnCompletedEndToEndTest extends KanalIntegrationTest {

    private static final String SHOP = "/sandbox/woocommerce/_control/shops/" + WOO_COMPLETED_KEY;
    private static final String ACCOUNT = "woo-completed";
    private static final AtomicInteger SKUS = new AtomicInteger();

    @Autowired JdbcTemplate jdbc;
    @Autowired ConnectionFactory connectionFactory;
    @Autowired EmbeddedActiveMQ broker;
    @Autowired CamelContext camel;
    @Autowired SourceDataSources sources;
    @Autowired ClientRegistry registry;

    private long clientId;

    @BeforeEach
    void shop() throws Exception {
        http("POST", "/sandbox/woocommerce/_control/shops", Map.of("consumer_key", WOO_COMPLETED_KEY,
                "consumer_secret", WOO_COMPLETED_SECRET, "currency", "PLN"), null);
        clientId = jdbc.queryForObject("SELECT id FROM client WHERE code = ?", Long.class, CLIENT);
    }

    @AfterEach
    void gatewaySwitchesOff() throws Exception {
        http("DELETE", "/sandbox/subiekt/" + CLIENT + "/_control/gateway", null, null);
    }

    @Test
    void anOrderCompletedInTheShopIsOneZkAndItsUnitsAreSubtractedOnceUntilTheErpShipsThem() throws Exception {
        String sku = stockInErp(5);
        long listing = listing(sku);
        await().atMost(Duration.ofSeconds(30)).until(() -> breakdown(listing).path("quantity").asInt() == 5);

        String channelOrderId = http("POST", SHOP + "/orders", Map.of("status", "processing", "payment_method", "bacs",
                "shipping", Map.of("first_name", "Ewa", "last_name", "Lis"),
                "line_items", List.of(Map.of("sku", sku, "quantity", 2, "price", "10.00"))), null).json().path("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> "ACCEPTED".equals(status(channelOrderId)));
        long orderId = orderId(channelOrderId);
        String reference = ACCOUNT + ":" + channelOrderId;
        assertThat(openUnits(orderId)).isEqualTo(2);
        assertSubtractedOnce(listing, 5, 2);
        assertThat(zks(reference)).as("on-completed: not in the ERP while the shop has not shipped it").isEmpty();

        // the shop ships it itself; the first order/add commits and then times out: the retry must look it up
        long timeoutsBefore = gatewayStats().path("timeoutsAfterCommit").asLong();
        gateway(Map.of("commitThenTimeout", 1, "stallMs", 5000)); // the writer gives up after 2 s
        http("PUT", SHOP + "/orders/" + channelOrderId, Map.of("status", "completed"), null);
        await().atMost(Duration.ofSeconds(60)).until(() -> erpRef(orderId) != null);
        assertThat(zks(reference)).as("exactly one ZK").containsExactly(erpRef(orderId));
        assertThat(status(channelOrderId)).isEqualTo("SHIPPED");
        assertThat(gatewayStats().path("timeoutsAfterCommit").asLong() - timeoutsBefore).as("the ZK was made, the answer lost")
                .isEqualTo(1);
        int attempts = jdbc.queryForObject("SELECT erp_attempts FROM sales_order WHERE id = ?", Integer.class, orderId);
        assertThat(attempts).as("counted before each call").isBetween(1, 2);
        assertThat(jdbc.queryForObject("SELECT detail FROM order_event WHERE order_id = ? AND type = 'SHIPPED'", String.class, orderId))
                .contains("shipped by the channel", ACCOUNT, "completed");

        // redelivered hand-on, and the order polled again with a newer state: still one ZK, nothing consumed
        sendToErpWriter(orderId);
        sendToErpWriter(orderId);
        http("PUT", SHOP + "/orders/" + channelOrderId, Map.of("customer_note", "leave at the door"), null);
        await().atMost(Duration.ofSeconds(30)).until(() -> String.valueOf(jdbc.queryForObject(
                "SELECT channel_payload FROM sales_order WHERE id = ?", String.class, orderId)).contains("leave at the door"));
        await().atMost(Duration.ofSeconds(30)).until(() -> queued("kanal.orders.accepted") == 0);
        assertThat(zks(reference)).hasSize(1);
        assertThat(jdbc.queryForObject("SELECT erp_attempts FROM sales_order WHERE id = ?", Integer.class, orderId))
                .as("a ZK there: no attempt more").isEqualTo(attempts);

        // the ZK reserves nothing in the ERP and no WZ exists: the allocation must keep counting
        awaitRouteRuns("shipment-poll-" + CLIENT, 2); // a few shipment and stock polls (1 s)
        assertThat(openUnits(orderId)).as("not consumed before the ERP issues the WZ").isEqualTo(2);
        assertSubtractedOnce(listing, 5, 2);

        // the ERP operator issues the WZ for the ZK
        Answer issued = http("POST", "/sandbox/subiekt/" + CLIENT + "/_control/shipments", Map.of("reference", reference,
                "carrier", "DPD", "tracking", "WZ-" + channelOrderId), null);
        assertThat(issued.status()).as(issued.json().toString()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> openUnits(orderId) == 0);
        assertThat(jdbc.queryForList("SELECT a.status FROM allocation a JOIN order_line l ON l.id = a.order_line_id WHERE l.order_id = ?",
                String.class, orderId)).containsOnly("SHIPPED");
        await().atMost(Duration.ofSeconds(30)).until(() -> breakdown(listing).path("calculation").path("onHand").asInt() == 3);
        assertSubtractedOnce(listing, 3, 0);
        assertThat(status(channelOrderId)).isEqualTo("SHIPPED");

        // nothing goes back to the shop: it completed the order itself
        Long shipmentId = jdbc.queryForObject("SELECT id FROM shipment WHERE order_id = ?", Long.class, orderId);
        assertThat(jdbc.queryForObject("SELECT channel_confirmed_at IS NOT NULL FROM shipment WHERE id = ?", Boolean.class, shipmentId))
                .isTrue();
        // the kanal.shipments message of this shipment handled: the poll that recorded it has sent it
        // (no poll in flight) and the queue holds nothing, not even a message being delivered
        Queue shipments = broker.getActiveMQServer().locateQueue(SimpleString.of("kanal.shipments"));
        await().atMost(Duration.ofSeconds(30)).until(() -> camel.getInflightRepository().size("shipment-poll-" + CLIENT) == 0
                && shipments.getMessageCount() == 0 && camel.getInflightRepository().size("shipments-out") == 0);
        JsonNode calls = http("GET", SHOP + "/stats", null, null).json().path("calls");
        assertThat(calls.path("PUT /orders/{id}").asInt()).as("no status or tracking write").isZero();
        assertThat(calls.path("POST /orders/{id}/notes").asInt()).as("no tracking note").isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM order_event WHERE order_id = ? AND type IN ('SHIPMENT_ON_CHANNEL', "
                + "'SHIPMENT_REFUSED')", Integer.class, orderId)).isZero();
        assertThat(zks(reference)).hasSize(1);
    }

    @Test
    void anOrderStillInProgressInTheShopNeverReachesTheErp() throws Exception {
        String sku = stockInErp(3);
        String channelOrderId = http("POST", SHOP + "/orders", Map.of("status", "processing", "payment_method", "bacs",
                "line_items", List.of(Map.of("sku", sku, "quantity", 1, "price", "10.00"))), null).json().path("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> "ACCEPTED".equals(status(channelOrderId)));
        long orderId = orderId(channelOrderId);
        sendToErpWriter(orderId); // as the sweep or a stray message would
        await().atMost(Duration.ofSeconds(30)).until(() -> queued("kanal.orders.accepted") == 0);
        assertThat(zks(ACCOUNT + ":" + channelOrderId)).isEmpty();
        assertThat(jdbc.queryForObject("SELECT erp_attempts FROM sales_order WHERE id = ?", Integer.class, orderId)).isZero();
        assertThat(status(channelOrderId)).isEqualTo("ACCEPTED");
    }

    // ------------------------------------------------------------ helpers

    /** The breakdown shows the ERP stock and the open allocations, and the quantity subtracts each once. */
    private void assertSubtractedOnce(long listing, int onHand, int allocated) throws Exception {
        JsonNode explained = breakdown(listing);
        assertThat(explained.path("calculation").path("onHand").asInt()).as(explained.toString()).isEqualTo(onHand);
        assertThat(explained.path("calculation").path("allocated").asInt()).as(explained.toString()).isEqualTo(allocated);
        assertThat(explained.path("quantity").asInt()).as(explained.toString()).isEqualTo(onHand - allocated);
    }

    private JsonNode breakdown(long listing) throws Exception {
        return admin("GET", "/listings/" + listing + "/quantity", null);
    }

    /** A shop product with the SKU, imported as a listing of woo-completed (mapped to the SKU). */
    private long listing(String sku) throws Exception {
        Answer seeded = http("POST", SHOP + "/products", List.of(Map.of("name", sku, "sku", sku, "regular_price", "10.00",
                "manage_stock", true, "stock_quantity", 10)), null);
        assertThat(seeded.status()).as(seeded.json().toString()).isBetween(200, 299);
        String productId = seeded.json().get(0).path("id").asText();
        admin("POST", "/accounts/" + ACCOUNT + "/listings/import?wait=true", null);
        await().atMost(Duration.ofSeconds(30)).until(() -> !jdbc.queryForList("""
                SELECT l.id FROM listing l JOIN channel_account a ON a.id = l.channel_account_id
                 WHERE a.client_id = ? AND a.code = ? AND l.channel_listing_id = ?""", Long.class, clientId, ACCOUNT, productId).isEmpty());
        return jdbc.queryForObject("""
                SELECT l.id FROM listing l JOIN channel_account a ON a.id = l.channel_account_id
                 WHERE a.client_id = ? AND a.code = ? AND l.channel_listing_id = ?""", Long.class, clientId, ACCOUNT, productId);
    }

    private String stockInErp(int onHand) throws Exception {
        String sku = "ONC-" + RUN + "-" + SKUS.incrementAndGet();
        Answer seeded = http("PUT", "/sandbox/subiekt/" + CLIENT + "/_control/stock", List.of(Map.of("symbol", sku, "name",
                "Phone " + sku, "warehouse", "MAG", "onHand", onHand, "reserved", 0, "blocked", false)), null);
        assertThat(seeded.status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject("""
                SELECT COUNT(*) FROM stock_level s JOIN sku k ON k.id = s.sku_id
                 WHERE k.client_id = ? AND k.code = ? AND s.quantity = ?""", Integer.class, clientId, sku, onHand) == 1);
        return sku;
    }

    private void sendToErpWriter(long orderId) {
        new JmsTemplate(connectionFactory).convertAndSend("kanal.orders.accepted", String.valueOf(orderId), m -> {
            m.setStringProperty("kanalOrderId", String.valueOf(orderId));
            m.setStringProperty("kanalClient", CLIENT);
            return m;
        });
    }

    private int queued(String queue) {
        return new JmsTemplate(connectionFactory).browse(queue, (session, browser) -> Collections.list(browser.getEnumeration()).size());
    }

    private JsonNode gatewayStats() throws Exception {
        return http("GET", "/sandbox/subiekt/" + CLIENT + "/_control/gateway", null, null).json();
    }

    private void gateway(Map<String, Object> switches) throws Exception {
        assertThat(http("PUT", "/sandbox/subiekt/" + CLIENT + "/_control/gateway", switches, null).status()).isEqualTo(200);
    }

    /** ZK numbers in the client's sandbox ERP with this channel reference. */
    private List<String> zks(String reference) {
        return new JdbcTemplate(sources.of(CLIENT, registry.require(CLIENT).source())).queryForList(
                "SELECT dok_NrPelny FROM dok__Dokument WHERE dok_Typ = 16 AND dok_NrPelnyOryg = ?", String.class, reference);
    }

    private String status(String channelOrderId) {
        List<String> rows = jdbc.queryForList("SELECT o.status FROM sales_order o JOIN channel_account a ON a.id = o.channel_account_id "
                + "WHERE o.client_id = ? AND a.code = ? AND o.channel_order_id = ?", String.class, clientId, ACCOUNT, channelOrderId);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private long orderId(String channelOrderId) {
        return jdbc.queryForObject("SELECT o.id FROM sales_order o JOIN channel_account a ON a.id = o.channel_account_id "
                + "WHERE o.client_id = ? AND a.code = ? AND o.channel_order_id = ?", Long.class, clientId, ACCOUNT, channelOrderId);
    }

    private String erpRef(long orderId) {
        return jdbc.queryForObject("SELECT erp_order_ref FROM sales_order WHERE id = ?", String.class, orderId);
    }

    private int openUnits(long orderId) {
        return jdbc.queryForObject("SELECT COALESCE(SUM(a.quantity), 0) FROM allocation a JOIN order_line l "
                + "ON l.id = a.order_line_id WHERE l.order_id = ? AND a.status = 'OPEN'", Integer.class, orderId);
    }

    private JsonNode admin(String method, String path, Object body) throws Exception {
        Answer answer = http(method, "/admin/clients/" + CLIENT + path, body,
                "Basic " + Base64.getEncoder().encodeToString("admin:test-secret".getBytes(StandardCharsets.UTF_8)));
        assertThat(answer.status()).as(method + " " + path + ": " + answer.json()).isBetween(200, 299);
        return answer.json();
    }
}
