package dev.kanal.returns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.KanalIntegrationTest;
import jakarta.jms.ConnectionFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
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
 * Flow 4, the rest of issue 16 (docs/decisions/0025), end to end over HTTP, the broker and
 * PostgreSQL: an ERP operator's correction of a sale refunds the line on Back Market once; an
 * operator's inspection restocks a returned unit (sellable status, the ERP's receipt into stock,
 * stock recalculated); the return names its Back Market care folder.
 */
class ErpCorrectionsAndInspectionsEndToEndTest extends KanalIntegrationTest {

    private static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("admin:test-secret".getBytes(StandardCharsets.UTF_8));
    private static final AtomicInteger SKUS = new AtomicInteger();

    @Autowired JdbcTemplate jdbc;
    @Autowired ConnectionFactory connectionFactory;

    private long clientId;

    @BeforeEach
    void seller() throws Exception {
        bm("GET", "/_control/listings", null);
        clientId = jdbc.queryForObject("SELECT id FROM client WHERE code = ?", Long.class, CLIENT);
    }

    @Test
    void aCorrectionOfTheSaleInTheErpRefundsTheLineOnBackMarketOnceHoweverOftenItIsRead() throws Exception {
        String sku = stockInErp(5);
        String channelOrderId = bm("POST", "/_control/orders", Map.of("state", 1,
                "orderlines", List.of(Map.of("listing", sku, "quantity", 1, "price", "199.00")))).path("order_id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> "IN_ERP".equals(status(channelOrderId)));
        long orderId = orderId(channelOrderId);
        assertThat(http("POST", erp("/_control/shipments"), Map.of("reference", "bm-orders:" + channelOrderId,
                "carrier", "DPD", "tracking", "TRK-" + channelOrderId), null).status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM shipment WHERE order_id = ? AND channel_confirmed_at IS NOT NULL", Integer.class, orderId) == 1);

        // the ERP operator invoices the sale, then corrects the invoice: the unit is taken off (a KFS)
        Answer invoiced = http("POST", erp("/_control/invoices"), Map.of("reference", "bm-orders:" + channelOrderId), null);
        assertThat(invoiced.status()).as(invoiced.json().toString()).isEqualTo(201);
        String invoice = invoiced.json().path("doc_ref").asText();
        Answer refused = http("POST", erp("/_control/corrections"), Map.of("doc_ref", invoice, "lines",
                List.of(Map.of("code", sku, "qty", 2))), null);
        assertThat(refused.status()).as("the ERP refuses more units than the invoice holds").isEqualTo(422);
        Answer corrected = http("POST", erp("/_control/corrections"), Map.of("doc_ref", invoice, "reason", "customer sent it back",
                "lines", List.of(Map.of("code", sku, "qty", 1))), null);
        assertThat(corrected.status()).as(corrected.json().toString()).isEqualTo(201);
        String correction = corrected.json().path("doc_ref").asText();
        assertThat(correction).startsWith("KFS ");
        assertThat(corrected.json().path("doc_amount").decimalValue()).isEqualByComparingTo("-199.00");

        String key = "erp:" + CLIENT + ":" + correction;
        await().atMost(Duration.ofSeconds(60)).until(() -> "DONE".equals(refundStatus(key)));
        Map<String, Object> refund = jdbc.queryForMap("SELECT * FROM channel_refund WHERE request_key = ?", key);
        assertThat(refund.get("origin")).isEqualTo("ERP");
        assertThat((String) refund.get("reason")).contains(correction, invoice, "customer sent it back");
        Map<String, Object> change = jdbc.queryForMap("SELECT * FROM order_change WHERE order_id = ? AND change_key = ?", orderId,
                "refund:" + key);
        assertThat(change).containsEntry("kind", "REFUND").containsEntry("direction", "TO_CHANNEL").containsEntry("origin", "ERP");
        await().atMost(Duration.ofSeconds(30)).until(() -> "APPLIED".equals(
                jdbc.queryForObject("SELECT status FROM order_change WHERE id = ?", String.class, change.get("id"))));
        String line = bm("GET", "/_control/orders/" + channelOrderId, null).path("orderlines").get(0).path("id").asText();
        assertThat(refundsOnBackMarket(line)).as("one refund_type 6 of the whole shipped line").hasSize(1);
        assertThat(refundsOnBackMarket(line).get(0).path("refund_type").asInt()).isEqualTo(6);
        assertThat(refundsOnBackMarket(line).get(0).path("amount").asText()).isEqualTo("199.00");

        // read again (more polls, the cursor rewound as if lost) and the change redelivered: nothing more
        jdbc.update("DELETE FROM erp_correction_cursor WHERE client_id = ?", clientId);
        awaitRouteRuns("shipment-poll-" + CLIENT, 2);
        send(((Number) change.get("id")).longValue());
        awaitRouteRuns("order-poll-" + CLIENT + "-bm-orders", 1);
        awaitRouteRuns("shipment-poll-" + CLIENT, 1);
        assertThat(refundsOnBackMarket(line)).hasSize(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM channel_refund WHERE order_id = ?", Integer.class, orderId)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM erp_correction WHERE client_id = ? AND document_number = ?", Integer.class,
                clientId, correction)).isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT type FROM order_event WHERE order_id = ? AND type IN ('ERP_CORRECTION', 'REFUND_REQUESTED',"
                + " 'REFUND_ON_CHANNEL') ORDER BY id", String.class, orderId))
                .containsExactly("REFUND_REQUESTED", "ERP_CORRECTION", "REFUND_ON_CHANNEL");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM order_return WHERE order_id = ?", Integer.class, orderId))
                .as("a refund Kanal made is no return").isZero();
    }

