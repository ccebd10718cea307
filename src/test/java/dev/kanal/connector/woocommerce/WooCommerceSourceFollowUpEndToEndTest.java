package dev.kanal.connector.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.KanalIntegrationTest;
import dev.kanal.fulfilment.ShopShipmentPoller;
import dev.kanal.sandbox.backmarket.BackMarketSandboxControl;
import dev.kanal.sandbox.woocommerce.WooSandboxControl;
import jakarta.jms.ConnectionFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;

/**
 * What follows a Back Market order Kanal wrote to the client's source shop (docs/decisions/0044),
 * end to end on real PostgreSQL, the broker and HTTP with the shop-source client
 * ({@link #SHOP_CLIENT}): Back Market cancels it and the shop order is cancelled once, its stock
 * put back once, also when the change is applied again after a lost commit; Back Market refunds
 * one line and the shop refunds that line with restock; the shop completes an order with
 * tracking and Back Market ships it with that tracking once, however often the shop is polled;
 * the shop's staff cancel an order and Back Market cancels it once, while Kanal's own
 * cancellation of a shop order is not sent back (docs/decisions/0049).
 */
class WooCommerceSourceFollowUpEndToEndTest extends KanalIntegrationTest {

    private static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("admin:test-secret".getBytes(StandardCharsets.UTF_8));
    private static final Duration WITHIN_POLLS = Duration.ofSeconds(30);

    @Autowired JdbcTemplate jdbc;
    @Autowired ConnectionFactory connectionFactory;
    @Autowired ShopShipmentPoller shopShipments;

    WooSandboxControl shop;
    BackMarketSandboxControl backMarket;
    String prefix;

    @BeforeEach
    void sandboxes() {
        shop = WooSandboxControl.shop(PORT, SHOP_SOURCE_KEY, SHOP_SOURCE_SECRET);
        backMarket = new BackMarketSandboxControl(URI.create(baseUrl() + "/sandbox/backmarket"), SHOP_BM_TOKEN);
        prefix = "F" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
    }

    @Test
    void aBackMarketOrderCancelledOnTheChannelIsCancelledInTheShopOnceAndItsStockPutBackOnce() throws Exception {
        String sku = prefix + "-12M";
        long product = simpleProduct(sku, 5);
        String listing = listedOnBackMarket(sku);
        String bmOrder = placedOnBackMarket(List.of(Map.of("listing", sku, "quantity", 2, "price", "199.00")));
        long orderId = orderId(bmOrder);
        String shopOrder = shopOrderOf(orderId);
        assertThat(stock(product)).isEqualTo(3);

        awaitNextWholeSecond(); // Back Market's dates have whole seconds: the refund must come after the order's last change
        refundLinesOnBackMarket(bmOrder, 0);

        await().atMost(WITHIN_POLLS).until(() -> "CANCELLED".equals(status(orderId)));
        assertThat(shop.call("GET", shop.shopPath() + "/orders/" + shopOrder, null, 200).path("status").asText()).isEqualTo("cancelled");
        assertThat(stock(product)).as("the shop put back the units it took, once").isEqualTo(5);
        assertThat(apiEdits(shopOrder)).as("one PUT of the shop order").isEqualTo(1);
        assertThat(row(orderId).get("erp_order_ref")).as("the order keeps its shop order").isEqualTo("shop:" + shopOrder);
        assertThat(jdbc.queryForObject("SELECT detail FROM order_change WHERE order_id = ? AND status = 'APPLIED'", String.class, orderId))
                .contains("shop order " + shopOrder + " cancelled");
        await().atMost(WITHIN_POLLS).until(() -> backMarket.listing(listing).path("quantity").asInt() == 5);

        // the same change applied again as if its first commit had been lost: the shop is looked at, not changed again
        // (the change in flight first: a lost commit leaves both as they were, and the shop poll must not see an open order without it)
        long changeId = jdbc.queryForObject("SELECT id FROM order_change WHERE order_id = ?", Long.class, orderId);
        jdbc.update("UPDATE order_change SET status = 'PENDING', applied_at = NULL WHERE id = ?", changeId);
        jdbc.update("UPDATE sales_order SET status = 'IN_ERP' WHERE id = ?", orderId);
        jdbc.update("UPDATE order_line SET cancelled_quantity = 0 WHERE order_id = ?", orderId);
        send(changeId);
        await().atMost(WITHIN_POLLS).until(() -> "CANCELLED".equals(status(orderId))
                && "APPLIED".equals(jdbc.queryForObject("SELECT status FROM order_change WHERE id = ?", String.class, changeId)));
        assertThat(jdbc.queryForObject("SELECT detail FROM order_change WHERE id = ?", String.class, changeId))
                .contains("already cancelled");
        assertThat(apiEdits(shopOrder)).isEqualTo(1);
        assertThat(stock(product)).isEqualTo(5);
        awaitRouteRuns("source-poll-" + SHOP_CLIENT, 2);
        assertThat(backMarket.listing(listing).path("quantity").asInt()).isEqualTo(5);
    }

