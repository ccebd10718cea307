package dev.kanal.changes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.KanalIntegrationTest;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.ConnectionFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
 * Flow 4, cancellations both ways, as one flow on real PostgreSQL, the embedded broker and the
 * sandboxes over HTTP: a Back Market line refunded before shipping (the ZK corrected, its units
 * released, the other line shipped later), a ZK deleted by an ERP operator (Back Market lines
 * refused and refunded, a WooCommerce order cancelled), an operator's cancel of chosen lines, a
 * redelivered change (one channel call), a change the channel refuses (dead-lettered with its reason).
 */
class CancellationsEndToEndTest extends KanalIntegrationTest {

    private static final String WOO_SHOP = "/sandbox/woocommerce/_control/shops/" + WOO_ORDERS_KEY;
    private static final AtomicInteger SKUS = new AtomicInteger();
    private static final Duration WAIT = Duration.ofSeconds(30);

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
    void aBackMarketLineRefundedBeforeShippingCorrectsTheZkReleasesItsUnitsAndTheOtherLineStillShips() throws Exception {
        String kept = stockInErp(5);
        String refunded = stockInErp(5);
        String channelOrderId = bm("POST", "/_control/orders", Map.of("state", 1, "orderlines", List.of(
                Map.of("listing", kept, "quantity", 1, "price", "199.00"),
                Map.of("listing", refunded, "quantity", 1, "price", "99.00")))).path("order_id").asText();
        await().atMost(WAIT).until(() -> "IN_ERP".equals(status("bm-orders", channelOrderId)));
        await().atMost(WAIT).until(() -> bmLineStates(channelOrderId).equals(List.of(2, 2)));
        long orderId = orderId("bm-orders", channelOrderId);
        String zkBefore = erpRef(orderId);
        assertThat(zkProducts(zkBefore)).containsOnlyKeys(kept, refunded);
        String refundedLine = bm("GET", "/_control/orders/" + channelOrderId, null).path("orderlines").get(1).path("id").asText();

        // Back Market refunds the second line before it shipped (line state 5); the order goes on
        awaitNextWholeSecond();
        bm("PATCH", "/_control/orders/" + channelOrderId, Map.of("orderlines", List.of(Map.of("id", Long.parseLong(refundedLine), "state", 5))));

        await().atMost(WAIT).until(() -> applied(orderId, "channel-line:" + refundedLine + ":cancelled"));
        assertThat(openUnits(orderId)).as("the refunded line's unit is released, the other stays allocated").isEqualTo(1);
        assertThat(jdbc.queryForList("""
                SELECT k.code FROM allocation a JOIN order_line l ON l.id = a.order_line_id JOIN sku k ON k.id = a.sku_id
                 WHERE l.order_id = ? AND a.status = 'RELEASED'""", String.class, orderId)).containsExactly(refunded);
        String zkAfter = erpRef(orderId);
        assertThat(zkProducts(zkAfter)).as("the ZK was deleted and added again with the line left (%s, was %s)", zkAfter, zkBefore)
                .containsOnlyKeys(kept);
        assertThat(changeDetail(orderId, "channel-line:" + refundedLine + ":cancelled")).contains("deleted and added again");
        assertThat(zks("bm-orders:" + channelOrderId)).containsExactly(zkAfter);
        assertThat(status("bm-orders", channelOrderId)).isEqualTo("IN_ERP");
        assertThat(events(orderId)).contains("LINES_CANCELLED");
        // the ERP ships what is left: the order ships on Back Market with one call, the refunded line stays refunded
        int updatesBefore = bm("GET", "/_control/orders/" + channelOrderId, null).path("updates").size();
        Answer shipped = http("POST", "/sandbox/subiekt/" + CLIENT + "/_control/shipments", Map.of(
                "reference", "bm-orders:" + channelOrderId, "carrier", "DPD", "tracking", "TRK-" + channelOrderId,
                "serials", Map.of(kept, List.of("356938035643809"))), null);
        assertThat(shipped.status()).as(shipped.json().toString()).isEqualTo(201);
        await().atMost(WAIT).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM shipment WHERE order_id = ? AND channel_confirmed_at IS NOT NULL", Integer.class, orderId) == 1);
        assertThat(status("bm-orders", channelOrderId)).isEqualTo("SHIPPED");
        assertThat(bmLineStates(channelOrderId)).containsExactly(3, 5);
        assertThat(bm("GET", "/_control/orders/" + channelOrderId, null).path("updates").size() - updatesBefore).as("one ship call")
                .isEqualTo(1);
        assertThat(openUnits(orderId)).isZero();
    }