    @Test
    void anInspectionRestocksAReturnedUnitSellableAgainWithTheErpsReceiptIntoStock() throws Exception {
        String sku = stockInErp(5);
        String imei = imei("3569381" + String.format("%07d", (System.nanoTime() / 1000) % 10_000_000));
        Answer imported = http("POST", "/admin/clients/" + CLIENT + "/serialized-items", List.of(Map.of("serial", imei,
                "product_code", sku, "product_name", "Phone " + sku, "sku", sku, "grade", "A", "warehouse", "MAG",
                "inventory_status", "available")), ADMIN);
        assertThat(imported.status()).as(imported.json().toString()).isEqualTo(200);
        String channelOrderId = bm("POST", "/_control/orders", Map.of("state", 1,
                "orderlines", List.of(Map.of("listing", sku, "quantity", 1, "price", "199.00")))).path("order_id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> "IN_ERP".equals(status(channelOrderId)));
        long orderId = orderId(channelOrderId);
        assertThat(http("POST", erp("/_control/shipments"), Map.of("reference", "bm-orders:" + channelOrderId,
                "carrier", "DPD", "tracking", "TRK-" + channelOrderId, "serials", Map.of(sku, List.of(imei))), null).status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM shipment WHERE order_id = ? AND channel_confirmed_at IS NOT NULL", Integer.class, orderId) == 1);

        // faulty on opening: the client's rule sends the unit to repair and waits for inspection
        awaitNextWholeSecond();
        bm("POST", "/ws/orders/" + channelOrderId, Map.of("order_id", Long.parseLong(channelOrderId), "new_state", 6,
                "sku", sku, "return_reason", 21));
        await().atMost(Duration.ofSeconds(90)).until(() -> "AWAITING_INSPECTION".equals(returnStatus(orderId)));
        long returnId = jdbc.queryForObject("SELECT id FROM order_return WHERE order_id = ?", Long.class, orderId);
        assertThat(unitStatus(imei)).isEqualTo("repair");
        assertThat(jdbc.queryForObject("SELECT detail FROM order_event WHERE order_id = ? AND type = 'RETURN_OPENED'", String.class, orderId))
                .as("the line's Back Market care folder is named").containsPattern("care folder \\d+ closed");
        int erpBefore = erpStock(sku);

        Answer waiting = http("GET", "/admin/clients/" + CLIENT + "/returns?status=AWAITING_INSPECTION", null, ADMIN);
        assertThat(waiting.status()).isEqualTo(200);
        List<Long> ids = new ArrayList<>();
        waiting.json().path("returns").forEach(r -> ids.add(r.path("id").asLong()));
        assertThat(ids).contains(returnId);
        assertThat(http("GET", "/admin/clients/" + CLIENT + "/returns?status=LOST", null, ADMIN).status()).isEqualTo(400);

        String path = "/admin/clients/" + CLIENT + "/returns/" + returnId + "/inspection";
        Answer bad = http("POST", path, Map.of("outcome", "polish", "units", List.of(Map.of("serial", "000"), Map.of("line", 1))), ADMIN);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("problems").toString()).contains("units[1]");
        Answer badUnits = http("POST", path, Map.of("outcome", "restock", "units", List.of(Map.of("serial", "000"))), ADMIN);
        assertThat(badUnits.status()).isEqualTo(400);
        assertThat(badUnits.json().path("problems").toString()).contains("units[0]", "000");
        assertThat(http("POST", "/admin/clients/" + CLIENT + "/returns/999999999/inspection", Map.of("outcome", "restock"), ADMIN).status())
                .isEqualTo(404);

        Map<String, Object> body = Map.of("outcome", "restock", "units", List.of(Map.of("serial", imei)), "note", "screen replaced",
                "key", "bench-" + RUN + "-" + returnId);
        Answer inspected = http("POST", path, body, ADMIN);
        assertThat(inspected.status()).as(inspected.json().toString()).isEqualTo(200);
        assertThat(inspected.json().path("unitStatus").asText()).isEqualTo("available");
        assertThat(inspected.json().path("erpDocument").asText()).startsWith("PW ");
        assertThat(inspected.json().path("returnStatus").asText()).isEqualTo("INSPECTED");
        long inspectionId = inspected.json().path("inspectionId").asLong();

        assertThat(unitStatus(imei)).isEqualTo("available");
        assertThat(erpStock(sku)).as("the ERP took the unit into stock").isEqualTo(erpBefore + 1);
        JsonNode receipt = gateway("return/find", Map.of("reference",
                "bm-orders:" + channelOrderId + ":return-" + returnId + ":inspection-" + inspectionId)).path("data").path("returns");
        assertThat(receipt).hasSize(1);
        assertThat(receipt.get(0).path("kind").asText()).isEqualTo("PW");
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("""
                SELECT COALESCE(SUM(s.quantity), 0) FROM stock_level s JOIN sku k ON k.id = s.sku_id
                 WHERE k.client_id = ? AND k.code = ?""", Integer.class, clientId, sku) == erpBefore + 1);
        assertThat(jdbc.queryForList("SELECT type FROM order_event WHERE order_id = ? AND type LIKE 'RETURN_%' ORDER BY id", String.class,
                orderId)).endsWith("RETURN_INSPECTED", "RETURN_ERP_RESTOCK", "RETURN_INSPECTION_APPLIED");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM operator_audit WHERE action = 'returns.inspect' AND client = ?",
                Integer.class, CLIENT)).isGreaterThanOrEqualTo(1);

        // the same request again is the same inspection; another one finds nothing left to inspect
        Answer again = http("POST", path, body, ADMIN);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("inspectionId").asLong()).isEqualTo(inspectionId);
        assertThat(again.json().path("created").asBoolean()).isFalse();
        assertThat(erpStock(sku)).isEqualTo(erpBefore + 1);
        assertThat(http("POST", path, Map.of("outcome", "scrap"), ADMIN).status()).isEqualTo(409);
    }

    // ------------------------------------------------------------ helpers

    private static String erp(String path) {
        return "/sandbox/subiekt/" + CLIENT + path;
    }

    private List<JsonNode> refundsOnBackMarket(String orderLine) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        bm("GET", "/_control/refunds", null).path("refunds").forEach(r -> {
            if (orderLine.equals(r.path("orderline").asText())) {
                found.add(r);
            }
        });
        return found;
    }

    private void send(long changeId) {
        new JmsTemplate(connectionFactory).convertAndSend("kanal.order.changes", String.valueOf(changeId), m -> {
            m.setStringProperty("kanalOrderChangeId", String.valueOf(changeId));
            return m;
        });
    }

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

    private String stockInErp(int onHand) throws Exception {
        String sku = "COR-" + RUN + "-" + SKUS.incrementAndGet();
        Answer seeded = http("PUT", erp("/_control/stock"), List.of(Map.of("symbol", sku, "name",
                "Phone " + sku, "warehouse", "MAG", "onHand", onHand, "reserved", 0, "blocked", false)), null);
        assertThat(seeded.status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject("""
                SELECT COUNT(*) FROM stock_level s JOIN sku k ON k.id = s.sku_id
                 WHERE k.client_id = ? AND k.code = ? AND s.quantity = ?""", Integer.class, clientId, sku, onHand) == 1);
        return sku;
    }

    private int erpStock(String sku) throws Exception {
        int sum = 0;
        for (JsonNode row : gateway("product/get", Map.of("code", sku)).path("data").path("stock")) {
            sum += new java.math.BigDecimal(row.path("on_hand").asText("0")).intValue();
        }
        return sum;
    }

    private JsonNode gateway(String method, Map<String, Object> data) throws Exception {
        Answer answer = http("POST", erp("/gateway?c=" + method), Map.of("api_key", "", "data", data), null);
        assertThat(answer.json().path("status").asText()).as(answer.json().toString()).isEqualTo("success");
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

    private String refundStatus(String requestKey) {
        List<String> rows = jdbc.queryForList("SELECT status FROM channel_refund WHERE request_key = ?", String.class, requestKey);
        return rows.isEmpty() ? null : rows.get(0);
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
