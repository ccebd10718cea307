package dev.kanal.connector.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.KanalIntegrationTest;
import dev.kanal.client.config.SourceConfig;
import dev.kanal.connector.ChannelRefusedException;
import dev.kanal.connector.SourceCancelledOrder;
import dev.kanal.connector.SourceConnector;
import dev.kanal.connector.SourceFinishedOrder;
import dev.kanal.connector.SourceOrder;
import dev.kanal.connector.SourceShipment;
import dev.kanal.connector.TrustBundles;
import dev.kanal.connector.backmarket.RecordingHttpClient;
import dev.kanal.sandbox.woocommerce.WooSandboxControl;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The orders Kanal wrote to a WooCommerce source, after the write (docs/decisions/0044), on the
 * wire: what Kanal sends and what the sandbox answers, checked against WooCommerce's documented
 * REST API (shared/api-contracts.md 1.5 and 1.6; WooCommerce publishes no OpenAPI file) and
 * WooCommerce's own stock rules: {@code GET /orders/{id}}, {@code PUT /orders/{id}}
 * {@code {"status":"cancelled"}} (the stock it reduced put back once), {@code POST /orders/{id}/refunds}
 * with {@code line_items}, {@code api_refund} false and {@code api_restock} true (those units put
 * back, and taken off what a later cancellation puts back), {@code GET /orders/{id}/refunds}, and
 * {@code GET /orders?status=completed,cancelled,refunded&modified_after=} with the Shipment Tracking
 * meta (decision 0049: one list of the orders the shop finished with, shipped or cancelled).
 */