    @Test
    void aZkDeletedInTheErpRefusesAndRefundsTheBackMarketLinesAndCancelsTheWooCommerceOrder() throws Exception {
        String first = stockInErp(5);
        String second = stockInErp(5);
        String channelOrderId = bm("POST", "/_control/orders", Map.of("state", 1, "orderlines", List.of(
                Map.of("listing", first, "quantity", 1, "price", "199.00"),
                Map.of("listing", second, "quantity", 1, "price", "99.00")))).path("order_id").asText();
        await().atMost(WAIT).until(() -> "IN_ERP".equals(status("bm-orders", channelOrderId)));
        await().atMost(WAIT).until(() -> bmLineStates(channelOrderId).equals(List.of(2, 2)));
        long bmOrder = orderId("bm-orders", channelOrderId);
        // the first line back to paid, not accepted yet (as if its acceptance had not reached Back Market)
        String firstLine = bm("GET", "/_control/orders/" + channelOrderId, null).path("orderlines").get(0).path("id").asText();
        bm("PATCH", "/_control/orders/" + channelOrderId, Map.of("orderlines", List.of(Map.of("id", Long.parseLong(firstLine), "state", 1))));

        String wooOrderId = http("POST", WOO_SHOP + "/orders", Map.of("status", "processing", "payment_method", "bacs",
                "line_items", List.of(Map.of("sku", first, "quantity", 1, "price", "10.00"))), null).json().path("id").asText();
        await().atMost(WAIT).until(() -> "IN_ERP".equals(status("woo-orders", wooOrderId)));
        long wooOrder = orderId("woo-orders", wooOrderId);

        // an ERP operator deletes both ZKs through the gateway
        String bmZk = erpRef(bmOrder);
        String wooZk = erpRef(wooOrder);
        assertThat(gateway("order/delete", Map.of("order_ref", bmZk)).path("status").asText()).isEqualTo("success");
        assertThat(gateway("order/delete", Map.of("order_ref", wooZk)).path("status").asText()).isEqualTo("success");

        await().atMost(WAIT).until(() -> applied(bmOrder, "erp-deleted:" + bmZk) && applied(wooOrder, "erp-deleted:" + wooZk));
        assertThat(bmLineStates(channelOrderId)).as("the paid line refused, the accepted one refunded before shipping")
                .containsExactly(4, 5);
        assertThat(http("GET", WOO_SHOP + "/orders/" + wooOrderId, null, null).json().path("status").asText()).isEqualTo("cancelled");
        for (long order : List.of(bmOrder, wooOrder)) {
            assertThat(jdbc.queryForObject("SELECT status FROM sales_order WHERE id = ?", String.class, order)).isEqualTo("CANCELLED");
            assertThat(erpRef(order)).isNull();
            assertThat(openUnits(order)).isZero();
            assertThat(events(order)).contains("CANCELLED_ON_CHANNEL", "CANCELLED");
        }
        // Back Market's own view of the refusal, read by the next polls, changes nothing more
        awaitRouteRuns("order-poll-" + CLIENT + "-bm-orders", 2);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM order_change WHERE order_id = ? AND status <> 'APPLIED'", Integer.class,
                bmOrder)).isZero();
    }

    @Test
    void aZkDeletedInTheErpIsSeenEvenWhenTheErpGivesItsNumberToTheNextOrder() throws Exception {
        String sku = stockInErp(5);
        String wooOrderId = http("POST", WOO_SHOP + "/orders", Map.of("status", "processing", "payment_method", "bacs",
                "line_items", List.of(Map.of("sku", sku, "quantity", 1, "price", "10.00"))), null).json().path("id").asText();
        await().atMost(WAIT).until(() -> "IN_ERP".equals(status("woo-orders", wooOrderId)));
        long orderId = orderId("woo-orders", wooOrderId);
        String zk = erpRef(orderId);

        // the ERP numbers a ZK after the highest of the month: the newest deleted, the next ZK (here an order
        // taken by phone in the ERP) gets its number
        assertThat(gateway("order/delete", Map.of("order_ref", zk)).path("status").asText()).isEqualTo("success");
        JsonNode added = gateway("order/add", Map.of("reference", "phone-" + wooOrderId, "products",
                List.of(Map.of("code", sku, "qty", 1, "price", "10.00")), "customer", Map.of("lastname", "Phone")));
        assertThat(added.path("data").path("order_ref").asText()).as(added.toString()).isEqualTo(zk);

        await().atMost(WAIT).until(() -> applied(orderId, "erp-deleted:" + zk));
        assertThat(jdbc.queryForObject("SELECT status FROM sales_order WHERE id = ?", String.class, orderId)).isEqualTo("CANCELLED");
        assertThat(erpRef(orderId)).isNull();
        assertThat(openUnits(orderId)).isZero();
        assertThat(http("GET", WOO_SHOP + "/orders/" + wooOrderId, null, null).json().path("status").asText()).isEqualTo("cancelled");
        assertThat(zks("phone-" + wooOrderId)).as("the ERP's own order is left alone").containsExactly(zk);
    }

    @Test
    void anOperatorCancelsChosenLinesOnceAndBadRequestsAreRefusedPerLine() throws Exception {
        String first = stockInErp(5);
        String second = stockInErp(5);
        JsonNode placed = http("POST", WOO_SHOP + "/orders", Map.of("status", "processing", "payment_method", "bacs",
                "line_items", List.of(Map.of("sku", first, "quantity", 1, "price", "10.00"),
                        Map.of("sku", second, "quantity", 2, "price", "20.00"))), null).json();
        String wooOrderId = placed.path("id").asText();
        long secondItem = placed.path("line_items").get(1).path("id").asLong();
        await().atMost(WAIT).until(() -> "IN_ERP".equals(status("woo-orders", wooOrderId)));
        long orderId = orderId("woo-orders", wooOrderId);
        String zkBefore = erpRef(orderId);
        String path = "/admin/clients/" + CLIENT + "/orders/" + orderId + "/cancel";

        Answer bad = http("POST", path, Map.of("lines", List.of(Map.of("line", 7), Map.of("line", 2, "quantity", 0))), admin());
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("errors").findValuesAsText("field")).containsExactly("line", "quantity");
        assertThat(bad.json().path("errors").get(0).path("row").asInt()).isZero();
        assertThat(http("POST", path, Map.of("lines", List.of(Map.of("line", 2, "quantity", 3))), admin()).status()).isEqualTo(409);
        assertThat(http("POST", "/admin/clients/" + CLIENT + "/orders/999999999/cancel", null, admin()).status()).isEqualTo(404);

        Map<String, Object> request = Map.of("reason", "customer asked by phone", "lines", List.of(Map.of("line", 2, "quantity", 1)));
        Answer accepted = http("POST", path, request, admin());
        assertThat(accepted.status()).as(accepted.json().toString()).isEqualTo(202);
        long changeId = accepted.json().path("changeId").asLong();
        await().atMost(WAIT).until(() -> "APPLIED".equals(changeStatus(changeId)));

        JsonNode refunds = wooRefunds(wooOrderId);
        assertThat(refunds).hasSize(1);
        assertThat(refunds.get(0).path("line_items").get(0).path("quantity").asInt()).isEqualTo(-1);
        assertThat(refunds.get(0).path("amount").asText()).isEqualTo("20.00");
        assertThat(refunds.get(0).path("reason").asText()).startsWith("customer asked by phone");
        assertThat(openUnits(orderId)).as("1 + 2 - 1").isEqualTo(2);
        String zkAfter = erpRef(orderId);
        assertThat(jdbc.queryForObject("SELECT detail FROM order_change WHERE id = ?", String.class, changeId))
                .contains("refund").contains("deleted and added again as " + zkAfter).contains(zkBefore);
        assertThat(zkProducts(zkAfter)).containsEntry(first, 1).containsEntry(second, 1);
        assertThat(jdbc.queryForObject("SELECT channel_ref FROM order_change WHERE id = ?", String.class, changeId))
                .isEqualTo(refunds.get(0).path("id").asText());
        assertThat(jdbc.queryForList("SELECT action FROM operator_audit WHERE target LIKE ? ORDER BY id", String.class,
                "%" + orderId + "%")).contains("orders.cancel");

        // the same request again: the same change, nothing new; the shop's own view of Kanal's refund is not a change of its own
        Answer again = http("POST", path, request, admin());
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("changeId").asLong()).isEqualTo(changeId);
        awaitRouteRuns("order-poll-" + CLIENT + "-woo-orders", 2);
        assertThat(wooRefunds(wooOrderId)).hasSize(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM order_change WHERE order_id = ?", Integer.class, orderId)).isEqualTo(1);
        assertThat(secondItem).isPositive();
    }

    @Test
    void aWooCommercePartialRefundOnTheShopReleasesThatLineOnly() throws Exception {
        String first = stockInErp(5);
        String second = stockInErp(5);
        JsonNode placed = http("POST", WOO_SHOP + "/orders", Map.of("status", "processing", "payment_method", "bacs",
                "line_items", List.of(Map.of("sku", first, "quantity", 1, "price", "10.00"),
                        Map.of("sku", second, "quantity", 1, "price", "20.00"))), null).json();
        String wooOrderId = placed.path("id").asText();
        await().atMost(WAIT).until(() -> "IN_ERP".equals(status("woo-orders", wooOrderId)));
        long orderId = orderId("woo-orders", wooOrderId);

        awaitNextWholeSecond(); // the shop's dates have whole seconds: the refund must come after the order's last change
        Answer refund = http("POST", WOO_SHOP + "/orders/" + wooOrderId + "/refunds", Map.of("reason", "scratched on arrival? no: never sent",
                "line_items", List.of(Map.of("id", placed.path("line_items").get(1).path("id").asLong(), "quantity", 1,
                        "refund_total", "20.00"))), null);
        assertThat(refund.status()).as(refund.json().toString()).isEqualTo(201);

        await().atMost(WAIT).until(() -> applied(orderId, "channel-refund:" + refund.json().path("id").asText()));
        assertThat(openUnits(orderId)).isEqualTo(1);
        assertThat(zkProducts(erpRef(orderId))).containsOnlyKeys(first);
        assertThat(status("woo-orders", wooOrderId)).isEqualTo("IN_ERP");
    }

    @Test
    void aRedeliveredChangeCallsTheChannelOnce() throws Exception {
        String sku = stockInErp(5);
        String other = stockInErp(5);
        String channelOrderId = bm("POST", "/_control/orders", Map.of("state", 1, "orderlines", List.of(
                Map.of("listing", sku, "quantity", 1, "price", "199.00"),
                Map.of("listing", other, "quantity", 1, "price", "99.00")))).path("order_id").asText();
        await().atMost(WAIT).until(() -> "IN_ERP".equals(status("bm-orders", channelOrderId)));
        await().atMost(WAIT).until(() -> bmLineStates(channelOrderId).equals(List.of(2, 2)));
        long orderId = orderId("bm-orders", channelOrderId);
        int updatesBefore = bm("GET", "/_control/orders/" + channelOrderId, null).path("updates").size();

        Answer accepted = http("POST", "/admin/clients/" + CLIENT + "/orders/" + orderId + "/cancel",
                Map.of("lines", List.of(Map.of("line", 1))), admin());
        assertThat(accepted.status()).as(accepted.json().toString()).isEqualTo(202);
        long changeId = accepted.json().path("changeId").asLong();
        await().atMost(WAIT).until(() -> "APPLIED".equals(changeStatus(changeId)));
        assertThat(bmLineStates(channelOrderId)).containsExactly(5, 2);

        // delivered again as it is, and once more as if the first delivery had died before its commit
        send(changeId);
        jdbc.update("UPDATE order_change SET status = 'PENDING', applied_at = NULL WHERE id = ?", changeId);
        send(changeId);
        await().atMost(WAIT).until(() -> "APPLIED".equals(changeStatus(changeId))
                && jdbc.queryForObject("SELECT attempts FROM order_change WHERE id = ?", Integer.class, changeId) >= 2);
        assertThat(bm("GET", "/_control/orders/" + channelOrderId, null).path("updates").size() - updatesBefore)
                .as("one new_state call on Back Market").isEqualTo(1);
        assertThat(openUnits(orderId)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM order_event WHERE order_id = ? AND type = 'LINES_CANCELLED'",
                Integer.class, orderId)).isEqualTo(1);
    }

    @Test
    void aChangeTheChannelRefusesLandsInTheDeadLetterQueueWithItsReason() throws Exception {
        String sku = stockInErp(5);
        String channelOrderId = bm("POST", "/_control/orders", Map.of("state", 1, "orderlines", List.of(
                Map.of("listing", sku, "quantity", 1, "price", "199.00")))).path("order_id").asText();
        await().atMost(WAIT).until(() -> "IN_ERP".equals(status("bm-orders", channelOrderId)));
        await().atMost(WAIT).until(() -> bmLineStates(channelOrderId).equals(List.of(2)));
        long orderId = orderId("bm-orders", channelOrderId);
        // shipped on Back Market by hand, before Kanal heard of it
        bm("PATCH", "/_control/orders/" + channelOrderId, Map.of("state", 9, "lines_state", 3, "tracking_number", "HAND-1"));

        Answer accepted = http("POST", "/admin/clients/" + CLIENT + "/orders/" + orderId + "/cancel", Map.of(), admin());
        assertThat(accepted.status()).as(accepted.json().toString()).isEqualTo(202);
        long changeId = accepted.json().path("changeId").asLong();

        await().atMost(WAIT).until(() -> !parked(changeId).isEmpty());
        Message parked = parked(changeId).get(0);
        assertThat(parked.getStringProperty("kanalErrorMessage")).contains("state 3").contains("shipped");
        assertThat(parked.getStringProperty("kanalErrorPermanent")).isEqualTo("true");
        assertThat(changeStatus(changeId)).isEqualTo("FAILED");
        assertThat(jdbc.queryForObject("SELECT detail FROM order_change WHERE id = ?", String.class, changeId)).contains("shipped");
        assertThat(openUnits(orderId)).as("nothing released: the channel shipped it").isEqualTo(1);
        assertThat(erpRef(orderId)).isNotNull();
        assertThat(events(orderId)).contains("CHANGE_FAILED");
    }

    // ------------------------------------------------------------------ helpers

    private void send(long changeId) {
        new JmsTemplate(connectionFactory).convertAndSend("kanal.order.changes", String.valueOf(changeId), m -> {
            m.setStringProperty("kanalOrderChangeId", String.valueOf(changeId));
            return m;
        });
    }

    private List<Message> parked(long changeId) {
        List<Message> found = new ArrayList<>();
        new JmsTemplate(connectionFactory).browse("kanal.order.changes.dlq", (session, browser) -> {
            for (Object m : Collections.list(browser.getEnumeration())) {
                Message message = (Message) m;
                try {
                    if (String.valueOf(changeId).equals(String.valueOf(message.getObjectProperty("kanalOrderChangeId")))) {
                        found.add(message);
                    }
                } catch (JMSException e) {
                    throw new IllegalStateException(e);
                }
            }
            return null;
        });
        return found;
    }

    private boolean applied(long orderId, String key) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM order_change WHERE order_id = ? AND change_key = ? AND status = 'APPLIED'",
                Integer.class, orderId, key) == 1;
    }

    private String changeDetail(long orderId, String key) {
        return jdbc.queryForObject("SELECT detail FROM order_change WHERE order_id = ? AND change_key = ?", String.class, orderId, key);
    }

    private String changeStatus(long changeId) {
        return jdbc.queryForObject("SELECT status FROM order_change WHERE id = ?", String.class, changeId);
    }

    private List<String> events(long orderId) {
        return jdbc.queryForList("SELECT type FROM order_event WHERE order_id = ? ORDER BY id", String.class, orderId);
    }

    private String erpRef(long orderId) {
        return jdbc.queryForObject("SELECT erp_order_ref FROM sales_order WHERE id = ?", String.class, orderId);
    }

    private JsonNode gateway(String method, Map<String, Object> data) throws Exception {
        Answer answer = http("POST", "/sandbox/subiekt/" + CLIENT + "/gateway?c=" + method, Map.of("api_key", "", "data", data), null);
        assertThat(answer.status()).isEqualTo(200);
        return answer.json();
    }

    /** The ZK's units per product code, as the gateway shows them. */
    private Map<String, Integer> zkProducts(String zk) throws Exception {
        JsonNode answer = gateway("order/get", Map.of("order_ref", zk));
        assertThat(answer.path("status").asText()).as(answer.toString()).isEqualTo("success");
        Map<String, Integer> units = new java.util.TreeMap<>();
        answer.path("data").path("products").forEach(p -> units.merge(p.path("code").asText(), p.path("qty").asInt(), Integer::sum));
        return units;
    }

    private List<String> zks(String reference) throws Exception {
        List<String> found = new ArrayList<>();
        gateway("order/find", Map.of("reference", reference)).path("data").path("orders")
                .forEach(o -> found.add(o.path("order_ref").asText()));
        return found;
    }

    private JsonNode wooRefunds(String wooOrderId) throws Exception {
        Answer answer = http("GET", WOO_SHOP + "/orders/" + wooOrderId + "/refunds", null, null);
        assertThat(answer.status()).as(answer.json().toString()).isEqualTo(200);
        return answer.json();
    }

    private List<Integer> bmLineStates(String channelOrderId) throws Exception {
        List<Integer> states = new ArrayList<>();
        bm("GET", "/_control/orders/" + channelOrderId, null).path("orderlines").forEach(l -> states.add(l.path("state").asInt()));
        return states;
    }

    private String stockInErp(int onHand) throws Exception {
        String sku = "CXL-" + RUN + "-" + SKUS.incrementAndGet();
        Answer seeded = http("PUT", "/sandbox/subiekt/" + CLIENT + "/_control/stock", List.of(Map.of("symbol", sku, "name",
                "Phone " + sku, "warehouse", "MAG", "onHand", onHand, "reserved", 0, "blocked", false)), null);
        assertThat(seeded.status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject("""
                SELECT COUNT(*) FROM stock_level s JOIN sku k ON k.id = s.sku_id
                 WHERE k.client_id = ? AND k.code = ? AND s.quantity = ?""", Integer.class, clientId, sku, onHand) == 1);
        return sku;
    }

    private String status(String account, String channelOrderId) {
        List<String> rows = jdbc.queryForList("SELECT o.status FROM sales_order o JOIN channel_account a ON a.id = o.channel_account_id "
                + "WHERE o.client_id = ? AND a.code = ? AND o.channel_order_id = ?", String.class, clientId, account, channelOrderId);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private long orderId(String account, String channelOrderId) {
        return jdbc.queryForObject("SELECT o.id FROM sales_order o JOIN channel_account a ON a.id = o.channel_account_id "
                + "WHERE o.client_id = ? AND a.code = ? AND o.channel_order_id = ?", Long.class, clientId, account, channelOrderId);
    }

    private int openUnits(long orderId) {
        return jdbc.queryForObject("SELECT COALESCE(SUM(a.quantity), 0) FROM allocation a JOIN order_line l "
                + "ON l.id = a.order_line_id WHERE l.order_id = ? AND a.status = 'OPEN'", Integer.class, orderId);
    }

    private static String admin() {
        return "Basic " + Base64.getEncoder().encodeToString("admin:test-secret".getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode bm(String method, String path, Object body) throws Exception {
        Answer answer = http(method, "/sandbox/backmarket" + path, body, "Basic " + BM_ORDERS_TOKEN);
        assertThat(answer.status()).as(method + " " + path + ": " + answer.json()).isBetween(200, 299);
        return answer.json();
    }
}
