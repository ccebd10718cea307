package dev.kanal.connector.walmart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.KanalIntegrationTest;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.connector.subiekt.SourceDataSources;
import jakarta.jms.ConnectionFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.camel.CamelContext;
import org.apache.camel.api.management.ManagedCamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;

/**
 * Walmart in the whole application: found through its {@code ChannelConnector} bean, its accounts
 * take part in every flow. Stock from the sandbox ERP reaches the Walmart sandbox (single calls,
 * and a burst as an inventory feed); an order placed through the sandbox's control API is polled,
 * imported once, translated, allocated, acknowledged once and written to the ERP as one ZK, also
 * when polls read it again and its message is delivered twice; the ERP's shipment reaches Walmart
 * once with its tracking; an operator's cancellation reaches Walmart once. Real broker, PostgreSQL
 * and HTTP throughout.
 */
class WalmartEndToEndTest extends KanalIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final AtomicInteger SKUS = new AtomicInteger();

    @Autowired JdbcTemplate jdbc;
    @Autowired ConnectionFactory connectionFactory;
    @Autowired SourceDataSources sources;
    @Autowired ClientRegistry registry;
    @Autowired CamelContext camel;

    private WalmartSandboxClient stockSeller;
    private WalmartSandboxClient orderSeller;
    private long clientId;
    private String prefix;

    @BeforeEach
    void sellers() {
        URI walmart = URI.create(baseUrl() + "/sandbox/walmart");
        stockSeller = WalmartSandboxClient.seller(walmart, WM_CLIENT_ID, WM_SECRET);
        orderSeller = WalmartSandboxClient.seller(walmart, WM_ORDERS_CLIENT_ID, WM_ORDERS_SECRET);
        stockSeller.stats(); // the first control request makes the seller known
        orderSeller.stats();
        clientId = jdbc.queryForObject("SELECT id FROM client WHERE code = ?", Long.class, CLIENT);
        prefix = "W" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
    }

    // ------------------------------------------------------------ stock out

    @Test
    void anErpStockChangeReachesWalmartBySingleInventoryCalls() throws Exception {
        String sku = prefix + "-IP8";
        erpStock(List.of(Map.of("symbol", sku, "name", sku, "warehouse", "MAG", "onHand", 5, "reserved", 0, "blocked", false),
                Map.of("symbol", sku, "name", sku, "warehouse", "WRO", "onHand", 3, "reserved", 1, "blocked", false)));
        awaitSkusKnown(prefix + "-IP8", 1);
        item(stockSeller, sku, 0);
        importListings("wm");

        // wm counts MAG and WRO: 5 + 3 - 1 reserved in the ERP
        await().atMost(WAIT).until(() -> stockSeller.inventory().get(sku) == 7);
        long feedsBefore = stockSeller.stats().path("feeds").asLong();

        erpStock(List.of(Map.of("symbol", sku, "name", sku, "warehouse", "MAG", "onHand", 2, "reserved", 0, "blocked", false)));
        await().atMost(WAIT).until(() -> stockSeller.inventory().get(sku) == 4);
        List<JsonNode> updates = stockSeller.list("inventory/updates").stream()
                .filter(u -> sku.equals(u.path("sku").asText())).toList();
        assertThat(updates).extracting(u -> u.path("quantity").path("amount").asInt()).as("PUT /v3/inventory bodies")
                .containsExactly(7, 4);
        assertThat(stockSeller.stats().path("feeds").asLong()).as("no feed for a single change").isEqualTo(feedsBefore);
    }

    /** 60 listings change at once: Walmart gets inventory feeds, not 60 single calls, and ends at the right quantities. */
    @Test
    void aBurstOfStockChangesGoesToWalmartAsAnInventoryFeed() throws Exception {
        int n = 60;
        List<String> skus = IntStream.rangeClosed(1, n).mapToObj(i -> prefix + "-B" + i).toList();
        erpStocks(skus, i -> 5);
        awaitSkusKnown(prefix + "-B%", n);
        List<Map<String, Object>> items = new ArrayList<>();
        skus.forEach(sku -> items.add(Map.of("sku", sku, "quantity", 5))); // in step with the ERP
        stockSeller.send("POST", "/items", WalmartSandboxClient.JSON.valueToTree(items), 201);
        importListings("wm");
        await().atMost(WAIT).until(() -> pending(prefix + "-B%") == 0);
        JsonNode before = stockSeller.stats();

        erpStocks(skus, i -> 10 + i);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Map<String, Integer> shown = stockSeller.inventory();
            for (int i = 1; i <= n; i++) {
                assertThat(shown.get(skus.get(i - 1))).as(skus.get(i - 1)).isEqualTo(10 + i);
            }
        });
        await().atMost(WAIT).until(() -> pending(prefix + "-B%") == 0);
        JsonNode after = stockSeller.stats();
        long feeds = after.path("feeds").asLong() - before.path("feeds").asLong();
        long singleCalls = calls(after, "PUT /v3/inventory") - calls(before, "PUT /v3/inventory");
        long allCalls = after.path("totalCalls").asLong() - before.path("totalCalls").asLong();
        assertThat(feeds).as("inventory feeds").isBetween(1L, 3L);
        assertThat(singleCalls).as("single inventory calls").isLessThan(n / 2);
        assertThat(allCalls).as("API calls for " + n + " changes, feeds, their status polls and the token included")
                .isLessThan(n / 2);
    }

    // ------------------------------------------------------------ orders in, acknowledgement, ERP

    @Test
    void aWalmartOrderBecomesOneZkAndIsAcknowledgedOnceAcrossRepeatedPollsAndARedeliveredMessage() throws Exception {
        String sku = stockInErp(5);
        JsonNode placed = orderSeller.order(sku, 2); // Walmart gives each unit a line of its own
        String po = placed.path("purchaseOrderId").asText();

        await().atMost(WAIT).until(() -> "IN_ERP".equals(status(po)));
        Map<String, Object> order = row(po);
        long id = ((Number) order.get("id")).longValue();
        assertThat(order.get("customer_name")).as("organization-type channel-name").isEqualTo("Walmart");
        assertThat(order.get("mapped_status")).isEqualTo("TO_FULFIL");
        assertThat(order.get("currency")).isEqualTo("USD");
        assertThat(jdbc.queryForList("SELECT channel_line_id FROM order_line WHERE order_id = ? ORDER BY line_no", String.class, id))
                .containsExactly("1", "2");
        assertThat(allocatedUnits(id)).isEqualTo(2);
        assertThat(zks("wm-orders:" + po)).containsExactly((String) order.get("erp_order_ref"));
        await().atMost(WAIT).until(() -> acknowledgements(po) == 1);
        assertThat(orderSeller.order(po).path("orderLines").path("orderLine").findValuesAsText("status"))
                .containsOnly("Acknowledged");

        // the released list and the changed list show the order in every poll: nothing repeats
        awaitRouteRuns("order-poll-" + CLIENT + "-wm-orders", 3);
        // the order as first polled (Created), delivered again as if the broker redelivered it
        new JmsTemplate(connectionFactory).convertAndSend("kanal.orders.received", placed.toString(), m -> {
            m.setStringProperty("kanalClient", CLIENT);
            m.setStringProperty("kanalAccount", "wm-orders");
            m.setStringProperty("kanalChannelOrderId", po);
            m.setStringProperty("kanalOrderSource", "poll");
            return m;
        });
        awaitOrdersReceivedDrained();
        awaitRouteRuns("order-poll-" + CLIENT + "-wm-orders", 2);

        assertThat(row(po).get("id")).as("one order").isEqualTo(order.get("id"));
        assertThat(status(po)).isEqualTo("IN_ERP");
        assertThat(acknowledgements(po)).as("acknowledged once").isEqualTo(1);
        assertThat(allocatedUnits(id)).isEqualTo(2);
        assertThat(zks("wm-orders:" + po)).as("one ZK").hasSize(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM order_event WHERE order_id = ? AND type = 'IN_ERP'", Integer.class, id))
                .isEqualTo(1);
    }

    // ------------------------------------------------------------ shipment

    @Test
    void theErpsShipmentReachesWalmartOnceWithCarrierAndTracking() throws Exception {
        String sku = stockInErp(5);
        String po = orderSeller.order(sku, 1).path("purchaseOrderId").asText();
        await().atMost(WAIT).until(() -> "IN_ERP".equals(status(po)) && acknowledgements(po) == 1);
        long orderId = ((Number) row(po).get("id")).longValue();

        Answer shipped = http("POST", "/sandbox/subiekt/" + CLIENT + "/_control/shipments", Map.of(
                "reference", "wm-orders:" + po, "carrier", "UPS", "tracking", "1Z" + po,
                "tracking_url", "https://www.ups.com/track?tracknum=1Z" + po), null);
        assertThat(shipped.status()).as(shipped.json().toString()).isEqualTo(201);

        await().atMost(WAIT).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM shipment WHERE order_id = ? AND channel_confirmed_at IS NOT NULL", Integer.class, orderId) == 1);
        assertThat(shipments(po)).as("one ship call").isEqualTo(1);
        JsonNode status = orderSeller.order(po).path("orderLines").path("orderLine").get(0).path("orderLineStatuses")
                .path("orderLineStatus").get(0);
        assertThat(status.path("status").asText()).isEqualTo("Shipped");
        assertThat(status.path("trackingInfo").path("trackingNumber").asText()).isEqualTo("1Z" + po);
        assertThat(status.path("trackingInfo").path("carrierName").path("carrier").asText()).isEqualTo("UPS");
        await().atMost(WAIT).until(() -> "SHIPPED".equals(status(po)));

        // the shipment delivered again, once as if killed before its commit: Walmart already shows it
        long shipmentId = jdbc.queryForObject("SELECT id FROM shipment WHERE order_id = ?", Long.class, orderId);
        jdbc.update("UPDATE shipment SET channel_confirmed_at = NULL WHERE id = ?", shipmentId);
        new JmsTemplate(connectionFactory).convertAndSend("kanal.shipments", String.valueOf(shipmentId), m -> {
            m.setLongProperty("kanalShipmentId", shipmentId);
            return m;
        });
        await().atMost(WAIT).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM shipment WHERE id = ? AND channel_confirmed_at IS NOT NULL", Integer.class, shipmentId) == 1);
        awaitRouteRuns("shipment-poll-" + CLIENT, 2);
        assertThat(shipments(po)).as("still one ship call").isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM shipment WHERE order_id = ?", Integer.class, orderId)).isEqualTo(1);
    }

    // ------------------------------------------------------------ cancellation

    @Test
    void anOperatorsCancellationReachesWalmartOnceAlsoWhenItsChangeIsRedelivered() throws Exception {
        String sku = stockInErp(5);
        String po = orderSeller.order(sku, 2).path("purchaseOrderId").asText();
        await().atMost(WAIT).until(() -> "IN_ERP".equals(status(po)) && acknowledgements(po) == 1);
        long orderId = ((Number) row(po).get("id")).longValue();

        Answer accepted = http("POST", "/admin/clients/" + CLIENT + "/orders/" + orderId + "/cancel",
                Map.of("reason", "customer asked by phone", "lines", List.of(Map.of("line", 1))), admin());
        assertThat(accepted.status()).as(accepted.json().toString()).isEqualTo(202);
        long changeId = accepted.json().path("changeId").asLong();
        await().atMost(WAIT).until(() -> "APPLIED".equals(changeStatus(changeId)));
        assertThat(cancellations(po)).as("one cancel call").isEqualTo(1);
        assertThat(orderSeller.order(po).path("orderLines").path("orderLine").findValuesAsText("status"))
                .containsExactly("Cancelled", "Acknowledged");
        assertThat(allocatedUnits(orderId)).as("the cancelled unit released").isEqualTo(1);

        // delivered again as it is, and once more as if the first delivery had died before its commit
        send(changeId);
        jdbc.update("UPDATE order_change SET status = 'PENDING', applied_at = NULL WHERE id = ?", changeId);
        send(changeId);
        await().atMost(WAIT).until(() -> "APPLIED".equals(changeStatus(changeId))
                && jdbc.queryForObject("SELECT attempts FROM order_change WHERE id = ?", Integer.class, changeId) >= 2);
        awaitRouteRuns("order-poll-" + CLIENT + "-wm-orders", 2); // Walmart's view of the cancellation polled back
        assertThat(cancellations(po)).as("still one cancel call").isEqualTo(1);
        assertThat(allocatedUnits(orderId)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM order_change WHERE order_id = ?", Integer.class, orderId))
                .as("Walmart's own view of Kanal's cancellation is not a change of its own").isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM order_event WHERE order_id = ? AND type = 'LINES_CANCELLED'",
                Integer.class, orderId)).isEqualTo(1);
    }

    // ------------------------------------------------------------ helpers

    private static void item(WalmartSandboxClient seller, String sku, int quantity) {
        seller.send("POST", "/items", WalmartSandboxClient.JSON.valueToTree(List.of(Map.of("sku", sku, "quantity", quantity))), 201);
    }

    private long acknowledgements(String po) {
        return orderSeller.list("acknowledgements").stream().filter(a -> po.equals(a.path("purchaseOrderId").asText())).count();
    }

    private long shipments(String po) {
        return orderSeller.list("shipments").stream().filter(a -> po.equals(a.path("purchaseOrderId").asText())).count();
    }

    private long cancellations(String po) {
        return orderSeller.list("cancellations").stream().filter(a -> po.equals(a.path("purchaseOrderId").asText())).count();
    }

    private static long calls(JsonNode stats, String endpoint) {
        return stats.path("callsByEndpoint").path(endpoint).asLong();
    }

    /** The received-orders queue is empty and its import route has nothing in flight: a message sent before was handled. */
    private void awaitOrdersReceivedDrained() {
        var route = camel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class).getManagedRoute("order-import");
        JmsTemplate jms = new JmsTemplate(connectionFactory);
        await().atMost(WAIT).until(() -> Boolean.TRUE.equals(jms.browse("kanal.orders.received",
                (session, browser) -> !browser.getEnumeration().hasMoreElements())) && route.getExchangesInflight() == 0);
    }

    private void send(long changeId) {
        new JmsTemplate(connectionFactory).convertAndSend("kanal.order.changes", String.valueOf(changeId), m -> {
            m.setStringProperty("kanalOrderChangeId", String.valueOf(changeId));
            return m;
        });
    }

    private String changeStatus(long changeId) {
        return jdbc.queryForObject("SELECT status FROM order_change WHERE id = ?", String.class, changeId);
    }

    /** A new SKU with {@code onHand} units in the sandbox ERP's MAG, once the source poller brought it into Kanal. */
    private String stockInErp(int onHand) throws Exception {
        String sku = prefix + "-O" + SKUS.incrementAndGet();
        erpStock(List.of(Map.of("symbol", sku, "name", "Phone " + sku, "warehouse", "MAG", "onHand", onHand, "reserved", 0,
                "blocked", false)));
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject("""
                SELECT COUNT(*) FROM stock_level s JOIN sku k ON k.id = s.sku_id
                 WHERE k.client_id = ? AND k.code = ? AND s.quantity = ?""", Integer.class, clientId, sku, onHand) == 1);
        return sku;
    }

    private static void erpStock(List<Map<String, Object>> rows) throws Exception {
        Answer answer = http("PUT", "/sandbox/subiekt/" + CLIENT + "/_control/stock", rows, null);
        assertThat(answer.status()).as(answer.json().toString()).isEqualTo(200);
    }

    /** Many SKUs in one ERP change, on hand in MAG. */
    private static void erpStocks(List<String> skus, java.util.function.IntUnaryOperator onHand) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 1; i <= skus.size(); i++) {
            rows.add(Map.of("symbol", skus.get(i - 1), "name", skus.get(i - 1), "warehouse", "MAG",
                    "onHand", onHand.applyAsInt(i), "reserved", 0, "blocked", false));
        }
        erpStock(rows);
    }

    private void awaitSkusKnown(String codePattern, int count) {
        await().atMost(WAIT).until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM sku WHERE client_id = ? AND code LIKE ?",
                Integer.class, clientId, codePattern) == count);
    }

    /** Listings of the wm account with these SKUs whose target is not yet what Walmart shows. */
    private int pending(String skuPattern) {
        return jdbc.queryForObject("""
                SELECT count(*) FROM listing l JOIN listing_push p ON p.listing_id = l.id
                  JOIN channel_account a ON a.id = l.channel_account_id
                 WHERE a.client_id = ? AND a.code = 'wm' AND l.channel_sku LIKE ? AND (p.target_quantity IS NULL
                    OR p.target_quantity <> COALESCE(p.last_sent_quantity, p.channel_quantity))""",
                Integer.class, clientId, skuPattern);
    }

    private static void importListings(String account) throws Exception {
        Answer answer = http("POST", "/admin/clients/" + CLIENT + "/accounts/" + account + "/listings/import", null, admin());
        assertThat(answer.status()).as(answer.json().toString()).isBetween(200, 299);
    }

    private Map<String, Object> row(String po) {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT o.* FROM sales_order o JOIN channel_account a "
                + "ON a.id = o.channel_account_id WHERE o.client_id = ? AND a.code = 'wm-orders' AND o.channel_order_id = ?",
                clientId, po);
        assertThat(rows.size()).as("one order per channel order").isLessThanOrEqualTo(1);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private String status(String po) {
        Map<String, Object> row = row(po);
        return row == null ? null : (String) row.get("status");
    }

    private int allocatedUnits(long orderId) {
        return jdbc.queryForObject("SELECT COALESCE(SUM(a.quantity), 0) FROM allocation a JOIN order_line l "
                + "ON l.id = a.order_line_id WHERE l.order_id = ? AND a.status = 'OPEN'", Integer.class, orderId);
    }

    /** ZK numbers in the client's sandbox ERP with this channel reference ({@code <account>:<channel order id>}). */
    private List<String> zks(String reference) {
        return new JdbcTemplate(sources.of(CLIENT, registry.require(CLIENT).source())).queryForList(
                "SELECT dok_NrPelny FROM dok__Dokument WHERE dok_Typ = 16 AND dok_NrPelnyOryg = ?", String.class, reference);
    }

    private static String admin() {
        return "Basic " + Base64.getEncoder().encodeToString("admin:test-secret".getBytes(StandardCharsets.UTF_8));
    }
}