    @Test
    void aLineRefundedOnBackMarketIsRefundedInTheShopWithRestockAndTheRestGoesOn() throws Exception {
        String kept = prefix + "-KEPT";
        String refunded = prefix + "-GONE";
        long keptProduct = simpleProduct(kept, 4);
        long refundedProduct = simpleProduct(refunded, 4);
        listedOnBackMarket(kept);
        listedOnBackMarket(refunded);
        String bmOrder = placedOnBackMarket(List.of(Map.of("listing", kept, "quantity", 1, "price", "199.00"),
                Map.of("listing", refunded, "quantity", 1, "price", "49.00")));
        long orderId = orderId(bmOrder);
        String shopOrder = shopOrderOf(orderId);
        assertThat(stock(refundedProduct)).isEqualTo(3);

        awaitNextWholeSecond();
        refundLinesOnBackMarket(bmOrder, 1);

        await().atMost(WITHIN_POLLS).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM order_change WHERE order_id = ? AND status = 'APPLIED'", Integer.class, orderId) == 1);
        JsonNode refunds = shop.call("GET", shop.shopPath() + "/orders/" + shopOrder + "/refunds", null, 200);
        assertThat(refunds).hasSize(1);
        assertThat(refunds.get(0).path("amount").asText()).isEqualTo("49.00");
        assertThat(refunds.get(0).path("refunded_payment").asBoolean(true)).as("Back Market pays the customer back, not the shop")
                .isFalse();
        assertThat(stock(refundedProduct)).as("the refunded unit is back in the shop").isEqualTo(4);
        assertThat(stock(keptProduct)).isEqualTo(3);
        assertThat(shop.call("GET", shop.shopPath() + "/orders/" + shopOrder, null, 200).path("status").asText()).isEqualTo("processing");
        assertThat(status(orderId)).isEqualTo("IN_ERP");

        // applied again as if its first commit had been lost: the refund is found by its key, not made twice
        long changeId = jdbc.queryForObject("SELECT id FROM order_change WHERE order_id = ?", Long.class, orderId);
        jdbc.update("UPDATE order_line SET cancelled_quantity = 0 WHERE order_id = ?", orderId);
        jdbc.update("UPDATE order_change SET status = 'PENDING', applied_at = NULL WHERE id = ?", changeId);
        send(changeId);
        await().atMost(WITHIN_POLLS).until(() -> "APPLIED".equals(jdbc.queryForObject(
                "SELECT status FROM order_change WHERE id = ?", String.class, changeId)));
        assertThat(jdbc.queryForObject("SELECT detail FROM order_change WHERE id = ?", String.class, changeId)).contains("made before");
        assertThat(shop.call("GET", shop.shopPath() + "/orders/" + shopOrder + "/refunds", null, 200)).hasSize(1);
        assertThat(stock(refundedProduct)).isEqualTo(4);
    }

