package dev.kanal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.kanal.KanalIntegrationTest;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The order endpoints of the Back Market and WooCommerce sandboxes as a client sees them over
 * HTTP, against shared/api-contracts.md §1.5, §1.7 and §2.3; webhook deliveries are caught by a
 * plain HTTP server of the test's own.
 */
class OrderSandboxesTest extends KanalIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String token = "bm-sbx-" + UUID.randomUUID();
    private final String key = "ck_sbx_" + UUID.randomUUID().toString().replace("-", "");
    private final String secret = "cs_sbx";
    private HttpServer receiver;
    private final List<Map<String, Object>> received = new CopyOnWriteArrayList<>();
    private volatile int answer = 200;

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(Map.of("headers", exchange.getRequestHeaders(), "body", new String(body, StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(answer, -1);
            exchange.close();
        });
        receiver.start();
        call("POST", "/sandbox/woocommerce/_control/shops", Map.of("consumer_key", key, "consumer_secret", secret), Map.of());
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    // ------------------------------------------------------------ Back Market

    @Test
    void backMarketListsOrdersPagedFilteredAndNeverInState0Or8() throws Exception {
        for (int state : List.of(1, 1, 1, 3, 0, 8)) {
            bmControl("POST", "/_control/orders", Map.of("state", state,
                    "orderlines", List.of(Map.of("listing", "SKU-" + state, "quantity", 1, "price", "10.00"))));
        }
        JsonNode page1 = bmApi("/ws/orders?page-size=2").json;
        assertThat(page1.path("count").asInt()).isEqualTo(4);
        assertThat(page1.path("results")).hasSize(2);
        assertThat(page1.path("next").asText()).contains("page=2").startsWith("http://");
        assertThat(page1.path("previous").isNull()).isTrue();
        JsonNode order = page1.path("results").get(0);
        for (String field : List.of("order_id", "state", "date_creation", "date_modification", "shipping_address", "orderlines",
                "price", "currency", "country_code")) {
            assertThat(order.has(field)).as(field).isTrue();
        }
        assertThat(order.path("orderlines").get(0).path("listing").asText()).isEqualTo("SKU-1");
        assertThat(order.path("orderlines").get(0).path("state").asInt()).isEqualTo(1);

        assertThat(bmApi("/ws/orders?state=3").json.path("count").asInt()).isEqualTo(1);
        assertThat(bmApi("/ws/orders?page-size=51").status).isEqualTo(400);
        assertThat(bmApi("/ws/orders?page=9").status).isEqualTo(404);
        assertThat(bmApi("/ws/orders?date_modification=yesterday").status).isEqualTo(400);

        String since = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(2).withNano(0).toString();
        assertThat(bmApi("/ws/orders?date_modification=" + since).json.path("count").asInt()).isZero();
        long id = order.path("order_id").asLong();
        Thread.sleep(2100);
        bmControl("PATCH", "/_control/orders/" + id, Map.of("state", 3, "lines_state", 2));
        JsonNode changed = bmApi("/ws/orders?date_modification=" + since).json;
        assertThat(changed.path("count").asInt()).as("only the order changed since").isEqualTo(1);
        assertThat(changed.path("results").get(0).path("orderlines").get(0).path("state").asInt()).isEqualTo(2);

        assertThat(bmApi("/ws/orders/" + id).json.path("state").asInt()).isEqualTo(3);
        assertThat(bmApi("/ws/orders/1").status).isEqualTo(404);
        assertThat(call("GET", "/sandbox/backmarket/ws/orders", null, Map.of("Authorization", "Basic nobody",
                "User-Agent", "BM-Kanal-Tests;it@kanal.test", "Accept-Language", "fr-fr")).status).isEqualTo(401);
    }

    @Test
    void backMarketAcceptsAndRefusesLinesOfTheOrdersItLists() throws Exception {
        JsonNode placed = bmControl("POST", "/_control/orders", Map.of("state", 1, "orderlines", List.of(
                Map.of("listing", "ACC-A", "quantity", 1, "price", "10.00"), Map.of("listing", "ACC-B", "quantity", 2, "price", "5.00"))));
        long id = placed.path("order_id").asLong();
        String created = placed.path("date_modification").asText();
        Thread.sleep(1100); // the sandbox's dates have seconds

        Answer accepted = bmPost("/ws/orders/" + id, Map.of("order_id", id, "new_state", 2, "sku", "ACC-A"));
        assertThat(accepted.status).isEqualTo(200);
        assertThat(accepted.json.path("order_id").asLong()).isEqualTo(id);
        assertThat(accepted.json.path("orderlines").get(0).path("state").asInt()).isEqualTo(2);
        assertThat(accepted.json.path("orderlines").get(1).path("state").asInt()).isEqualTo(1);
        assertThat(accepted.json.path("state").asInt()).as("a line still to decide").isEqualTo(1);
        assertThat(OffsetDateTime.parse(accepted.json.path("date_modification").asText())).isAfter(OffsetDateTime.parse(created));
        assertThat(accepted.json.has("updates")).as("the API answers the vendor's Order").isFalse();

        // the change is what GET /ws/orders lists: the same order, not a copy
        JsonNode listed = bmApi("/ws/orders/" + id).json;
        assertThat(listed.path("orderlines").get(0).path("state").asInt()).isEqualTo(2);
        assertThat(listed.path("date_modification").asText()).isEqualTo(accepted.json.path("date_modification").asText());

        assertThat(bmPost("/ws/orders/" + id, Map.of("order_id", id, "new_state", 2, "sku", "ACC-A")).json.toString())
                .as("only from line state 1").contains("invalid_state");
        assertThat(bmPost("/ws/orders/" + id, Map.of("order_id", id, "new_state", 2, "sku", "NOPE")).status).isEqualTo(400);
        assertThat(bmPost("/ws/orders/" + id, Map.of("order_id", id, "new_state", 2)).status).as("sku required").isEqualTo(400);
        assertThat(bmPost("/ws/orders/1", Map.of("order_id", 1, "new_state", 2, "sku", "ACC-A")).status).isEqualTo(404);

        JsonNode all = bmPost("/ws/orders/" + id, Map.of("order_id", id, "new_state", 2, "sku", "ACC-B")).json;
        assertThat(all.path("orderlines").get(1).path("state").asInt()).isEqualTo(2);
        assertThat(all.path("state").asInt()).as("every line accepted: ship now").isEqualTo(3);
        assertThat(all.path("date_payment").asText()).isNotBlank();

        JsonNode control = bmControl("GET", "/_control/orders/" + id, null);
        assertThat(control.path("updates")).extracting(u -> u.path("sku").asText() + ":" + u.path("new_state").asInt())
                .containsExactly("ACC-A:2", "ACC-B:2");

        long refused = bmControl("POST", "/_control/orders", Map.of("state", 1, "orderlines", List.of(
                Map.of("listing", "REF-A", "quantity", 1, "price", "10.00"), Map.of("listing", "REF-B", "quantity", 1, "price", "5.00"))))
                .path("order_id").asLong();
        bmPost("/ws/orders/" + refused, Map.of("order_id", refused, "new_state", 4, "sku", "REF-B"));
        JsonNode mixed = bmPost("/ws/orders/" + refused, Map.of("order_id", refused, "new_state", 2, "sku", "REF-A")).json;
        assertThat(mixed.path("orderlines")).extracting(l -> l.path("state").asInt()).containsExactly(2, 4);
        assertThat(mixed.path("state").asInt()).as("every line decided, one accepted").isEqualTo(3);
    }

    // ------------------------------------------------------------ WooCommerce

    @Test
    void wooCommerceListsOrdersWithPagingHeadersAndModifiedAfter() throws Exception {
        for (int i = 0; i < 3; i++) {
            wooControl("POST", "/orders", Map.of("status", "processing",
                    "line_items", List.of(Map.of("sku", "A-" + i, "quantity", 2, "price", "1.50"))));
        }
        Answer page = woo("GET", "/orders?per_page=2&order=asc&orderby=id", null);
        assertThat(page.status).isEqualTo(200);
        assertThat(page.headers.firstValue("X-WP-Total")).hasValue("3");
        assertThat(page.headers.firstValue("X-WP-TotalPages")).hasValue("2");
        assertThat(page.headers.firstValue("Link").orElse("")).contains("rel=\"next\"");
        JsonNode first = page.json.get(0);
        assertThat(first.path("total").asText()).isEqualTo("3.00");
        assertThat(first.path("line_items").get(0).path("price").isNumber()).isTrue();
        assertThat(first.path("date_paid_gmt").isNull()).isFalse();

        String later = java.time.LocalDateTime.now(ZoneOffset.UTC).plusSeconds(1).withNano(0).toString();
        assertThat(woo("GET", "/orders?modified_after=" + later + "&dates_are_gmt=true", null).json).isEmpty();
        Thread.sleep(2100);
        wooControl("PUT", "/orders/" + first.path("id").asLong(), Map.of("status", "completed"));
        JsonNode modified = woo("GET", "/orders?modified_after=" + later + "&dates_are_gmt=true", null).json;
        assertThat(modified).hasSize(1);
        assertThat(modified.get(0).path("status").asText()).isEqualTo("completed");
        assertThat(woo("GET", "/orders?status=nonsense", null).status).isEqualTo(400);
        assertThat(woo("GET", "/orders/999999", null).json.path("code").asText()).isEqualTo("woocommerce_rest_shop_order_invalid_id");
    }

    @Test
    void wooCommerceWebhooksArePingedAndDeliverSignedOrders() throws Exception {
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        Answer created = woo("POST", "/webhooks", Map.of("name", "t", "topic", "order.created", "delivery_url", url,
                "secret", "whsec"));
        assertThat(created.status).isEqualTo(201);
        assertThat(created.json.has("secret")).as("the secret is write-only").isFalse();
        assertThat(received).hasSize(1);
        assertThat(received.get(0).get("body")).isEqualTo("webhook_id=" + created.json.path("id").asLong());

        JsonNode order = wooControl("POST", "/orders", Map.of("status", "processing",
                "line_items", List.of(Map.of("sku", "B-1", "quantity", 1, "price", "9.99"))));
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
        Map<String, Object> delivery = received.get(1);
        @SuppressWarnings("unchecked")
        Map<String, List<String>> headers = (Map<String, List<String>>) delivery.get("headers");
        String body = (String) delivery.get("body");
        assertThat(header(headers, "X-WC-Webhook-Topic")).isEqualTo("order.created");
        assertThat(header(headers, "X-WC-Webhook-Resource")).isEqualTo("order");
        assertThat(header(headers, "X-WC-Webhook-Event")).isEqualTo("created");
        assertThat(header(headers, "X-WC-Webhook-ID")).isEqualTo(created.json.path("id").asText());
        assertThat(header(headers, "X-WC-Webhook-Source")).endsWith("/sandbox/woocommerce/");
        assertThat(header(headers, "X-WC-Webhook-Signature")).isEqualTo(hmac(body, "whsec"));
        assertThat(JSON.readTree(body).path("id").asLong()).isEqualTo(order.path("id").asLong());
        assertThat(JSON.readTree(body)).isEqualTo(woo("GET", "/orders/" + order.path("id").asLong(), null).json);

        assertThat(woo("DELETE", "/webhooks/" + created.json.path("id").asLong(), null).status).as("no trash").isEqualTo(501);
        assertThat(woo("DELETE", "/webhooks/" + created.json.path("id").asLong() + "?force=true", null).status).isEqualTo(200);
        assertThat(woo("GET", "/webhooks", null).json).isEmpty();

        answer = 500;
        Answer refused = woo("POST", "/webhooks", Map.of("topic", "order.updated", "delivery_url", url, "secret", "s"));
        assertThat(refused.status).as("a failed ping fails the creation").isEqualTo(400);
        assertThat(woo("GET", "/webhooks", null).json).isEmpty();
        assertThat(woo("POST", "/webhooks", Map.of("topic", "order.nonsense", "delivery_url", url)).json.path("code").asText())
                .isEqualTo("woocommerce_rest_shop_webhook_invalid_topic");
    }

    @Test
    void aWebhookFailingMoreThanFiveTimesInARowIsDisabled() throws Exception {
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        long id = woo("POST", "/webhooks", Map.of("topic", "order.updated", "delivery_url", url, "secret", "s")).json.path("id").asLong();
        long orderId = wooControl("POST", "/orders", Map.of("line_items", List.of(Map.of("sku", "C", "quantity", 1))))
                .path("id").asLong();
        answer = 503;
        for (int i = 0; i < 6; i++) {
            wooControl("PUT", "/orders/" + orderId, Map.of("customer_note", "change " + i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 7);
        await().atMost(Duration.ofSeconds(5)).until(() ->
                "disabled".equals(woo("GET", "/webhooks/" + id, null).json.path("status").asText()));
    }

    // ------------------------------------------------------------ helpers

    private static String header(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                .map(e -> e.getValue().get(0)).orElse(null);
    }

    private static String hmac(String body, String key) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private JsonNode bmControl(String method, String path, Object body) throws Exception {
        Answer a = call(method, "/sandbox/backmarket" + path, body, Map.of("Authorization", "Basic " + token));
        assertThat(a.status).as(path + " " + a.json).isBetween(200, 299);
        return a.json;
    }

    private Answer bmApi(String path) throws Exception {
        return call("GET", "/sandbox/backmarket" + path, null, Map.of("Authorization", "Basic " + token,
                "User-Agent", "BM-Kanal-Tests;it@kanal.test", "Accept-Language", "fr-fr"));
    }

    private Answer bmPost(String path, Object body) throws Exception {
        return call("POST", "/sandbox/backmarket" + path, body, Map.of("Authorization", "Basic " + token,
                "User-Agent", "BM-Kanal-Tests;it@kanal.test", "Accept-Language", "fr-fr"));
    }

    private JsonNode wooControl(String method, String path, Object body) throws Exception {
        Answer a = call(method, "/sandbox/woocommerce/_control/shops/" + key + path, body, Map.of());
        assertThat(a.status).as(path + " " + a.json).isBetween(200, 299);
        return a.json;
    }

    private Answer woo(String method, String path, Object body) throws Exception {
        return call(method, "/sandbox/woocommerce/wp-json/wc/v3" + path, body, Map.of("Authorization",
                "Basic " + Base64.getEncoder().encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8))));
    }

    private record Answer(int status, JsonNode json, java.net.http.HttpHeaders headers) {
    }

    private static Answer call(String method, String path, Object body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        headers.forEach(request::header);
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = response.body() == null || response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
        return new Answer(response.statusCode(), json, response.headers());
    }
}
