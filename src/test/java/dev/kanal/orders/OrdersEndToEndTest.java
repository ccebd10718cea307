package dev.kanal.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.KanalIntegrationTest;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.connector.subiekt.SourceDataSources;
import jakarta.jms.ConnectionFactory;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;

/**
 * Flow 2 as one flow, import to ERP: orders placed on the channel sandboxes, imported by polls
 * and webhooks, translated, allocated, accepted on the channel and written to the sandbox ERP;
 * paid later and cancelled on the channel. Real broker, PostgreSQL and HTTP throughout.
 */
class OrdersEndToEndTest extends KanalIntegrationTest {

    private static final String WOO_SHOP = "/sandbox/woocommerce/_control/shops/" + WOO_ORDERS_KEY;
    private static final AtomicInteger SKUS = new AtomicInteger();

    @Autowired JdbcTemplate jdbc;
    @Autowired ConnectionFactory connectionFactory;
    @Autowired SourceDataSources sources;
    @Autowired ClientRegistry registry;

    private long clientId;

    @BeforeEach
    void shopAndSeller() throws Exception {
        http("POST", "/sandbox/woocommerce/_control/shops", Map.of("consumer_key", WOO_ORDERS_KEY,
                "consumer_secret", WOO_ORDERS_SECRET, "currency", "PLN"), null);
        bm("GET", "/_control/listings", null); // makes the Back Market seller known
        admin("POST", "/accounts/woo-orders/webhooks");
        clientId = jdbc.queryForObject("SELECT id FROM client WHERE code = ?", Long.class, CLIENT);
    }

    // ------------------------------------------------------------ Back Market: accepted after allocation

    @Test
    void aBackMarketOrderImportedByPollIsAcceptedOnTheChannelOnlyAfterAllocationAndWrittenOnce() throws Exception {
        String sku = stockInErp(5);
        long channelId = bm("POST", "/_control/orders", Map.of("state", 1,
                "orderlines", List.of(Map.of("listing", sku, "quantity", 2, "price", "199.00")))).path("order_id").asLong();
        String channelOrderId = String.valueOf(channelId);

        await().atMost(Duration.ofSeconds(30)).until(() -> "IN_ERP".equals(status("bm-orders", channelOrderId)));
        Map<String, Object> order = row("bm-orders", channelOrderId);
        long id = ((Number) order.get("id")).longValue();
        JsonNode onChannel = bm("GET", "/_control/orders/" + channelOrderId, null);
        assertThat(onChannel.path("orderlines").get(0).path("state").asInt()).as("line accepted").isEqualTo(2);
        assertThat(onChannel.path("state").asInt()).as("every line accepted: ship now").isEqualTo(3);
        assertThat(onChannel.path("updates")).hasSize(1);
        Instant acceptedAt = Instant.parse(onChannel.path("updates").get(0).path("at").asText());
        assertThat(acceptedAt).as("accepted after allocation committed")
                .isAfterOrEqualTo(((Timestamp) order.get("allocated_at")).toInstant());
        assertThat(allocatedUnits(id)).isEqualTo(2);
        assertThat(zks("bm-orders:" + channelOrderId)).containsExactly((String) order.get("erp_order_ref"));

        // the acceptance moved date_modification: the next polls import the order again (line state 2), and nothing repeats
        int polls = calls("GET /ws/orders");
        await().atMost(Duration.ofSeconds(15)).until(() -> calls("GET /ws/orders") >= polls + 3);
        assertThat(row("bm-orders", channelOrderId).get("channel_status")).isEqualTo("2");
        assertThat(bm("GET", "/_control/orders/" + channelOrderId, null).path("updates")).hasSize(1);
        assertThat(allocatedUnits(id)).isEqualTo(2);
        assertThat(zks("bm-orders:" + channelOrderId)).hasSize(1);
        assertThat(status("bm-orders", channelOrderId)).isEqualTo("IN_ERP");
    }

    @Test
    void aBackMarketOrderWithoutStockIsNeitherAcceptedNorWritten() throws Exception {
        String sku = stockInErp(0);
        String channelOrderId = bm("POST", "/_control/orders", Map.of("state", 1,
                "orderlines", List.of(Map.of("listing", sku, "quantity", 1, "price", "10.00")))).path("order_id").asText();

        await().atMost(Duration.ofSeconds(30)).until(() -> row("bm-orders", channelOrderId) != null
                && row("bm-orders", channelOrderId).get("allocated_at") != null);
        Thread.sleep(1500);
        assertThat(status("bm-orders", channelOrderId)).isEqualTo("HELD");
        assertThat(row("bm-orders", channelOrderId).get("hold_reason")).asString().startsWith("oversold");
        JsonNode onChannel = bm("GET", "/_control/orders/" + channelOrderId, null);
        assertThat(onChannel.path("orderlines").get(0).path("state").asInt()).as("still to decide").isEqualTo(1);
        assertThat(onChannel.path("updates")).isEmpty();
        assertThat(zks("bm-orders:" + channelOrderId)).isEmpty();
    }

    // ------------------------------------------------------------ paid later