    @Test
    void anOrderTheShopCompletesWithTrackingShipsOnBackMarketOnceHoweverOftenTheShopIsPolled() throws Exception {
        String sku = prefix + "-13P";
        simpleProduct(sku, 5);
        listedOnBackMarket(sku);
        String bmOrder = placedOnBackMarket(List.of(Map.of("listing", sku, "quantity", 1, "price", "299.00")));
        long orderId = orderId(bmOrder);
        String shopOrder = shopOrderOf(orderId);
        int updatesBefore = backMarket.order(Long.parseLong(bmOrder)).path("updates").size();

        // the shop's staff add the tracking (the Shipment Tracking extension's meta) and complete the order
        shop.call("PUT", shop.shopPath() + "/orders/" + shopOrder, Map.of("status", "completed", "meta_data", List.of(Map.of(
                "key", "_wc_shipment_tracking_items", "value", List.of(Map.of("tracking_provider", "Colissimo",
                        "tracking_number", "6A" + bmOrder, "tracking_link", "https://tracking.example/6A" + bmOrder,
                        "date_shipped", "2026-12-08"))))), 200);

        await().atMost(WITHIN_POLLS).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM shipment WHERE order_id = ? AND channel_confirmed_at IS NOT NULL", Integer.class, orderId) == 1);
        JsonNode onChannel = backMarket.order(Long.parseLong(bmOrder));
        assertThat(onChannel.path("orderlines").get(0).path("state").asInt()).isEqualTo(3);
        assertThat(onChannel.path("tracking_number").asText()).isEqualTo("6A" + bmOrder);
        assertThat(onChannel.path("tracking_url").asText()).isEqualTo("https://tracking.example/6A" + bmOrder);
        assertThat(onChannel.path("shipper_display").asText()).isEqualTo("Colissimo");
        assertThat(status(orderId)).isEqualTo("SHIPPED");
        assertThat(jdbc.queryForMap("SELECT source, source_ref, carrier FROM shipment WHERE order_id = ?", orderId))
                .containsEntry("source", "SHOP").containsEntry("source_ref", "shop:" + shopOrder).containsEntry("carrier", "Colissimo");

        // more polls, and one reading again from long before: nothing new is recorded or sent
        awaitRouteRuns("shop-shipment-poll-" + SHOP_CLIENT, 2);
        jdbc.update("UPDATE source_order_cursor SET read_after = ? WHERE client_id = (SELECT id FROM client WHERE code = ?)",
                java.sql.Timestamp.from(java.time.Instant.now().minus(Duration.ofHours(1))), SHOP_CLIENT);
        assertThat(shopShipments.poll(SHOP_CLIENT).shipments()).isEmpty();
        awaitRouteRuns("shop-shipment-poll-" + SHOP_CLIENT, 2);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM shipment WHERE order_id = ?", Integer.class, orderId)).isEqualTo(1);
        assertThat(backMarket.order(Long.parseLong(bmOrder)).path("updates").size() - updatesBefore).as("one ship call").isEqualTo(1);
    }