class WooCommerceShopOrderContractTest extends KanalIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort int port;

    private WooSandboxControl shop;
    private RecordingHttpClient http;
    private WooCommerceSource source;
    private SourceConfig config;

    @BeforeEach
    void newShop() {
        shop = new WooSandboxControl(port);
        http = new RecordingHttpClient(HttpClient.newHttpClient());
        source = new WooCommerceSource(new WooCommerceClient(http, Duration.ofSeconds(5), Clock.systemUTC(), 1), TrustBundles.none(),
                Clock.systemUTC());
        config = SourceConfig.wooCommerce(shop.apiRoot().toString(), shop.consumerKey, shop.consumerSecret, null, null, null);
    }

    @Test
    void cancelledUnitsAreRefundedWithRestockOnceAndTheWholeOrderCancelledPutsBackOnlyTheRestOnce() throws Exception {
        long phone = product("C-PHONE", 5);
        long cable = product("C-CABLE", 4);
        SourceConnector.Written written = source.writeOrder("test", config, new SourceOrder("test/1/bm:1", "bm:1", "Back Market",
                false, List.of(new SourceOrder.Line("C-PHONE", 2, new BigDecimal("200.00")),
                        new SourceOrder.Line("C-CABLE", 1, new BigDecimal("10.00")))), false);
        assertThat(stock(phone)).isEqualTo(3);
        assertThat(stock(cable)).isEqualTo(3);

        // one phone cancelled: a refund of that unit, with restock, no payment back
        http.clear();
        SourceConnector.Cancellation onePhone = new SourceConnector.Cancellation(written.orderRef(), "test/1/bm:1",
                "test/1/bm:1/cancel/11x1", "line cancelled on Back Market", List.of(new SourceOrder.Line("C-PHONE", 1, null)));
        SourceConnector.Cancelled refunded = source.cancelOrder("test", config, onePhone);

        RecordingHttpClient.Exchange read = http.exchanges().get(0);
        assertThat(read.method() + " " + path(read)).isEqualTo("GET /orders/" + written.orderRef());
        JsonNode order = JSON.readTree(read.responseBody());
        assertThat(order.path("status").asText()).isEqualTo("processing");
        assertThat(order.path("refunds").isArray()).isTrue();
        for (JsonNode line : order.path("line_items")) {
            assertThat(line.path("id").isIntegralNumber()).isTrue();
            assertThat(line.path("sku").isTextual()).isTrue();
            assertThat(line.path("quantity").isIntegralNumber()).isTrue();
            assertThat(line.path("total").asText()).as("money is a string").matches("\\d+\\.\\d{2}");
        }
        RecordingHttpClient.Exchange refund = http.exchanges().get(1);
        assertThat(refund.method() + " " + path(refund)).isEqualTo("POST /orders/" + written.orderRef() + "/refunds");
        assertThat(refund.requestHeaders().firstValue("Content-Type")).hasValue("application/json");
        JsonNode sent = JSON.readTree(refund.requestBody());
        assertThat(sent.path("amount").isTextual()).as("money is a string").isTrue();
        assertThat(sent.path("amount").asText()).isEqualTo("200.00");
        assertThat(sent.path("api_refund").isBoolean() && !sent.path("api_refund").asBoolean()).isTrue();
        assertThat(sent.path("api_restock").isBoolean() && sent.path("api_restock").asBoolean()).isTrue();
        JsonNode item = sent.path("line_items").get(0);
        assertThat(item.path("id").asLong()).isEqualTo(order.path("line_items").get(0).path("id").asLong());
        assertThat(item.path("quantity").isIntegralNumber()).isTrue();
        assertThat(item.path("refund_total").asText()).isEqualTo("200.00");
        assertThat(sent.path("meta_data").get(0).path("key").asText()).isEqualTo(WooCommerceSource.CANCEL_KEY);
        assertThat(refund.status()).isEqualTo(201);
        JsonNode made = JSON.readTree(refund.responseBody());
        assertThat(made.path("id").isIntegralNumber()).isTrue();
        assertThat(made.path("amount").asText()).isEqualTo("200.00");
        assertThat(made.path("refunded_payment").asBoolean(true)).isFalse();
        assertThat(made.path("line_items").get(0).path("quantity").asInt()).as("refunded items count negative").isEqualTo(-1);
        assertThat(made.path("meta_data").toString()).contains("test/1/bm:1/cancel/11x1");
        assertThat(refunded.itemRefs()).containsExactly(String.valueOf(phone));
        assertThat(stock(phone)).as("the refunded unit is back").isEqualTo(4);
        assertThat(stock(cable)).isEqualTo(3);

        // the same cancellation again (an attempt whose commit was lost): found among the refunds, not made twice
        http.clear();
        SourceConnector.Cancelled again = source.cancelOrder("test", config, onePhone);
        assertThat(again.detail()).contains("made before");
        assertThat(http.exchanges()).extracting(e -> e.method() + " " + path(e)).containsExactly(
                "GET /orders/" + written.orderRef(), "GET /orders/" + written.orderRef() + "/refunds");
        JsonNode listed = JSON.readTree(http.exchanges().get(1).responseBody());
        assertThat(listed.isArray()).isTrue();
        assertThat(listed.get(0).path("meta_data").toString()).contains(WooCommerceSource.CANCEL_KEY);
        assertThat(listed.get(0).path("line_items").get(0).path("meta_data").toString()).contains("_refunded_item_id");
        assertThat(stock(phone)).isEqualTo(4);

        // the rest of the order cancelled: WooCommerce puts back what it reduced and was not refunded yet
        http.clear();
        SourceConnector.Cancellation whole = new SourceConnector.Cancellation(written.orderRef(), "test/1/bm:1", null,
                "cancelled on Back Market", List.of());
        source.cancelOrder("test", config, whole);
        RecordingHttpClient.Exchange put = http.exchanges().get(1);
        assertThat(put.method() + " " + path(put)).isEqualTo("PUT /orders/" + written.orderRef());
        assertThat(JSON.readTree(put.requestBody())).isEqualTo(JSON.readTree("{\"status\":\"cancelled\"}"));
        assertThat(put.status()).isEqualTo(200);
        assertThat(JSON.readTree(put.responseBody()).path("status").asText()).isEqualTo("cancelled");
        assertThat(stock(phone)).as("2 taken, 1 refunded with restock, 1 put back now").isEqualTo(5);
        assertThat(stock(cable)).isEqualTo(4);

        // cancelled twice: nothing more is asked of the shop, nothing more put back
        http.clear();
        assertThat(source.cancelOrder("test", config, whole).detail()).contains("already cancelled");
        assertThat(http.exchanges()).extracting(RecordingHttpClient.Exchange::method).containsOnly("GET");
        shop.call("PUT", shop.shopPath() + "/orders/" + written.orderRef(), Map.of("status", "cancelled"), 200);
        assertThat(stock(phone)).as("WooCommerce puts stock back once per order").isEqualTo(5);
        assertThat(stock(cable)).isEqualTo(4);
    }

    @Test
    void aCompletedOrderRefusesTheCancellationAndAnOrderWhoseAnswerWasLostIsFoundByItsKey() throws Exception {
        long phone = product("R-PHONE", 5);
        SourceConnector.Written written = source.writeOrder("test", config, new SourceOrder("test/2/bm:2", "bm:2", "Back Market",
                false, List.of(new SourceOrder.Line("R-PHONE", 1, new BigDecimal("99.00")))), false);

        // Kanal never learnt the order's id: found by its request key, then cancelled
        SourceConnector.Cancelled cancelled = source.cancelOrder("test", config, new SourceConnector.Cancellation(null, "test/2/bm:2",
                null, "unpaid", List.of()));
        assertThat(cancelled.orderRef()).isEqualTo(written.orderRef());
        assertThat(stock(phone)).isEqualTo(5);
        assertThat(source.cancelOrder("test", config, new SourceConnector.Cancellation(null, "test/2/nobody", null, "x", List.of()))
                .orderRef()).as("no attempt reached the shop").isNull();

        SourceConnector.Written shipped = source.writeOrder("test", config, new SourceOrder("test/3/bm:3", "bm:3", "Back Market",
                false, List.of(new SourceOrder.Line("R-PHONE", 1, new BigDecimal("99.00")))), false);
        shop.call("PUT", shop.shopPath() + "/orders/" + shipped.orderRef(), Map.of("status", "completed"), 200);
        assertThatThrownBy(() -> source.cancelOrder("test", config, new SourceConnector.Cancellation(shipped.orderRef(), "test/3/bm:3",
                null, "too late", List.of())))
                .isInstanceOf(ChannelRefusedException.class).hasMessageContaining("completed (shipped by the shop)");
        assertThat(stock(phone)).isEqualTo(4);
    }

    @Test
    void finishedOrdersKanalWroteAreReadInOneListCompletedWithTheirTrackingCancelledAndRefundedAndTheShopsOwnAreNot()
            throws Exception {
        product("S-PHONE", 9);
        Instant since = Instant.now().minusSeconds(60);
        SourceConnector.Written written = source.writeOrder("test", config, new SourceOrder("test/4/bm:4", "bm:4", "Back Market",
                false, List.of(new SourceOrder.Line("S-PHONE", 1, new BigDecimal("99.00")))), false);
        SourceConnector.Written open = source.writeOrder("test", config, new SourceOrder("test/5/bm:5", "bm:5", "Back Market",
                false, List.of(new SourceOrder.Line("S-PHONE", 1, new BigDecimal("99.00")))), false);
        SourceConnector.Written staffCancelled = source.writeOrder("test", config, new SourceOrder("test/6/bm:6", "bm:6", "Back Market",
                false, List.of(new SourceOrder.Line("S-PHONE", 1, new BigDecimal("99.00")))), false);
        SourceConnector.Written staffRefunded = source.writeOrder("test", config, new SourceOrder("test/7/bm:7", "bm:7", "Back Market",
                false, List.of(new SourceOrder.Line("S-PHONE", 1, new BigDecimal("99.00")))), false);
        SourceConnector.Written kanalCancelled = source.writeOrder("test", config, new SourceOrder("test/8/bm:8", "bm:8", "Back Market",
                false, List.of(new SourceOrder.Line("S-PHONE", 1, new BigDecimal("99.00")))), false);
        String createdAt = order(staffCancelled.orderRef()).path("date_modified_gmt").asText();
        shop.call("PUT", shop.shopPath() + "/orders/" + written.orderRef(), Map.of("status", "completed", "meta_data", List.of(Map.of(
                "key", "_wc_shipment_tracking_items", "value", List.of(Map.of("tracking_provider", "DPD", "tracking_number", "DPD-4",
                        "tracking_link", "https://tracking.example/DPD-4", "date_shipped", "2026-12-08"))))), 200);
        String customers = shop.call("POST", shop.shopPath() + "/orders", Map.of("status", "processing", "set_paid", true,
                "line_items", List.of(Map.of("sku", "S-PHONE", "quantity", 1))), 201).path("id").asText();
        shop.call("PUT", shop.shopPath() + "/orders/" + customers, Map.of("status", "completed"), 200);
        String customersCancelled = shop.call("POST", shop.shopPath() + "/orders", Map.of("status", "processing", "set_paid", true,
                "line_items", List.of(Map.of("sku", "S-PHONE", "quantity", 1))), 201).path("id").asText();
        shop.call("PUT", shop.shopPath() + "/orders/" + customersCancelled, Map.of("status", "cancelled"), 200);
        // the shop's staff cancel one order and refund another in full in wp-admin; Kanal cancels a third through the REST API
        awaitNextWholeSecond(); // the shop's dates have whole seconds
        shop.call("PUT", shop.shopPath() + "/orders/" + staffCancelled.orderRef(), Map.of("status", "cancelled"), 200);
        shop.call("POST", shop.shopPath() + "/orders/" + staffRefunded.orderRef() + "/refunds", Map.of("amount",
                order(staffRefunded.orderRef()).path("total").asText(), "api_refund", false, "reason", "customer changed their mind"), 201);
        source.cancelOrder("test", config, new SourceConnector.Cancellation(kanalCancelled.orderRef(), "test/8/bm:8", null,
                "cancelled on Back Market", List.of()));
        JsonNode cancelledNow = order(staffCancelled.orderRef());
        assertThat(cancelledNow.path("status").asText()).isEqualTo("cancelled");
        assertThat(cancelledNow.path("date_modified_gmt").asText()).as("a cancellation is a change of the order").isGreaterThan(createdAt);
        assertThat(order(staffRefunded.orderRef()).path("status").asText()).as("refunded in full").isEqualTo("refunded");
        assertThat(order(kanalCancelled.orderRef()).path("date_modified_gmt").asText()).isGreaterThan(createdAt);

        http.clear();
        List<SourceFinishedOrder> finished = new ArrayList<>();
        source.readFinished("test", config, since, finished::addAll);

        assertThat(finished).as("order " + open.orderRef() + " is still processing; " + customers + " and " + customersCancelled
                + " are the shop's own").hasSize(4);
        assertThat(finished).filteredOn(SourceShipment.class::isInstance).singleElement().satisfies(f -> {
            SourceShipment s = (SourceShipment) f;
            assertThat(s.orderRef()).isEqualTo(written.orderRef());
            assertThat(s.requestKey()).isEqualTo("test/4/bm:4");
            assertThat(s.reference()).isEqualTo("bm:4");
            assertThat(s.carrier()).isEqualTo("DPD");
            assertThat(s.trackingNumber()).isEqualTo("DPD-4");
            assertThat(s.trackingUrl()).isEqualTo("https://tracking.example/DPD-4");
            assertThat(s.shippedAt()).isEqualTo(Instant.parse("2026-12-08T00:00:00Z"));
        });
        // the shop shows Kanal's own cancellation as it shows the staff's: the poll tells them apart (decision 0049)
        assertThat(finished).filteredOn(SourceCancelledOrder.class::isInstance).map(f -> (SourceCancelledOrder) f)
                .extracting(SourceCancelledOrder::orderRef, SourceCancelledOrder::requestKey, SourceCancelledOrder::reference,
                        SourceCancelledOrder::status)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(staffCancelled.orderRef(), "test/6/bm:6", "bm:6", "cancelled"),
                        org.assertj.core.groups.Tuple.tuple(staffRefunded.orderRef(), "test/7/bm:7", "bm:7", "refunded"),
                        org.assertj.core.groups.Tuple.tuple(kanalCancelled.orderRef(), "test/8/bm:8", "bm:8", "cancelled"));
        assertThat(finished).allSatisfy(f -> assertThat(f.modifiedAt()).isNotNull());

        assertThat(http.exchanges()).as("one call for the three statuses").hasSize(1);
        RecordingHttpClient.Exchange list = http.exchanges().get(0);
        assertThat(list.method()).isEqualTo("GET");
        assertThat(path(list)).isEqualTo("/orders");
        Map<String, String> query = query(list);
        assertThat(query).containsEntry("status", "completed,cancelled,refunded").containsEntry("dates_are_gmt", "true")
                .containsEntry("per_page", "100").containsEntry("page", "1");
        assertThat(query.get("modified_after")).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.responseHeaders().firstValue("X-WP-Total")).hasValue("6");
        assertThat(list.responseHeaders().firstValue("X-WP-TotalPages")).hasValue("1");
        JsonNode orders = JSON.readTree(list.responseBody());
        assertThat(orders.isArray()).isTrue();
        List<String> statuses = new ArrayList<>();
        for (JsonNode order : orders) {
            statuses.add(order.path("status").asText());
            assertThat(order.path("date_modified_gmt").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}");
            assertThat(order.path("meta_data").isArray()).isTrue();
            if ("completed".equals(order.path("status").asText())) {
                assertThat(order.path("date_completed_gmt").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}");
            }
        }
        assertThat(statuses).as("the list filters by the statuses asked, the shop's own orders included")
                .containsExactlyInAnyOrder("completed", "completed", "cancelled", "cancelled", "cancelled", "refunded");
    }

    private JsonNode order(String id) {
        return shop.call("GET", shop.shopPath() + "/orders/" + id, null, 200);
    }

    private long product(String sku, int stock) {
        return shop.seed(JSON.createObjectNode().put("name", "Phone " + sku).put("sku", sku).put("regular_price", "99.00")
                .put("manage_stock", true).put("stock_quantity", stock)).get(0).path("id").asLong();
    }

    private int stock(long product) {
        return shop.product(product).path("stock_quantity").asInt();
    }

    private static String path(RecordingHttpClient.Exchange exchange) {
        return exchange.uri().getPath().replaceFirst("^.*/wp-json/wc/v3", "");
    }

    private static Map<String, String> query(RecordingHttpClient.Exchange exchange) {
        Map<String, String> query = new LinkedHashMap<>();
        String raw = exchange.uri().getRawQuery();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            int eq = pair.indexOf('=');
            query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return query;
    }
}
