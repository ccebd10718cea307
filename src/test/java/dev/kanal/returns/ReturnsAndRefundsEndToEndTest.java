package dev.kanal.returns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.KanalIntegrationTest;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
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
 * Flow 4 after shipping, end to end: an order brought to a ZK and shipped in the sandbox ERP
 * (flows 2 and 3), then a refund after shipping on Back Market opens a return that the client's
 * rule applies; refunds an operator starts reach the channel once, within Back Market's budget.
 * Real broker, PostgreSQL and HTTP throughout.
 */
class ReturnsAndRefundsEndToEndTest extends KanalIntegrationTest {

    private static final String WOO_SHOP = "/sandbox/woocommerce/_control/shops/" + WOO_ORDERS_KEY;
    private static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("admin:test-secret".getBytes(StandardCharsets.UTF_8));
    private static final AtomicInteger SKUS = new AtomicInteger();

    @Autowired JdbcTemplate jdbc;
    @Autowired ConnectionFactory connectionFactory;

    private long clientId;

    @BeforeEach
    void shopAndSeller() throws Exception {
        http("POST", "/sandbox/woocommerce/_control/shops", Map.of("consumer_key", WOO_ORDERS_KEY,
                "consumer_secret", WOO_ORDERS_SECRET, "currency", "PLN"), null);
        bm("GET", "/_control/listings", null);
        clientId = jdbc.queryForObject("SELECT id FROM client WHERE code = ?", Long.class, CLIENT);
    }