    @Test
    void aWooCommerceOrderPaidLaterReachesTheErpWhenThePaymentArrives() throws Exception {
        String sku = stockInErp(5);
        String channelOrderId = http("POST", WOO_SHOP + "/orders", Map.of("status", "pending", "payment_method", "bacs",
                "shipping", Map.of("first_name", "Ewa", "last_name", "Lis"),
                "line_items", List.of(Map.of("sku", sku, "quantity", 1, "price", "349.00"))), null).json().path("id").asText();

        await().atMost(Duration.ofSeconds(30)).until(() -> "AWAITING_PAYMENT".equals(status("woo-orders", channelOrderId)));
        long id = ((Number) row("woo-orders", channelOrderId).get("id")).longValue();
        assertThat(allocatedUnits(id)).as("allocated while waiting for payment").isEqualTo(1);
        Thread.sleep(1500);
        assertThat(zks("woo-orders:" + channelOrderId)).as("not in the ERP before payment").isEmpty();

        Instant paidAt = Instant.now();
        http("PUT", WOO_SHOP + "/orders/" + channelOrderId, Map.of("set_paid", true), null); // pending -> processing
        await().atMost(Duration.ofSeconds(30)).until(() -> "IN_ERP".equals(status("woo-orders", channelOrderId)));
        // promptly: well before the sweep, which looks at orders allocated more than a minute ago
        assertThat(Duration.between(paidAt, Instant.now())).isLessThan(Duration.ofSeconds(30));
        Map<String, Object> order = row("woo-orders", channelOrderId);
        assertThat(order.get("paid")).isEqualTo(true);
        assertThat(order.get("mapped_status")).isEqualTo("TO_FULFIL");
        assertThat(order.get("erp_attempts")).isEqualTo(1);
        assertThat(allocatedUnits(id)).as("the re-hand-on allocates nothing twice").isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT type FROM order_event WHERE order_id = ? ORDER BY id", String.class, id))
                .containsExactly("ALLOCATED", "PAID", "IN_ERP");
        assertThat(zks("woo-orders:" + channelOrderId)).containsExactly((String) order.get("erp_order_ref"));
    }

