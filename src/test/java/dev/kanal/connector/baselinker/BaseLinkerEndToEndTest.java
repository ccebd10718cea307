package dev.kanal.connector.baselinker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.KanalIntegrationTest;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.connector.subiekt.SourceDataSources;
import dev.kanal.sandbox.baselinker.BaseLinkerSandboxDriver;
import jakarta.jms.ConnectionFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;

/**
 * BaseLinker in the whole application: account bl of the end-to-end client (statuses mapped by
 * the sandbox's ids, Kanal's statuses named in its settings) against the BaseLinker sandbox over
 * HTTP, with the sandbox ERP, the broker and PostgreSQL. Stock out, orders in exactly once,
 * acknowledgement by status, shipping with tracking and cancellation, each seen on the sandbox.
 */
class BaseLinkerEndToEndTest extends KanalIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ACCOUNT = "bl";
    private static final long NEW = 8001;
    private static final long IN_PROGRESS = 8003;
    private static final long SHIPPED = 8004;
    private static final long CANCELLED = 8005;

    @Autowired JdbcTemplate jdbc;
    @Autowired ConnectionFactory connectionFactory;
    @Autowired SourceDataSources sources;
    @Autowired ClientRegistry registry;

    private BaseLinkerSandboxDriver baseLinker;
    private long clientId;
    private String prefix;

    @BeforeEach
    void account() {
        baseLinker = new BaseLinkerSandboxDriver(URI.create(baseUrl() + "/sandbox/baselinker"), BL_TOKEN);
        // The tests poll orders every second (two calls a poll, the journal's included): more than
        // BaseLinker's 100 a minute, so this token may make more. Kanal's budget for bl is 1,200.
        baseLinker.limit(6_000, 60);
        clientId = jdbc.queryForObject("SELECT id FROM client WHERE code = ?", Long.class, CLIENT);
        prefix = "BL" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
    }

    // ---------------------------------------------------------------- stock out

    @Test
    void anErpStockChangeReachesBaseLinkerAndABurstGoesInCallsOfAThousand() throws Exception {
        String single = prefix + "-ONE";
        erpStocks(List.of(single), i -> 4);
        awaitSkusKnown(prefix + "-ONE", 1);
        baseLinker.seedProducts(JSON.valueToTree(List.of(Map.of("sku", single, "name", single, "price", "10.00",
                "stock", Map.of("bl_1", 0)))));
        importListings();
        await().atMost(WAIT).until(() -> baseLinker.stockOf(single) == 4);
        awaitNothingPending();

        long before = baseLinker.calls("updateInventoryProductsStock");
        erpStocks(List.of(single), i -> 7);
        await().atMost(WAIT).until(() -> baseLinker.stockOf(single) == 7);
        awaitNothingPending();
        assertThat(baseLinker.calls("updateInventoryProductsStock") - before).as("one change, one call").isEqualTo(1);

        // a burst: n listings change in one ERP commit
        int n = 1_500;
        List<String> skus = IntStream.rangeClosed(1, n).mapToObj(i -> prefix + "-B" + i).toList();
        erpStocks(skus, i -> 5);
        awaitSkusKnown(prefix + "-B%", n);
        List<Map<String, Object>> products = new ArrayList<>();
        skus.forEach(sku -> products.add(Map.of("sku", sku, "name", sku, "price", "10.00", "stock", Map.of("bl_1", 5))));
        baseLinker.seedProducts(JSON.valueToTree(products)); // in step with the ERP: nothing to push after the import
        importListings();
        awaitNothingPending();
        long burstBefore = baseLinker.calls("updateInventoryProductsStock");

        erpStocks(skus, i -> 10 + i % 7);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Map<String, Integer> shown = new HashMap<>();
            baseLinker.stock().forEach(s -> shown.put(s.path("sku").asText(), s.path("stock").path("bl_1").asInt()));
            for (int i = 1; i <= n; i++) {
                assertThat(shown.get(skus.get(i - 1))).as(skus.get(i - 1)).isEqualTo(10 + i % 7);
            }
        });
        awaitNothingPending();
        assertThat(baseLinker.calls("updateInventoryProductsStock") - burstBefore)
                .as("updateInventoryProductsStock calls for %d changes: ceil(n / 1000)", n).isEqualTo((n + 999) / 1000);
        assertThat(baseLinker.stats().path("blockedAnswers").asInt()).as("never blocked").isZero();
    }

    // ---------------------------------------------------------------- orders in, acknowledgement

    @Test
    void anOrderPlacedOnBaseLinkerBecomesOneZkAndIsSetInProgressOnceAcrossRepeatedPollsAndRedelivery() throws Exception {
        String sku = stockInErp(5);
        long statusCallsBefore = baseLinker.calls("setOrderStatus");
        JsonNode placed = baseLinker.order(o -> o.put("sku", sku).put("quantity", 2).put("order_source", "ebay"));
        String channelOrderId = placed.path("order_id").asText();
        assertThat(placed.path("order_status_id").asLong()).isEqualTo(NEW);

        await().atMost(WAIT).until(() -> "IN_ERP".equals(status(channelOrderId)));
        await().atMost(WAIT).until(() -> baseLinker.orderNow(Long.parseLong(channelOrderId)).path("order_status_id").asLong()
                == IN_PROGRESS);
        long orderId = orderId(channelOrderId);
        assertThat(zks(channelOrderId)).containsExactly(erpRef(orderId));
        assertThat(allocatedUnits(orderId)).isEqualTo(2);
        assertThat(JSON.readTree(jdbc.queryForObject("SELECT channel_payload FROM sales_order WHERE id = ?", String.class,
                orderId)).path("order_source").asText()).as("the order's source is kept with it").isEqualTo("ebay");

        // the status change is in the journal: the next polls read the order again, and the 3 s overlap re-reads it too
        awaitRouteRuns("order-poll-" + CLIENT + "-" + ACCOUNT, 4);
        await().atMost(WAIT).until(() -> String.valueOf(IN_PROGRESS).equals(channelStatus(orderId)));
        // and the broker hands the same order over twice more (a redelivery, a second reader)
        String asPolled = baseLinker.orderNow(Long.parseLong(channelOrderId)).toString();
        receivedAgain(channelOrderId, asPolled);
        receivedAgain(channelOrderId, asPolled);
        awaitRouteRuns("order-poll-" + CLIENT + "-" + ACCOUNT, 2);

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sales_order o JOIN channel_account a ON a.id = o.channel_account_id "
                + "WHERE o.client_id = ? AND a.code = ? AND o.channel_order_id = ?", Integer.class, clientId, ACCOUNT, channelOrderId))
                .isEqualTo(1);
        assertThat(zks(channelOrderId)).as("one ZK").hasSize(1);
        assertThat(allocatedUnits(orderId)).isEqualTo(2);
        assertThat(status(channelOrderId)).isEqualTo("IN_ERP");
        assertThat(baseLinker.calls("setOrderStatus") - statusCallsBefore).as("status set once").isEqualTo(1);
    }

    // ---------------------------------------------------------------- shipping

    @Test
    void theErpsShipmentReachesBaseLinkerOnceWithItsTrackingNumber() throws Exception {
        String sku = stockInErp(5);
        String channelOrderId = placeAndAwaitInProgress(sku);
        long orderId = orderId(channelOrderId);
        long packagesBefore = baseLinker.calls("createPackageManual");
        long statusCallsBefore = baseLinker.calls("setOrderStatus");

        Answer shipped = http("POST", "/sandbox/subiekt/" + CLIENT + "/_control/shipments", Map.of(
                "reference", ACCOUNT + ":" + channelOrderId, "carrier", "DPD", "tracking", "TRK-" + channelOrderId), null);
        assertThat(shipped.status()).as(shipped.json().toString()).isEqualTo(201);

        await().atMost(WAIT).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM shipment WHERE order_id = ? AND channel_confirmed_at IS NOT NULL", Integer.class, orderId) == 1);
        assertThat(packagesOf(channelOrderId)).singleElement().satisfies(p -> {
            assertThat(p.path("courier_package_nr").asText()).isEqualTo("TRK-" + channelOrderId);
            assertThat(p.path("courier_code").asText()).as("BaseLinker's courier code").isEqualTo("dpd");
        });
        assertThat(baseLinker.orderNow(Long.parseLong(channelOrderId)).path("order_status_id").asLong()).isEqualTo(SHIPPED);
        assertThat(status(channelOrderId)).isEqualTo("SHIPPED");

        // the shipment handed over again, once as it is and once as if the first write died before its commit
        long shipmentId = jdbc.queryForObject("SELECT id FROM shipment WHERE order_id = ?", Long.class, orderId);
        sendShipment(shipmentId);
        jdbc.update("UPDATE shipment SET channel_confirmed_at = NULL WHERE id = ?", shipmentId);
        sendShipment(shipmentId);
        await().atMost(WAIT).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM shipment WHERE id = ? AND channel_confirmed_at IS NOT NULL", Integer.class, shipmentId) == 1);
        awaitRouteRuns("shipment-poll-" + CLIENT, 2);

        assertThat(packagesOf(channelOrderId)).as("one package").hasSize(1);
        assertThat(baseLinker.calls("createPackageManual") - packagesBefore).as("one createPackageManual").isEqualTo(1);
        assertThat(baseLinker.calls("setOrderStatus") - statusCallsBefore).as("shipped status set once").isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM shipment WHERE order_id = ? AND channel_error IS NOT NULL",
                Integer.class, orderId)).isZero();
    }

    // ---------------------------------------------------------------- cancellation

    @Test
    void anOperatorsCancellationReachesBaseLinkerOnce() throws Exception {
        String sku = stockInErp(5);
        String channelOrderId = placeAndAwaitInProgress(sku);
        long orderId = orderId(channelOrderId);
        long statusCallsBefore = baseLinker.calls("setOrderStatus");

        Answer accepted = http("POST", "/admin/clients/" + CLIENT + "/orders/" + orderId + "/cancel", Map.of(), admin());
        assertThat(accepted.status()).as(accepted.json().toString()).isEqualTo(202);
        long changeId = accepted.json().path("changeId").asLong();
        await().atMost(WAIT).until(() -> "APPLIED".equals(changeStatus(changeId)));

        assertThat(baseLinker.orderNow(Long.parseLong(channelOrderId)).path("order_status_id").asLong()).isEqualTo(CANCELLED);
        assertThat(jdbc.queryForObject("SELECT status FROM sales_order WHERE id = ?", String.class, orderId)).isEqualTo("CANCELLED");
        assertThat(allocatedUnits(orderId)).isZero();
        assertThat(zks(channelOrderId)).as("the ZK is gone from the ERP").isEmpty();

        // the change handed over again, once as it is and once as if the first delivery died before its commit
        sendChange(changeId);
        jdbc.update("UPDATE order_change SET status = 'PENDING', applied_at = NULL WHERE id = ?", changeId);
        sendChange(changeId);
        await().atMost(WAIT).until(() -> "APPLIED".equals(changeStatus(changeId))
                && jdbc.queryForObject("SELECT attempts FROM order_change WHERE id = ?", Integer.class, changeId) >= 2);
        // and the polls read the cancelled order back from the journal
        awaitRouteRuns("order-poll-" + CLIENT + "-" + ACCOUNT, 3);

        assertThat(baseLinker.calls("setOrderStatus") - statusCallsBefore).as("cancelled status set once").isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM order_event WHERE order_id = ? AND type = 'CANCELLED'",
                Integer.class, orderId)).isEqualTo(1);
    }

    // ---------------------------------------------------------------- helpers

    /** An Allegro order of one unit, imported, written to the ERP and moved to "In progress" on BaseLinker. */
    private String placeAndAwaitInProgress(String sku) {
        String channelOrderId = baseLinker.order(sku, 1).path("order_id").asText();
        await().atMost(WAIT).until(() -> "IN_ERP".equals(status(channelOrderId)));
        await().atMost(WAIT).until(() -> baseLinker.orderNow(Long.parseLong(channelOrderId)).path("order_status_id").asLong()
                == IN_PROGRESS);
        return channelOrderId;
    }

    private String stockInErp(int onHand) throws Exception {
        String sku = prefix + "-" + UUID.randomUUID().toString().substring(0, 4).toUpperCase();
        erpStocks(List.of(sku), i -> onHand);
        await().atMost(WAIT).until(() -> jdbc.queryForObject("""
                SELECT COUNT(*) FROM stock_level s JOIN sku k ON k.id = s.sku_id
                 WHERE k.client_id = ? AND k.code = ? AND s.quantity = ?""", Integer.class, clientId, sku, onHand) == 1);
        return sku;
    }

    /** Stock of these SKUs in MAG of the sandbox ERP, in one change; {@code onHand} by 1-based position. */
    private void erpStocks(List<String> skus, java.util.function.IntUnaryOperator onHand) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 1; i <= skus.size(); i++) {
            rows.add(Map.of("symbol", skus.get(i - 1), "name", skus.get(i - 1), "warehouse", "MAG",
                    "onHand", onHand.applyAsInt(i), "reserved", 0, "blocked", false));
        }
        Answer answer = http("PUT", "/sandbox/subiekt/" + CLIENT + "/_control/stock", rows, null);
        assertThat(answer.status()).as(answer.json().toString()).isEqualTo(200);
    }

    private void awaitSkusKnown(String pattern, int count) {
        await().atMost(WAIT).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM sku k WHERE k.client_id = ? AND k.code LIKE ?", Integer.class, clientId, pattern) == count);
    }

    private void importListings() throws Exception {
        Answer answer = http("POST", "/admin/clients/" + CLIENT + "/accounts/" + ACCOUNT + "/listings/import", null, admin());
        assertThat(answer.status()).as(answer.json().toString()).isBetween(200, 299);
    }

    /** No listing of bl waits for a push. */
    private void awaitNothingPending() {
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject("""
                SELECT count(*) FROM listing_push p JOIN channel_account a ON a.id = p.channel_account_id
                 WHERE a.client_id = ? AND a.code = ? AND %s""".formatted(dev.kanal.stock.ChannelStockWriter.IS_PENDING),
                Integer.class, clientId, ACCOUNT) == 0);
    }

    private void receivedAgain(String channelOrderId, String body) {
        new JmsTemplate(connectionFactory).convertAndSend("kanal.orders.received", body, m -> {
            m.setStringProperty("kanalClient", CLIENT);
            m.setStringProperty("kanalAccount", ACCOUNT);
            m.setStringProperty("kanalChannelOrderId", channelOrderId);
            m.setStringProperty("kanalOrderSource", "poll");
            return m;
        });
    }

    private void sendShipment(long shipmentId) {
        new JmsTemplate(connectionFactory).convertAndSend("kanal.shipments", String.valueOf(shipmentId), m -> {
            m.setLongProperty("kanalShipmentId", shipmentId);
            return m;
        });
    }

    private void sendChange(long changeId) {
        new JmsTemplate(connectionFactory).convertAndSend("kanal.order.changes", String.valueOf(changeId), m -> {
            m.setStringProperty("kanalOrderChangeId", String.valueOf(changeId));
            return m;
        });
    }

    private List<JsonNode> packagesOf(String channelOrderId) {
        List<JsonNode> packages = new ArrayList<>();
        baseLinker.packages().forEach(p -> {
            if (p.path("order_id").asText().equals(channelOrderId)) {
                packages.add(p);
            }
        });
        return packages;
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

    private String channelStatus(long orderId) {
        return jdbc.queryForObject("SELECT channel_status FROM sales_order WHERE id = ?", String.class, orderId);
    }

    private String erpRef(long orderId) {
        return jdbc.queryForObject("SELECT erp_order_ref FROM sales_order WHERE id = ?", String.class, orderId);
    }

    private String changeStatus(long changeId) {
        return jdbc.queryForObject("SELECT status FROM order_change WHERE id = ?", String.class, changeId);
    }

    private int allocatedUnits(long orderId) {
        return jdbc.queryForObject("SELECT COALESCE(SUM(a.quantity), 0) FROM allocation a JOIN order_line l "
                + "ON l.id = a.order_line_id WHERE l.order_id = ? AND a.status = 'OPEN'", Integer.class, orderId);
    }

    /** ZK numbers in the client's sandbox ERP for this BaseLinker order (reference {@code bl:<order id>}). */
    private List<String> zks(String channelOrderId) {
        return new JdbcTemplate(sources.of(CLIENT, registry.require(CLIENT).source())).queryForList(
                "SELECT dok_NrPelny FROM dok__Dokument WHERE dok_Typ = 16 AND dok_NrPelnyOryg = ?", String.class,
                ACCOUNT + ":" + channelOrderId);
    }

    private static String admin() {
        return "Basic " + Base64.getEncoder().encodeToString("admin:test-secret".getBytes(StandardCharsets.UTF_8));
    }
}