    @Test
    void anOrderTheShopsStaffCancelIsCancelledOnBackMarketOnceAndKanalsOwnCancellationIsNotSentBack() throws Exception {
        String sku = prefix + "-14S";
        long product = simpleProduct(sku, 9);
        String listing = listedOnBackMarket(sku);
        String staffs = placedOnBackMarket(List.of(Map.of("listing", sku, "quantity", 2, "price", "199.00")));
        String channels = placedOnBackMarket(List.of(Map.of("listing", sku, "quantity", 1, "price", "199.00")));
        String open = placedOnBackMarket(List.of(Map.of("listing", sku, "quantity", 1, "price", "199.00")));
        long staffsOrder = orderId(staffs);
        long channelsOrder = orderId(channels);
        String staffsShopOrder = shopOrderOf(staffsOrder);
        String channelsShopOrder = shopOrderOf(channelsOrder);
        assertThat(stock(product)).isEqualTo(5);

        // Back Market cancels one order: Kanal cancels its shop order, which the shop then lists as cancelled
        awaitNextWholeSecond();
        refundLinesOnBackMarket(channels, 0);
        await().atMost(WITHIN_POLLS).until(() -> "CANCELLED".equals(status(channelsOrder)));
        assertThat(shop.call("GET", shop.shopPath() + "/orders/" + channelsShopOrder, null, 200).path("status").asText())
                .isEqualTo("cancelled");
        int updatesBefore = backMarket.order(Long.parseLong(staffs)).path("updates").size();

        // the shop's staff cancel another in wp-admin
        shop.call("PUT", shop.shopPath() + "/orders/" + staffsShopOrder, Map.of("status", "cancelled"), 200);

        await().atMost(WITHIN_POLLS).until(() -> "CANCELLED".equals(status(staffsOrder)) && "APPLIED".equals(jdbc.queryForObject(
                "SELECT status FROM order_change WHERE order_id = ? AND change_key = ?", String.class, staffsOrder,
                "shop-cancelled:" + staffsShopOrder)));
        assertThat(jdbc.queryForMap("SELECT direction, kind, origin, lines, reason FROM order_change WHERE order_id = ?", staffsOrder))
                .containsEntry("direction", "TO_CHANNEL").containsEntry("kind", "CANCEL").containsEntry("origin", "ERP")
                .containsEntry("reason", "shop order " + staffsShopOrder + " cancelled in the shop");
        JsonNode onChannel = backMarket.order(Long.parseLong(staffs));
        assertThat(onChannel.path("orderlines").get(0).path("state").asInt()).as("the accepted line refunded before shipping")
                .isEqualTo(5);
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM allocation a JOIN order_line l ON l.id = a.order_line_id WHERE l.order_id = ? AND a.status = 'OPEN'""",
                Integer.class, staffsOrder)).as("its units released").isZero();
        assertThat(stock(product)).as("the shop put back the staff's order's units itself; Kanal's order kept one").isEqualTo(8);
        assertThat(apiEdits(staffsShopOrder)).as("Kanal found the shop order cancelled and left it").isZero();
        await().atMost(WITHIN_POLLS).until(() -> backMarket.listing(listing).path("quantity").asInt() == 8);

        // more polls, and one reading again from long before: nothing is recorded or sent again, nor for Kanal's own cancellation
        awaitRouteRuns("shop-shipment-poll-" + SHOP_CLIENT, 2);
        jdbc.update("UPDATE source_order_cursor SET read_after = ? WHERE client_id = (SELECT id FROM client WHERE code = ?)",
                java.sql.Timestamp.from(java.time.Instant.now().minus(Duration.ofHours(1))), SHOP_CLIENT);
        assertThat(status(open)).as("an open order in the shop: the poll reads").isEqualTo("IN_ERP");
        ShopShipmentPoller.Poll again = shopShipments.poll(SHOP_CLIENT);
        assertThat(again.changes()).isEmpty();
        awaitRouteRuns("shop-shipment-poll-" + SHOP_CLIENT, 2);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM order_change WHERE order_id = ? AND direction = 'TO_CHANNEL'", Integer.class,
                staffsOrder)).isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT direction || ' ' || status FROM order_change WHERE order_id = ?", String.class,
                channelsOrder)).as("Back Market's cancellation, applied to the shop, is not sent back").containsExactly("TO_ERP APPLIED");
        assertThat(backMarket.order(Long.parseLong(staffs)).path("updates").size() - updatesBefore).as("one cancel call").isEqualTo(1);
        assertThat(status(staffsOrder)).isEqualTo("CANCELLED");
    }

    // ------------------------------------------------------------ helpers

    private long simpleProduct(String sku, int stock) {
        ObjectNode product = WooSandboxControl.JSON.createObjectNode().put("name", "Phone " + sku).put("sku", sku)
                .put("regular_price", "249.00").put("manage_stock", true).put("stock_quantity", stock);
        return shop.seed(product).get(0).path("id").asLong();
    }

    /** A Back Market listing of the SKU, imported once the source poll has learnt the SKU, showing the shop's stock. */
    private String listedOnBackMarket(String sku) throws Exception {
        await().atMost(WITHIN_POLLS).until(() -> jdbc.queryForObject("""
                SELECT count(*) FROM sku k JOIN client c ON c.id = k.client_id WHERE c.code = ? AND k.code = ?""",
                Integer.class, SHOP_CLIENT, sku) == 1);
        String listing = backMarket.seed(1, (i, l) -> l.put("sku", sku).put("quantity", 0)).get(0).path("id").asText();
        Answer imported = http("POST", "/admin/clients/" + SHOP_CLIENT + "/accounts/bm/listings/import?wait=true", null, ADMIN);
        assertThat(imported.status()).as(imported.json().toString()).isBetween(200, 299);
        await().atMost(WITHIN_POLLS).until(() -> backMarket.listing(listing).path("quantity").asInt() > 0);
        return listing;
    }

    /** A paid Back Market order, once Kanal wrote it to the shop and Back Market shows its lines accepted. */
    private String placedOnBackMarket(List<Map<String, Object>> lines) throws Exception {
        Answer placed = http("POST", "/sandbox/backmarket/_control/orders", Map.of("state", 1, "orderlines", lines),
                "Basic " + SHOP_BM_TOKEN);
        assertThat(placed.status()).as(placed.json().toString()).isBetween(200, 299);
        String bmOrder = placed.json().path("order_id").asText();
        await().atMost(WITHIN_POLLS).until(() -> "IN_ERP".equals(status(bmOrder)));
        await().atMost(WITHIN_POLLS).until(() -> {
            List<Integer> states = new ArrayList<>();
            backMarket.order(Long.parseLong(bmOrder)).path("orderlines").forEach(l -> states.add(l.path("state").asInt()));
            return states.stream().allMatch(s -> s == 2);
        });
        return bmOrder;
    }

    /** Back Market refunds the order's line at {@code index} before shipping (line state 5). */
    private void refundLinesOnBackMarket(String bmOrder, int index) {
        long line = backMarket.order(Long.parseLong(bmOrder)).path("orderlines").get(index).path("id").asLong();
        ObjectNode change = WooSandboxControl.JSON.createObjectNode();
        change.putArray("orderlines").addObject().put("id", line).put("state", 5);
        backMarket.changeOrder(Long.parseLong(bmOrder), change);
    }

    private void send(long changeId) {
        new JmsTemplate(connectionFactory).convertAndSend("kanal.order.changes", String.valueOf(changeId), m -> {
            m.setStringProperty("kanalOrderChangeId", String.valueOf(changeId));
            return m;
        });
    }

    private int stock(long product) {
        return shop.product(product).path("stock_quantity").asInt();
    }

    private int apiEdits(String shopOrder) {
        return shop.call("GET", shop.shopPath() + "/orders/" + shopOrder + "/api-writes", null, 200).path("api_edits").asInt();
    }

    private String shopOrderOf(long orderId) {
        String reference = (String) row(orderId).get("erp_order_ref");
        assertThat(reference).startsWith("shop:");
        return reference.substring("shop:".length());
    }

    private long orderId(String bmOrder) {
        return jdbc.queryForObject("""
                SELECT o.id FROM sales_order o JOIN channel_account a ON a.id = o.channel_account_id JOIN client c ON c.id = o.client_id
                 WHERE c.code = ? AND a.code = 'bm' AND o.channel_order_id = ?""", Long.class, SHOP_CLIENT, bmOrder);
    }

    private String status(String bmOrder) {
        List<String> rows = jdbc.queryForList("""
                SELECT o.status FROM sales_order o JOIN channel_account a ON a.id = o.channel_account_id JOIN client c ON c.id = o.client_id
                 WHERE c.code = ? AND a.code = 'bm' AND o.channel_order_id = ?""", String.class, SHOP_CLIENT, bmOrder);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private String status(long orderId) {
        return jdbc.queryForObject("SELECT status FROM sales_order WHERE id = ?", String.class, orderId);
    }

    private Map<String, Object> row(long orderId) {
        return jdbc.queryForMap("SELECT * FROM sales_order WHERE id = ?", orderId);
    }
}