    @Test
    void aBackMarketOrderPaidLaterIsAcceptedAndWrittenOnceThePaymentArrives() throws Exception {
        String sku = stockInErp(5);
        String channelOrderId = bm("POST", "/_control/orders", Map.of("state", 10,
                "orderlines", List.of(Map.of("listing", sku, "quantity", 1, "price", "99.00", "state", 8))))
                .path("order_id").asText();

        await().atMost(Duration.ofSeconds(30)).until(() -> "AWAITING_PAYMENT".equals(status("bm-orders", channelOrderId)));
        long id = ((Number) row("bm-orders", channelOrderId).get("id")).longValue();
        assertThat(allocatedUnits(id)).isEqualTo(1);
        Thread.sleep(1500);
        assertThat(bm("GET", "/_control/orders/" + channelOrderId, null).path("updates")).as("unpaid lines are not accepted")
                .isEmpty();
        assertThat(zks("bm-orders:" + channelOrderId)).isEmpty();

        bm("PATCH", "/_control/orders/" + channelOrderId, Map.of("state", 1, "lines_state", 1)); // the customer paid
        await().atMost(Duration.ofSeconds(30)).until(() -> "IN_ERP".equals(status("bm-orders", channelOrderId)));
        JsonNode onChannel = bm("GET", "/_control/orders/" + channelOrderId, null);
        assertThat(onChannel.path("orderlines").get(0).path("state").asInt()).isEqualTo(2);
        assertThat(onChannel.path("updates")).hasSize(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM order_event WHERE order_id = ? AND type = 'ACK_FAILED'",
                Integer.class, id)).isZero();
        assertThat(allocatedUnits(id)).isEqualTo(1);
        assertThat(zks("bm-orders:" + channelOrderId)).hasSize(1);
    }

    // ------------------------------------------------------------ cancelled on the channel

    @Test
    void anOrderCancelledOnTheChannelReleasesItsUnitsAndItsZkOnce() throws Exception {
        String sku = stockInErp(5);
        String channelOrderId = http("POST", WOO_SHOP + "/orders", Map.of("status", "processing", "payment_method", "bacs",
                "line_items", List.of(Map.of("sku", sku, "quantity", 2, "price", "10.00"))), null).json().path("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> "IN_ERP".equals(status("woo-orders", channelOrderId)));
        long id = ((Number) row("woo-orders", channelOrderId).get("id")).longValue();
        assertThat(zks("woo-orders:" + channelOrderId)).hasSize(1);
        Thread.sleep(1100); // the shop's clock has seconds: the change must be later than the creation

        http("PUT", WOO_SHOP + "/orders/" + channelOrderId, Map.of("status", "cancelled"), null);
        await().atMost(Duration.ofSeconds(30)).until(() -> "CANCELLED".equals(status("woo-orders", channelOrderId)));
        Map<String, Object> order = row("woo-orders", channelOrderId);
        assertThat(order.get("mapped_status")).isEqualTo("CANCELLED");
        assertThat(order.get("cancel_reason")).asString().contains("cancelled on the channel");
        assertThat(order.get("erp_order_ref")).isNull();
        assertThat(zks("woo-orders:" + channelOrderId)).as("the ZK is deleted in the ERP").isEmpty();
        assertThat(jdbc.queryForList("SELECT DISTINCT a.status FROM allocation a JOIN order_line l ON l.id = a.order_line_id "
                + "WHERE l.order_id = ?", String.class, id)).containsExactly("RELEASED");

        // the cancelled order delivered again (a webhook retry, a redelivered message): nothing more happens
        String body = http("GET", WOO_SHOP + "/orders/" + channelOrderId, null, null).json().toString();
        new JmsTemplate(connectionFactory).convertAndSend("kanal.orders.received", body, m -> {
            m.setStringProperty("kanalClient", CLIENT);
            m.setStringProperty("kanalAccount", "woo-orders");
            m.setStringProperty("kanalChannelOrderId", channelOrderId);
            m.setStringProperty("kanalOrderSource", "webhook");
            return m;
        });
        Thread.sleep(3000);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM order_event WHERE order_id = ? AND type = 'CANCELLED'",
                Integer.class, id)).isEqualTo(1);
        assertThat(status("woo-orders", channelOrderId)).isEqualTo("CANCELLED");
    }

    @Test
    void anOrderFirstSeenCancelledIsOnlyRecordedAndAHeldOneIsCancelledWhenTheChannelCancelsIt() throws Exception {
        String sku = stockInErp(5);
        String already = http("POST", WOO_SHOP + "/orders", Map.of("status", "cancelled",
                "line_items", List.of(Map.of("sku", sku, "quantity", 1, "price", "10.00"))), null).json().path("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> row("woo-orders", already) != null);
        Thread.sleep(2000);
        long alreadyId = ((Number) row("woo-orders", already).get("id")).longValue();
        assertThat(status("woo-orders", already)).isEqualTo("CANCELLED");
        assertThat(row("woo-orders", already).get("allocated_at")).isNull();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM order_event WHERE order_id = ?", Integer.class, alreadyId))
                .as("no cancellation ran").isZero();

        String ghost = "GHOST-E2E-" + RUN + "-" + SKUS.incrementAndGet();
        String held = bm("POST", "/_control/orders", Map.of("state", 1,
                "orderlines", List.of(Map.of("listing", ghost, "quantity", 1, "price", "10.00")))).path("order_id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> "HELD".equals(status("bm-orders", held)));
        bm("PATCH", "/_control/orders/" + held, Map.of("lines_state", 4)); // Back Market cancelled the line
        await().atMost(Duration.ofSeconds(30)).until(() -> "CANCELLED".equals(status("bm-orders", held)));
        Map<String, Object> order = row("bm-orders", held);
        assertThat(order.get("hold_reason")).isNull();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM order_event WHERE order_id = ? AND type = 'CANCELLED'",
                Integer.class, order.get("id"))).isEqualTo(1);
    }

    // ------------------------------------------------------------ helpers

    /** A new SKU with {@code onHand} units in the sandbox ERP's MAG, once the source poller brought it into Kanal. */
    private String stockInErp(int onHand) throws Exception {
        String sku = "E2E-" + RUN + "-" + SKUS.incrementAndGet();
        Answer seeded = http("PUT", "/sandbox/subiekt/" + CLIENT + "/_control/stock", List.of(Map.of("symbol", sku, "name",
                "Phone " + sku, "warehouse", "MAG", "onHand", onHand, "reserved", 0, "blocked", false)), null);
        assertThat(seeded.status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject("""
                SELECT COUNT(*) FROM stock_level s JOIN sku k ON k.id = s.sku_id
                 WHERE k.client_id = ? AND k.code = ? AND s.quantity = ?""", Integer.class, clientId, sku, onHand) == 1);
        return sku;
    }

    private Map<String, Object> row(String account, String channelOrderId) {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT o.* FROM sales_order o JOIN channel_account a "
                + "ON a.id = o.channel_account_id WHERE o.client_id = ? AND a.code = ? AND o.channel_order_id = ?",
                clientId, account, channelOrderId);
        assertThat(rows.size()).as("one order per channel order").isLessThanOrEqualTo(1);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private String status(String account, String channelOrderId) {
        Map<String, Object> row = row(account, channelOrderId);
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

    private int calls(String endpoint) throws Exception {
        return bm("GET", "/_control/stats", null).path("calls").path(endpoint).asInt();
    }

    private JsonNode admin(String method, String path) throws Exception {
        Answer answer = http(method, "/admin/clients/" + CLIENT + path, null,
                "Basic " + Base64.getEncoder().encodeToString("admin:test-secret".getBytes(StandardCharsets.UTF_8)));
        assertThat(answer.status()).as(method + " " + path + ": " + answer.json()).isBetween(200, 299);
        return answer.json();
    }

    private JsonNode bm(String method, String path, Object body) throws Exception {
        Answer answer = http(method, "/sandbox/backmarket" + path, body, "Basic " + BM_ORDERS_TOKEN);
        assertThat(answer.status()).as(method + " " + path + ": " + answer.json()).isBetween(200, 299);
        return answer.json();
    }

}