    @Test
    void aRefundAfterShippingFaultyOnOpeningPutsTheUnitInRepairMakesTheErpReturnAndWaitsForInspection() throws Exception {
        String sku = stockInErp(5);
        String imei = imei("3569380" + String.format("%07d", (System.nanoTime() / 1000) % 10_000_000));
        Answer imported = http("POST", "/admin/clients/" + CLIENT + "/serialized-items", List.of(Map.of("serial", imei,
                "product_code", sku, "product_name", "Phone " + sku, "sku", sku, "grade", "A", "warehouse", "MAG",
                "inventory_status", "available")), ADMIN);
        assertThat(imported.status()).as(imported.json().toString()).isEqualTo(200);
        assertThat(imported.json().path("imported").asInt()).as(imported.json().toString()).isEqualTo(1);
        String channelOrderId = bm("POST", "/_control/orders", Map.of("state", 1,
                "orderlines", List.of(Map.of("listing", sku, "quantity", 1, "price", "199.00")))).path("order_id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> "IN_ERP".equals(status(channelOrderId)));
        long orderId = orderId(channelOrderId);
        assertThat(http("POST", "/sandbox/subiekt/" + CLIENT + "/_control/shipments", Map.of("reference", "bm-orders:" + channelOrderId,
                "carrier", "DPD", "tracking", "TRK-" + channelOrderId, "serials", Map.of(sku, List.of(imei))), null).status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM shipment WHERE order_id = ? AND channel_confirmed_at IS NOT NULL", Integer.class, orderId) == 1);
        assertThat(unitStatus(imei)).isEqualTo("sold");
        int erpStockBefore = erpStock(sku);

        // Back Market refunds the line after shipping: "faulty on opening" (return_reason 21)
        awaitNextWholeSecond();
        JsonNode line = bm("GET", "/_control/orders/" + channelOrderId, null).path("orderlines").get(0);
        bm("POST", "/ws/orders/" + channelOrderId, Map.of("order_id", Long.parseLong(channelOrderId), "new_state", 6,
                "sku", sku, "return_reason", 21, "return_message", "screen dead on arrival"));

        await().atMost(Duration.ofSeconds(90)).until(() -> "AWAITING_INSPECTION".equals(returnStatus(orderId)));
        Map<String, Object> opened = jdbc.queryForMap("SELECT * FROM order_return WHERE order_id = ?", orderId);
        assertThat(opened.get("reason")).isEqualTo("faulty-on-opening");
        assertThat(opened.get("return_key")).isEqualTo("bm-line:" + line.path("id").asText() + ":state6");
        assertThat(opened.get("unit_status")).isEqualTo("repair");
        assertThat(opened.get("restock")).isEqualTo("AFTER_INSPECTION");
        assertThat((String) opened.get("erp_document_ref")).startsWith("ZW ");
        assertThat(jdbc.queryForList("SELECT serial FROM return_line WHERE return_id = ?", String.class, opened.get("id")))
                .containsExactly(imei);
        assertThat(unitStatus(imei)).as("the unit by its IMEI").isEqualTo("repair");

        // the ERP holds the return document for the ZK, with the IMEI, and its stock did not rise (after inspection)
        JsonNode found = gateway("return/find", Map.of("reference", "bm-orders:" + channelOrderId + ":return-" + opened.get("id")));
        assertThat(found.path("data").path("returns")).hasSize(1);
        assertThat(found.path("data").path("returns").get(0).path("to_stock").asBoolean()).isFalse();
        assertThat(erpStock(sku)).isEqualTo(erpStockBefore);

        assertThat(jdbc.queryForList("SELECT type FROM order_event WHERE order_id = ? AND type LIKE 'RETURN%' ORDER BY id", String.class, orderId))
                .containsExactly("RETURN_OPENED", "RETURN_ERP_DOCUMENT", "RETURN_RECEIVED");

        // the return went over the order-changes hop: one RETURN change to the ERP, keyed by the return, applied once
        Map<String, Object> change = change(orderId, (String) opened.get("return_key"));
        assertThat(change.get("kind")).isEqualTo("RETURN");
        assertThat(change.get("direction")).isEqualTo("TO_ERP");
        assertThat(change.get("status")).isEqualTo("APPLIED");
        assertThat(change.get("lines").toString()).contains("\"quantity\":1");
        long changeId = ((Number) change.get("id")).longValue();

        // the same return seen again (more polls, a redelivered change): nothing changes
        long applyRuns = runs("order-changes");
        send(changeId);
        await().atMost(Duration.ofSeconds(30)).until(() -> runs("order-changes") >= applyRuns + 1);
        awaitRouteRuns("order-poll-" + CLIENT + "-bm-orders", 1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM order_return WHERE order_id = ?", Integer.class, orderId)).isEqualTo(1);
        assertThat(gateway("return/find", Map.of("reference", "bm-orders:" + channelOrderId + ":return-" + opened.get("id")))
                .path("data").path("returns")).hasSize(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM order_event WHERE order_id = ? AND type LIKE 'RETURN%'", Integer.class, orderId))
                .isEqualTo(3);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM order_change WHERE order_id = ? AND kind = 'RETURN'", Integer.class, orderId))
                .isEqualTo(1);
        assertThat(change(orderId, (String) opened.get("return_key")).get("status")).isEqualTo("APPLIED");
    }

    @Test
    void aRefundAnOperatorStartsIsMadeOnceOnWooCommerceHoweverOftenItIsDelivered() throws Exception {
        String sku = stockInErp(5);
        String channelOrderId = http("POST", WOO_SHOP + "/orders", Map.of("status", "processing", "payment_method", "bacs",
                "line_items", List.of(Map.of("sku", sku, "quantity", 2, "price", "10.00"))), null).json().path("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> "IN_ERP".equals(status("woo-orders", channelOrderId)));
        long orderId = orderId("woo-orders", channelOrderId);

        Answer bad = http("POST", "/admin/clients/" + CLIENT + "/orders/" + orderId + "/refunds",
                Map.of("lines", List.of(Map.of("line", 1, "quantity", 3), Map.of("line", 9, "quantity", 1))), ADMIN);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("problems").toString()).contains("lines[1]", "reason");

        Answer asked = http("POST", "/admin/clients/" + CLIENT + "/orders/" + orderId + "/refunds",
                Map.of("lines", List.of(Map.of("line", 1, "quantity", 1)), "reason", "scratched case", "key", "ticket-" + RUN + "-" + channelOrderId), ADMIN);
        assertThat(asked.status()).as(asked.json().toString()).isEqualTo(202);
        long refundId = asked.json().path("refundId").asLong();
        long changeId = asked.json().path("changeId").asLong();
        await().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(refundStatus(refundId)));
        await().atMost(Duration.ofSeconds(30)).until(() -> "APPLIED".equals(changeStatus(changeId)));
        Map<String, Object> change = change(orderId, "refund:admin:ticket-" + RUN + "-" + channelOrderId);
        assertThat(change.get("id")).isEqualTo(changeId);
        assertThat(change.get("kind")).isEqualTo("REFUND");
        assertThat(change.get("direction")).isEqualTo("TO_CHANNEL");
        assertThat(change.get("origin")).isEqualTo("ADMIN");

        // the same request again over HTTP, then the hop redelivered twice as if killed before either commit
        assertThat(http("POST", "/admin/clients/" + CLIENT + "/orders/" + orderId + "/refunds", Map.of("lines",
                List.of(Map.of("line", 1, "quantity", 1)), "reason", "scratched case", "key", "ticket-" + RUN + "-" + channelOrderId), ADMIN)
                .json().path("refundId").asLong()).isEqualTo(refundId);
        jdbc.update("UPDATE channel_refund SET status = 'PENDING', done_at = NULL WHERE id = ?", refundId);
        jdbc.update("UPDATE order_change SET status = 'PENDING', applied_at = NULL WHERE id = ?", changeId);
        long runsBefore = runs("order-changes");
        for (int i = 0; i < 2; i++) {
            send(changeId);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> runs("order-changes") >= runsBefore + 2);
        assertThat(refundStatus(refundId)).isEqualTo("DONE");
        assertThat(changeStatus(changeId)).isEqualTo("APPLIED");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM order_change WHERE order_id = ? AND kind = 'REFUND'", Integer.class, orderId))
                .isEqualTo(1);
        JsonNode refunds = wooApi("/orders/" + channelOrderId + "/refunds");
        assertThat(refunds).as("one refund on the channel").hasSize(1);
        assertThat(refunds.get(0).path("amount").asText()).isEqualTo("10.00");
        assertThat(refunds.get(0).path("line_items").get(0).path("quantity").asInt()).isEqualTo(-1);
        assertThat(jdbc.queryForList("SELECT type FROM order_event WHERE order_id = ? AND type LIKE 'REFUND%' ORDER BY id", String.class, orderId))
                .startsWith("REFUND_REQUESTED", "REFUND_ON_CHANNEL");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM order_return WHERE order_id = ?", Integer.class, orderId))
                .as("Kanal's own refund is no return").isZero();
    }

    @Test
    void backMarketRefundsStopAtTheDailyBudgetWithAClearReasonAndTheHopParksThemWithIt() throws Exception {
        String sku = stockInErp(5);
        String channelOrderId = bm("POST", "/_control/orders", Map.of("state", 1,
                "orderlines", List.of(Map.of("listing", sku, "quantity", 1, "price", "99.00")))).path("order_id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> "IN_ERP".equals(status(channelOrderId)));
        long orderId = orderId(channelOrderId);
        long accountId = jdbc.queryForObject("SELECT channel_account_id FROM sales_order WHERE id = ?", Long.class, orderId);
        Date today = Date.valueOf(LocalDate.now(ZoneOffset.UTC));
        jdbc.update("DELETE FROM refund_budget WHERE channel_account_id = ? AND budget_day = ?", accountId, today);
        jdbc.update("INSERT INTO refund_budget (channel_account_id, budget_day, used) VALUES (?, ?, 500)", accountId, today);
        try {
            Answer refused = http("POST", "/admin/clients/" + CLIENT + "/orders/" + orderId + "/refunds",
                    Map.of("lines", List.of(Map.of("line", 1, "quantity", 1)), "reason", "out of stock after all"), ADMIN);
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.json().path("error").asText()).contains("500 refund calls a day", "after midnight UTC");

            // a request stored while budget was left, carried when it is not: parked in the order-changes DLQ with its reason
            jdbc.update("UPDATE refund_budget SET used = 0 WHERE channel_account_id = ? AND budget_day = ?", accountId, today);
            Answer asked = http("POST", "/admin/clients/" + CLIENT + "/orders/" + orderId + "/refunds",
                    Map.of("lines", List.of(Map.of("line", 1, "quantity", 1)), "reason", "out of stock after all"), ADMIN);
            assertThat(asked.status()).as(asked.json().toString()).isEqualTo(202);
            long refundId = asked.json().path("refundId").asLong();
            await().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(refundStatus(refundId)));
            JsonNode onChannel = bm("GET", "/_control/orders/" + channelOrderId, null);
            assertThat(onChannel.path("orderlines").get(0).path("state").asInt()).as("refund_type 5 of an accepted line").isEqualTo(5);
            assertThat(jdbc.queryForObject("SELECT used FROM refund_budget WHERE channel_account_id = ? AND budget_day = ?", Integer.class,
                    accountId, today)).isEqualTo(1);

            String second = bm("POST", "/_control/orders", Map.of("state", 1,
                    "orderlines", List.of(Map.of("listing", sku, "quantity", 1, "price", "99.00")))).path("order_id").asText();
            await().atMost(Duration.ofSeconds(30)).until(() -> "IN_ERP".equals(status(second)));
            long parked = storedRefund(orderId(second), "parked-" + RUN + "-" + second);
            long parkedChange = jdbc.queryForObject("SELECT id FROM order_change WHERE change_key = ?", Long.class,
                    "refund:parked-" + RUN + "-" + second);
            jdbc.update("UPDATE refund_budget SET used = 500 WHERE channel_account_id = ? AND budget_day = ?", accountId, today);
            send(parkedChange);
            await().atMost(Duration.ofSeconds(30)).until(() -> !deadLetters(parkedChange).isEmpty());
            Message dead = deadLetters(parkedChange).get(0);
            assertThat(dead.getStringProperty("kanalErrorMessage")).contains("refund budget", "500");
            assertThat(dead.getStringProperty("kanalErrorPermanent")).isEqualTo("true");
            assertThat(refundStatus(parked)).isEqualTo("PENDING");
            assertThat(jdbc.queryForObject("SELECT detail FROM channel_refund WHERE id = ?", String.class, parked)).contains("500");
            assertThat(changeStatus(parkedChange)).as("postponed, not failed: a replay after midnight UTC refunds").isEqualTo("PENDING");
            assertThat(jdbc.queryForObject("SELECT detail FROM order_change WHERE id = ?", String.class, parkedChange))
                    .contains("refund budget");
        } finally {
            jdbc.update("DELETE FROM refund_budget WHERE channel_account_id = ? AND budget_day = ?", accountId, today);
        }
    }

    @Test
    void aReturnTheErpRefusesFailsItsOrderChangeAndIsParkedInTheOrderChangesDeadLetterQueueWithTheReason() throws Exception {
        String sku = stockInErp(5);
        String channelOrderId = http("POST", WOO_SHOP + "/orders", Map.of("status", "processing", "payment_method", "bacs",
                "line_items", List.of(Map.of("sku", sku, "quantity", 2, "price", "10.00"))), null).json().path("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> "IN_ERP".equals(status("woo-orders", channelOrderId)));
        long orderId = orderId("woo-orders", channelOrderId);

        // a return of more units than the ZK sold, recorded as detection records one: the ERP refuses its document
        String key = "woo-refund:test-" + RUN + "-" + channelOrderId;
        jdbc.update("""
                INSERT INTO order_return (order_id, return_key, origin, reason, restock, status, received_at, created_at)
                VALUES (?, ?, 'CHANNEL', 'withdrawal', 'ON_RECEIPT', 'OPEN', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)""", orderId, key);
        long returnId = jdbc.queryForObject("SELECT id FROM order_return WHERE order_id = ? AND return_key = ?", Long.class, orderId, key);
        jdbc.update("INSERT INTO return_line (return_id, order_line_id, quantity) SELECT ?, id, 5 FROM order_line WHERE order_id = ?",
                returnId, orderId);
        jdbc.update("""
                INSERT INTO order_change (order_id, direction, kind, origin, change_key, lines, reason, status, created_at)
                VALUES (?, 'TO_ERP', 'RETURN', 'CHANNEL', ?, '[]', 'test', 'PENDING', CURRENT_TIMESTAMP)""", orderId, key);
        long changeId = ((Number) change(orderId, key).get("id")).longValue();
        send(changeId);

        await().atMost(Duration.ofSeconds(30)).until(() -> !deadLetters(changeId).isEmpty());
        Message dead = deadLetters(changeId).get(0);
        assertThat(dead.getStringProperty("kanalErrorMessage")).contains("the ERP refused the return document", "quantity");
        assertThat(dead.getStringProperty("kanalErrorPermanent")).isEqualTo("true");
        assertThat(changeStatus(changeId)).isEqualTo("FAILED");
        assertThat(jdbc.queryForObject("SELECT detail FROM order_change WHERE id = ?", String.class, changeId)).contains("refused");
        assertThat(returnStatus(orderId)).as("the return waits for an operator").isEqualTo("OPEN");
        assertThat(jdbc.queryForObject("SELECT erp_error FROM order_return WHERE id = ?", String.class, returnId)).contains("quantity");
        assertThat(jdbc.queryForList("SELECT type FROM order_event WHERE order_id = ? AND type IN ('RETURN_ERP_REFUSED', 'CHANGE_FAILED') ORDER BY id",
                String.class, orderId)).containsExactly("RETURN_ERP_REFUSED", "CHANGE_FAILED");
    }

    // ------------------------------------------------------------ helpers

    @Autowired org.apache.camel.CamelContext camel;

    /** Exchanges the route has finished; -1 while one is in flight. */
    private long runs(String routeId) {
        var route = camel.getCamelContextExtension().getContextPlugin(org.apache.camel.api.management.ManagedCamelContext.class)
                .getManagedRoute(routeId);
        return route.getExchangesInflight() == 0 ? route.getExchangesTotal() : -1;
    }

    /** 14 digits and their Luhn check digit: an IMEI the serialized import accepts. */
    private static String imei(String fourteen) {
        int sum = 0;
        for (int i = 0; i < 14; i++) {
            int d = fourteen.charAt(13 - i) - '0';
            if (i % 2 == 0) {
                d *= 2;
                d = d > 9 ? d - 9 : d;
            }
            sum += d;
        }
        return fourteen + (10 - sum % 10) % 10;
    }

    /** A pending request for the whole first line of the order and its order change, stored as the admin call stores them (without sending it). */
    private long storedRefund(long orderId, String key) {
        jdbc.update("""
                INSERT INTO order_change (order_id, direction, kind, origin, change_key, lines, reason, status, created_at)
                VALUES (?, 'TO_CHANNEL', 'REFUND', 'ADMIN', ?, '[]', 'test', 'PENDING', CURRENT_TIMESTAMP)""", orderId, "refund:" + key);
        jdbc.update("INSERT INTO channel_refund (order_id, request_key, origin, reason, status) VALUES (?, ?, 'ADMIN', 'test', 'PENDING')",
                orderId, key);
        long id = jdbc.queryForObject("SELECT id FROM channel_refund WHERE request_key = ?", Long.class, key);
        jdbc.update("""
                INSERT INTO channel_refund_line (refund_id, order_line_id, quantity, amount)
                SELECT ?, id, quantity, unit_price * quantity FROM order_line WHERE order_id = ? AND line_no = 1""", id, orderId);
        return id;
    }

    /** Messages of the order change parked in the order-changes hop's dead-letter queue. */
    private List<Message> deadLetters(long changeId) {
        List<Message> found = new ArrayList<>();
        new JmsTemplate(connectionFactory).browse("kanal.order.changes.dlq", (session, browser) -> {
            for (Object m : Collections.list(browser.getEnumeration())) {
                Message message = (Message) m;
                if (String.valueOf(changeId).equals(String.valueOf(message.getObjectProperty("kanalOrderChangeId")))) {
                    found.add(message);
                }
            }
            return null;
        });
        return found;
    }

    /** The order-changes hop's message of one change, as the detectors send it. */
    private void send(long changeId) {
        new JmsTemplate(connectionFactory).convertAndSend("kanal.order.changes", String.valueOf(changeId), m -> {
            m.setStringProperty("kanalOrderChangeId", String.valueOf(changeId));
            return m;
        });
    }

    private Map<String, Object> change(long orderId, String key) {
        return jdbc.queryForMap("SELECT * FROM order_change WHERE order_id = ? AND change_key = ?", orderId, key);
    }

    private String changeStatus(long changeId) {
        return jdbc.queryForObject("SELECT status FROM order_change WHERE id = ?", String.class, changeId);
    }

    private String stockInErp(int onHand) throws Exception {
        String sku = "RET-" + RUN + "-" + SKUS.incrementAndGet();
        Answer seeded = http("PUT", "/sandbox/subiekt/" + CLIENT + "/_control/stock", List.of(Map.of("symbol", sku, "name",
                "Phone " + sku, "warehouse", "MAG", "onHand", onHand, "reserved", 0, "blocked", false)), null);
        assertThat(seeded.status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject("""
                SELECT COUNT(*) FROM stock_level s JOIN sku k ON k.id = s.sku_id
                 WHERE k.client_id = ? AND k.code = ? AND s.quantity = ?""", Integer.class, clientId, sku, onHand) == 1);
        return sku;
    }

    private int erpStock(String sku) throws Exception {
        JsonNode product = gateway("product/get", Map.of("code", sku)).path("data");
        int sum = 0;
        for (JsonNode row : product.path("stock")) {
            sum += Integer.parseInt(row.path("on_hand").asText("0"));
        }
        return sum;
    }

    private JsonNode gateway(String method, Map<String, Object> data) throws Exception {
        Answer answer = http("POST", "/sandbox/subiekt/" + CLIENT + "/gateway?c=" + method, Map.of("api_key", "", "data", data), null);
        assertThat(answer.json().path("status").asText()).as(answer.json().toString()).isEqualTo("success");
        return answer.json();
    }

    private JsonNode wooApi(String path) throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString((WOO_ORDERS_KEY + ":" + WOO_ORDERS_SECRET).getBytes(StandardCharsets.UTF_8));
        Answer answer = http("GET", "/sandbox/woocommerce/wp-json/wc/v3" + path, null, basic);
        assertThat(answer.status()).as(answer.json().toString()).isEqualTo(200);
        return answer.json();
    }

    private String unitStatus(String serial) {
        return jdbc.queryForObject("""
                SELECT s.code FROM serialized_item i JOIN inventory_status s ON s.id = i.inventory_status_id
                 WHERE i.client_id = ? AND i.serial = ?""", String.class, clientId, serial);
    }

    private String returnStatus(long orderId) {
        List<String> rows = jdbc.queryForList("SELECT status FROM order_return WHERE order_id = ?", String.class, orderId);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private String refundStatus(long refundId) {
        return jdbc.queryForObject("SELECT status FROM channel_refund WHERE id = ?", String.class, refundId);
    }

    private String status(String channelOrderId) {
        return status("bm-orders", channelOrderId);
    }

    private String status(String account, String channelOrderId) {
        List<String> rows = jdbc.queryForList("SELECT o.status FROM sales_order o JOIN channel_account a ON a.id = o.channel_account_id "
                + "WHERE o.client_id = ? AND a.code = ? AND o.channel_order_id = ?", String.class, clientId, account, channelOrderId);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private long orderId(String channelOrderId) {
        return orderId("bm-orders", channelOrderId);
    }

    private long orderId(String account, String channelOrderId) {
        return jdbc.queryForObject("SELECT o.id FROM sales_order o JOIN channel_account a ON a.id = o.channel_account_id "
                + "WHERE o.client_id = ? AND a.code = ? AND o.channel_order_id = ?", Long.class, clientId, account, channelOrderId);
    }

    private JsonNode bm(String method, String path, Object body) throws Exception {
        Answer answer = http(method, "/sandbox/backmarket" + path, body, "Basic " + BM_ORDERS_TOKEN);
        assertThat(answer.status()).as(method + " " + path + ": " + answer.json()).isBetween(200, 299);
        return answer.json();
    }
}
