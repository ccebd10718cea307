package dev.kanal.fulfilment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.KanalIntegrationTest;
import jakarta.jms.ConnectionFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;

/**
 * Flow 3 as one flow: an order brought to a ZK (flow 2), shipped in the sandbox ERP (a WZ with
 * carrier, tracking and IMEIs), read by the shipment poller, and written to its channel once.
 * Real broker, PostgreSQL and HTTP throughout.
 */
class ShipmentsEndToEndTest extends KanalIntegrationTest {

    private static final String WOO_SHOP = "/sandbox/woocommerce/_control/shops/" + WOO_ORDERS_KEY;
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
    void aBackMarketOrderShippedInTheErpIsInStateThreeWithTrackingAndImeiAfterOneShipCall() throws Exception {
        String sku = stockInErp(5);
        String channelOrderId = bm("POST", "/_control/orders", Map.of("state", 1,
                "orderlines", List.of(Map.of("listing", sku, "quantity", 1, "price", "199.00")))).path("order_id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> "IN_ERP".equals(status("bm-orders", channelOrderId)));
        long orderId = orderId("bm-orders", channelOrderId);
        assertThat(openUnits(orderId)).isEqualTo(1);
        int updatesBefore = bm("GET", "/_control/orders/" + channelOrderId, null).path("updates").size();

        Answer shipped = http("POST", "/sandbox/subiekt/" + CLIENT + "/_control/shipments", Map.of(
                "reference", "bm-orders:" + channelOrderId, "carrier", "DPD", "tracking", "TRK-" + channelOrderId,
                "tracking_url", "https://tracking.dpd.example/TRK-" + channelOrderId,
                "serials", Map.of(sku, List.of("356938035643809"))), null);
        assertThat(shipped.status()).as(shipped.json().toString()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM shipment WHERE order_id = ? AND channel_confirmed_at IS NOT NULL", Integer.class, orderId) == 1);
        JsonNode onChannel = bm("GET", "/_control/orders/" + channelOrderId, null);
        assertThat(onChannel.path("orderlines").get(0).path("state").asInt()).isEqualTo(3);
        assertThat(onChannel.path("state").asInt()).as("order shipped").isEqualTo(9);
        assertThat(onChannel.path("tracking_number").asText()).isEqualTo("TRK-" + channelOrderId);
        assertThat(onChannel.path("shipper_display").asText()).isEqualTo("DPD");
        assertThat(onChannel.path("orderlines").get(0).path("imei").asText()).isEqualTo("356938035643809");
        assertThat(status("bm-orders", channelOrderId)).isEqualTo("SHIPPED");
        assertThat(openUnits(orderId)).as("the allocation is consumed").isZero();
        assertThat(jdbc.queryForList("SELECT a.status FROM allocation a JOIN order_line l ON l.id = a.order_line_id WHERE l.order_id = ?",
                String.class, orderId)).containsExactly("SHIPPED");
        assertThat(jdbc.queryForList("SELECT serial FROM shipped_unit u JOIN order_line l ON l.id = u.order_line_id WHERE l.order_id = ?",
                String.class, orderId)).containsExactly("356938035643809");
        assertThat(jdbc.queryForList("SELECT type FROM order_event WHERE order_id = ? AND type LIKE 'SHIP%' ORDER BY id", String.class, orderId))
                .containsExactly("SHIPPED", "SHIPMENT_ON_CHANNEL");
        int shipCalls = onChannel.path("updates").size() - updatesBefore;
        assertThat(shipCalls).as("one ship call").isEqualTo(1);

        // the same shipment message delivered again, and more polls of the same document: nothing changes on the channel
        long shipmentId = jdbc.queryForObject("SELECT id FROM shipment WHERE order_id = ?", Long.class, orderId);
        int patches = calls("PATCH /ws/orderlines/{orderlineId}");
        new JmsTemplate(connectionFactory).convertAndSend("kanal.shipments", String.valueOf(shipmentId), m -> {
            m.setLongProperty("kanalShipmentId", shipmentId);
            return m;
        });
        jdbc.update("UPDATE shipment SET channel_confirmed_at = NULL WHERE id = ?", shipmentId); // as if killed before the commit
        new JmsTemplate(connectionFactory).convertAndSend("kanal.shipments", String.valueOf(shipmentId), m -> {
            m.setLongProperty("kanalShipmentId", shipmentId);
            return m;
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM shipment WHERE id = ? AND channel_confirmed_at IS NOT NULL", Integer.class, shipmentId) == 1);
        awaitRouteRuns("shipment-poll-" + CLIENT, 2); // more shipment polls read the WZ again
        assertThat(bm("GET", "/_control/orders/" + channelOrderId, null).path("updates").size() - updatesBefore)
                .as("still one ship call").isEqualTo(1);
        assertThat(calls("PATCH /ws/orderlines/{orderlineId}")).as("the IMEI already there is not sent again").isEqualTo(patches);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM shipment WHERE order_id = ?", Integer.class, orderId)).isEqualTo(1);
    }

    @Test
    void aWooCommerceOrderShippedInTheErpIsCompletedWithTrackingNoteAndMeta() throws Exception {
        String sku = stockInErp(5);
        String channelOrderId = http("POST", WOO_SHOP + "/orders", Map.of("status", "processing", "payment_method", "bacs",
                "line_items", List.of(Map.of("sku", sku, "quantity", 2, "price", "10.00"))), null).json().path("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> "IN_ERP".equals(status("woo-orders", channelOrderId)));
        long orderId = orderId("woo-orders", channelOrderId);

        Answer shipped = http("POST", "/sandbox/subiekt/" + CLIENT + "/_control/shipments", Map.of(
                "reference", "woo-orders:" + channelOrderId, "carrier", "InPost", "tracking", "IP-" + channelOrderId,
                "tracking_url", "https://inpost.example/IP-" + channelOrderId), null);
        assertThat(shipped.status()).as(shipped.json().toString()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM shipment WHERE order_id = ? AND channel_confirmed_at IS NOT NULL", Integer.class, orderId) == 1);
        JsonNode order = http("GET", WOO_SHOP + "/orders/" + channelOrderId, null, null).json();
        assertThat(order.path("status").asText()).isEqualTo("completed");
        JsonNode tracking = null;
        for (JsonNode meta : order.path("meta_data")) {
            if ("_wc_shipment_tracking_items".equals(meta.path("key").asText())) {
                tracking = meta.path("value");
            }
        }
        assertThat(tracking).isNotNull();
        assertThat(tracking).hasSize(1);
        assertThat(tracking.get(0).path("tracking_number").asText()).isEqualTo("IP-" + channelOrderId);
        assertThat(tracking.get(0).path("tracking_provider").asText()).isEqualTo("InPost");
        assertThat(tracking.get(0).path("tracking_link").asText()).isEqualTo("https://inpost.example/IP-" + channelOrderId);
        assertThat(wooStats().path("calls").path("POST /orders/{id}/notes").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(status("woo-orders", channelOrderId)).isEqualTo("SHIPPED");
        assertThat(openUnits(orderId)).isZero();
    }

    @Test
    void aBackMarketOrderInTwoParcelsIsShippedOnceWithTheLastParcelAndEachParcelSendsItsImei() throws Exception {
        String first = stockInErp(5);
        String second = stockInErp(5);
        String channelOrderId = bm("POST", "/_control/orders", Map.of("state", 1, "orderlines", List.of(
                Map.of("listing", first, "quantity", 1, "price", "199.00"),
                Map.of("listing", second, "quantity", 1, "price", "99.00")))).path("order_id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> "IN_ERP".equals(status("bm-orders", channelOrderId)));
        long orderId = orderId("bm-orders", channelOrderId);
        int updatesBefore = bm("GET", "/_control/orders/" + channelOrderId, null).path("updates").size();

        assertThat(http("POST", "/sandbox/subiekt/" + CLIENT + "/_control/shipments", Map.of(
                "reference", "bm-orders:" + channelOrderId, "carrier", "DPD", "tracking", "P1-" + channelOrderId,
                "serials", Map.of(first, List.of("356938035643801")), "lines", List.of(Map.of("sku", first, "quantity", 1))),
                null).status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM shipment WHERE order_id = ? AND channel_confirmed_at IS NOT NULL", Integer.class, orderId) == 1);
        JsonNode afterFirst = bm("GET", "/_control/orders/" + channelOrderId, null);
        assertThat(afterFirst.path("updates").size()).as("no ship call for an order not yet complete").isEqualTo(updatesBefore);
        assertThat(afterFirst.path("orderlines").findValuesAsText("imei")).as("the first parcel's IMEI is sent with it")
                .contains("356938035643801");

        assertThat(http("POST", "/sandbox/subiekt/" + CLIENT + "/_control/shipments", Map.of(
                "reference", "bm-orders:" + channelOrderId, "carrier", "DPD", "tracking", "P2-" + channelOrderId,
                "serials", Map.of(second, List.of("356938035643802"))), null).status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM shipment WHERE order_id = ? AND channel_confirmed_at IS NOT NULL", Integer.class, orderId) == 2);
        JsonNode shipped = bm("GET", "/_control/orders/" + channelOrderId, null);
        assertThat(shipped.path("orderlines").findValuesAsText("state")).containsOnly("3");
        assertThat(shipped.path("tracking_number").asText()).as("shipped with the parcel that completed it").isEqualTo("P2-" + channelOrderId);
        assertThat(shipped.path("orderlines").findValuesAsText("imei")).contains("356938035643801", "356938035643802");
        assertThat(shipped.path("updates").size() - updatesBefore).as("one ship call").isEqualTo(1);

        // the first parcel written again after the second (a kill before its commit): the order's own
        // tracking is known, nothing is refused and nothing is sent
        long firstShipment = jdbc.queryForObject("SELECT MIN(id) FROM shipment WHERE order_id = ?", Long.class, orderId);
        jdbc.update("UPDATE shipment SET channel_confirmed_at = NULL WHERE id = ?", firstShipment);
        new JmsTemplate(connectionFactory).convertAndSend("kanal.shipments", String.valueOf(firstShipment), m -> {
            m.setLongProperty("kanalShipmentId", firstShipment);
            return m;
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM shipment WHERE id = ? AND channel_confirmed_at IS NOT NULL", Integer.class, firstShipment) == 1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM shipment WHERE order_id = ? AND channel_error IS NOT NULL",
                Integer.class, orderId)).isZero();
        assertThat(bm("GET", "/_control/orders/" + channelOrderId, null).path("updates").size() - updatesBefore)
                .as("still one ship call").isEqualTo(1);
    }

    @Test
    void aPartialShipmentShipsOnlyItsLinesAndLeavesTheOrderOpen() throws Exception {
        String first = stockInErp(5);
        String second = stockInErp(5);
        String channelOrderId = http("POST", WOO_SHOP + "/orders", Map.of("status", "processing", "payment_method", "bacs",
                "line_items", List.of(Map.of("sku", first, "quantity", 1, "price", "10.00"),
                        Map.of("sku", second, "quantity", 2, "price", "20.00"))), null).json().path("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> "IN_ERP".equals(status("woo-orders", channelOrderId)));
        long orderId = orderId("woo-orders", channelOrderId);
        assertThat(openUnits(orderId)).isEqualTo(3);

        Answer shipped = http("POST", "/sandbox/subiekt/" + CLIENT + "/_control/shipments", Map.of(
                "reference", "woo-orders:" + channelOrderId, "carrier", "DPD", "tracking", "P1-" + channelOrderId,
                "lines", List.of(Map.of("sku", second, "quantity", 1))), null);
        assertThat(shipped.status()).as(shipped.json().toString()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM shipment WHERE order_id = ? AND channel_confirmed_at IS NOT NULL", Integer.class, orderId) == 1);
        assertThat(status("woo-orders", channelOrderId)).isEqualTo("IN_ERP");
        assertThat(openUnits(orderId)).as("one unit consumed").isEqualTo(2);
        assertThat(http("GET", WOO_SHOP + "/orders/" + channelOrderId, null, null).json().path("status").asText()).isEqualTo("processing");
        assertThat(jdbc.queryForList("SELECT type FROM order_event WHERE order_id = ? AND type LIKE '%SHIPPED' ORDER BY id", String.class, orderId))
                .containsExactly("PARTIALLY_SHIPPED");

        Answer rest = http("POST", "/sandbox/subiekt/" + CLIENT + "/_control/shipments", Map.of(
                "reference", "woo-orders:" + channelOrderId, "carrier", "DPD", "tracking", "P2-" + channelOrderId), null);
        assertThat(rest.status()).as(rest.json().toString()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> "SHIPPED".equals(status("woo-orders", channelOrderId)));
        assertThat(openUnits(orderId)).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> "completed".equals(
                http("GET", WOO_SHOP + "/orders/" + channelOrderId, null, null).json().path("status").asText()));
    }

    // ------------------------------------------------------------ helpers

    @Test
    void aBurstOfDocumentsInOneErpCommitIsRecordedInGroupsEachShippedOnceWithItsStockRefreshed() throws Exception {
        int orders = ShipmentPoller.GROUP + 5; // more than one group of one read
        String sku = stockInErp(orders + 2);
        List<String> channelOrderIds = new java.util.ArrayList<>();
        for (int i = 0; i < orders; i++) {
            channelOrderIds.add(bm("POST", "/_control/orders", Map.of("state", 1,
                    "orderlines", List.of(Map.of("listing", sku, "quantity", 1, "price", "99.00")))).path("order_id").asText());
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> channelOrderIds.stream().allMatch(id -> "IN_ERP".equals(status("bm-orders", id))));

        List<Map<String, Object>> acts = channelOrderIds.stream().map(id -> Map.<String, Object>of("reference", "bm-orders:" + id,
                "carrier", "DPD", "tracking", "TRK-" + id, "serials", Map.of(sku, List.of(imei(id))))).toList();
        Answer shipped = http("POST", "/sandbox/subiekt/" + CLIENT + "/_control/shipments/batch", acts, null);
        assertThat(shipped.status()).as(shipped.json().toString()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(60)).until(() -> channelOrderIds.stream().allMatch(id -> "SHIPPED".equals(status("bm-orders", id))));
        for (String id : channelOrderIds) {
            long orderId = orderId("bm-orders", id);
            assertThat(openUnits(orderId)).as("order %s: its allocation consumed", id).isZero();
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM shipment WHERE order_id = ? AND detected_at <= created_at",
                    Integer.class, orderId)).as("order %s: one shipment, detected when read", id).isEqualTo(1);
        }
        assertThat(jdbc.queryForObject("""
                SELECT s.quantity FROM stock_level s JOIN sku k ON k.id = s.sku_id WHERE k.client_id = ? AND k.code = ?""",
                Integer.class, clientId, sku)).as("Kanal's copy of the ERP stock fell with the documents").isEqualTo(2);
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject("""
                SELECT COUNT(*) FROM shipment s JOIN sales_order o ON o.id = s.order_id JOIN channel_account a ON a.id = o.channel_account_id
                 WHERE o.client_id = %d AND a.code = 'bm-orders' AND o.channel_order_id IN (%s) AND s.channel_confirmed_at IS NOT NULL"""
                .formatted(clientId, String.join(",", java.util.Collections.nCopies(orders, "?"))), Integer.class,
                channelOrderIds.toArray()) == orders);
        for (String id : channelOrderIds) {
            JsonNode onChannel = bm("GET", "/_control/orders/" + id, null);
            assertThat(onChannel.path("tracking_number").asText()).isEqualTo("TRK-" + id);
            assertThat(onChannel.path("orderlines").get(0).path("imei").asText()).isEqualTo(imei(id));
        }
    }

    /** A valid IMEI of its own for a channel order id. */
    private static String imei(String channelOrderId) {
        String payload = "35" + String.format("%012d", Long.parseLong(channelOrderId) % 1_000_000_000_000L);
        return payload + dev.kanal.inventory.serialized.Imei.checkDigit(payload);
    }

    private String stockInErp(int onHand) throws Exception {
        String sku = "SHP-" + RUN + "-" + SKUS.incrementAndGet();
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

    private int calls(String endpoint) throws Exception {
        return bm("GET", "/_control/stats", null).path("calls").path(endpoint).asInt();
    }

    private JsonNode wooStats() throws Exception {
        return http("GET", WOO_SHOP + "/stats", null, null).json();
    }

    private JsonNode bm(String method, String path, Object body) throws Exception {
        Answer answer = http(method, "/sandbox/backmarket" + path, body, "Basic " + BM_ORDERS_TOKEN);
        assertThat(answer.status()).as(method + " " + path + ": " + answer.json()).isBetween(200, 299);
        return answer.json();
    }
}
