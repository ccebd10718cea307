package dev.kanal.fulfilment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.KanalIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Shipments from a shop's shipping tool (decision 0020), over HTTP as an operator: recorded once,
 * sent to the channel, the allocation kept until the ERP issues its own document, then parcel
 * states moving the order to DELIVERED; bad rows answered one by one.
 */
class ShipmentAdminImportTest extends KanalIntegrationTest {

    private static final String WOO_SHOP = "/sandbox/woocommerce/_control/shops/" + WOO_ORDERS_KEY;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired JdbcTemplate jdbc;

    @Test
    void aShippingToolShipmentReachesTheChannelAndKeepsItsUnitSubtractedUntilTheErpIssuesIt() throws Exception {
        http("POST", "/sandbox/woocommerce/_control/shops", Map.of("consumer_key", WOO_ORDERS_KEY,
                "consumer_secret", WOO_ORDERS_SECRET, "currency", "PLN"), null);
        String sku = "ADM-" + RUN;
        assertThat(http("PUT", "/sandbox/subiekt/" + CLIENT + "/_control/stock", List.of(Map.of("symbol", sku, "name", "Case",
                "warehouse", "MAG", "onHand", 5, "reserved", 0, "blocked", false)), null).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> onHand(sku) == 5);
        String channelOrderId = http("POST", WOO_SHOP + "/orders", Map.of("status", "processing", "payment_method", "bacs",
                "line_items", List.of(Map.of("sku", sku, "quantity", 1, "price", "10.00"))), null).json().path("id").asText();
        String reference = "woo-orders:" + channelOrderId;
        await().atMost(Duration.ofSeconds(30)).until(() -> "IN_ERP".equals(status(reference)));

        JsonNode answer = post("", "application/json", json(List.of(
                Map.of("reference", reference, "carrier", "InPost", "tracking", "TT-" + channelOrderId,
                        "tracking_url", "https://inpost.example/TT-" + channelOrderId),
                Map.of("reference", "woo-orders:no-such-order", "carrier", "DPD", "tracking", "X1"),
                Map.of("reference", reference, "carrier", "DPD"))));
        assertThat(answer.path("recorded").asInt()).isEqualTo(1);
        assertThat(answer.path("errors").asInt()).isEqualTo(2);
        assertThat(answer.path("results").get(1).path("reason").asText()).contains("no order");
        assertThat(answer.path("results").get(2).path("reason").asText()).contains("tracking or parcel_id");
        long orderId = orderId(reference);
        await().atMost(Duration.ofSeconds(30)).until(() -> "completed".equals(
                http("GET", WOO_SHOP + "/orders/" + channelOrderId, null, null).json().path("status").asText()));
        assertThat(status(reference)).isEqualTo("SHIPPED");
        assertThat(openUnits(orderId)).as("no ERP document yet: the ERP stock has not fallen, the unit stays subtracted").isEqualTo(1);
        assertThat(onHand(sku)).isEqualTo(5);

        JsonNode again = post("", "text/csv", "reference,carrier,tracking,sku,quantity\n" + reference + ",InPost,TT-" + channelOrderId
                + "," + sku + ",1\n" + reference + ",InPost,TT-2," + sku + ",zwei\n");
        assertThat(again.path("already_recorded").asInt()).isEqualTo(1);
        assertThat(again.path("results").get(1).path("rows").get(0).asText()).isEqualTo("line 3");
        assertThat(again.path("results").get(1).path("reason").asText()).contains("not a whole number");

        // the shop books the shipment in the ERP: its document issues the unit, the allocation is consumed, the channel is not called again
        int shipmentsBefore = jdbc.queryForObject("SELECT COUNT(*) FROM shipment WHERE order_id = ?", Integer.class, orderId);
        assertThat(http("POST", "/sandbox/subiekt/" + CLIENT + "/_control/shipments", Map.of("reference", reference,
                "carrier", "InPost", "tracking", "TT-" + channelOrderId), null).status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> openUnits(orderId) == 0);
        assertThat(onHand(sku)).as("each unit subtracted once, by the ERP stock").isEqualTo(4);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM shipment WHERE order_id = ? AND source = 'ERP' AND channel_confirmed_at IS NOT NULL",
                Integer.class, orderId)).isEqualTo(shipmentsBefore);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM order_event WHERE order_id = ? AND type = 'ERP_ISSUED'", Integer.class, orderId))
                .isEqualTo(1);

        JsonNode parcels = post("/status", "application/json", json(List.of(
                Map.of("tracking", "TT-" + channelOrderId, "status", "in_transit", "at", "2026-05-04T10:00:00Z"),
                Map.of("tracking", "TT-" + channelOrderId, "status", "delivered"),
                Map.of("tracking", "TT-" + channelOrderId, "status", "delivered"),
                Map.of("tracking", "TT-" + channelOrderId, "status", "in_transit"),
                Map.of("tracking", "NO-SUCH-TRACKING", "status", "delivered"))));
        assertThat(parcels.path("updated").asInt()).isEqualTo(2);
        assertThat(parcels.path("already_recorded").asInt()).isEqualTo(1);
        assertThat(parcels.path("results").get(3).path("reason").asText()).as("only forward").contains("cannot become");
        assertThat(parcels.path("results").get(4).path("reason").asText()).contains("no shipment");
        assertThat(status(reference)).isEqualTo("DELIVERED");
        assertThat(jdbc.queryForList("SELECT type FROM order_event WHERE order_id = ? AND (type LIKE 'PARCEL%' OR type = 'DELIVERED') ORDER BY id",
                String.class, orderId)).containsExactly("PARCEL_IN_TRANSIT", "PARCEL_DELIVERED", "DELIVERED");
    }

    private JsonNode post(String path, String type, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/admin/clients/" + CLIENT + "/shipments" + path))
                .header("Content-Type", type).header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("admin:test-secret".getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }

    private static String json(Object value) throws Exception {
        return new ObjectMapper().writeValueAsString(value);
    }

    private int onHand(String sku) {
        return jdbc.queryForObject("""
                SELECT COALESCE(SUM(s.quantity), 0) FROM stock_level s JOIN sku k ON k.id = s.sku_id JOIN client c ON c.id = k.client_id
                 WHERE c.code = ? AND k.code = ?""", Integer.class, CLIENT, sku);
    }

    private String status(String reference) {
        List<String> rows = jdbc.queryForList("""
                SELECT o.status FROM sales_order o JOIN channel_account a ON a.id = o.channel_account_id JOIN client c ON c.id = o.client_id
                 WHERE c.code = ? AND a.code || ':' || o.channel_order_id = ?""", String.class, CLIENT, reference);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private long orderId(String reference) {
        return jdbc.queryForObject("""
                SELECT o.id FROM sales_order o JOIN channel_account a ON a.id = o.channel_account_id JOIN client c ON c.id = o.client_id
                 WHERE c.code = ? AND a.code || ':' || o.channel_order_id = ?""", Long.class, CLIENT, reference);
    }

    private int openUnits(long orderId) {
        return jdbc.queryForObject("SELECT COALESCE(SUM(a.quantity), 0) FROM allocation a JOIN order_line l "
                + "ON l.id = a.order_line_id WHERE l.order_id = ? AND a.status = 'OPEN'", Integer.class, orderId);
    }
}
