package dev.kanal.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the console tests do to the run's client through its sandboxes, as the demo's users do:
 * put stock in the ERP, place a paid order on the Back Market sandbox for the order-importing
 * account, switch ERP gateway faults on and off; and plain HTTP with a role's credentials.
 */
final class ConsoleScenario {

    static final String ADMIN = basic("admin", "test-secret");
    static final String OPERATOR = basic("operator", "test-operator-secret");
    static final String VIEWER = basic("viewer", "test-viewer-secret");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger SKUS = new AtomicInteger();

    private final String baseUrl;
    private final String client;
    private final String run;
    private final JdbcTemplate jdbc;
    private final HttpClient http = HttpClient.newHttpClient();

    ConsoleScenario(String baseUrl, String client, String run, JdbcTemplate jdbc) {
        this.baseUrl = baseUrl;
        this.client = client;
        this.run = run;
        this.jdbc = jdbc;
    }

    /**
     * The sandbox Back Market seller and WooCommerce shop of the order-importing accounts exist,
     * as the demo's seeding makes them: until then the sandboxes answer those accounts' polls 401.
     */
    void channelAccountsExist(String backMarketToken, String wooKey, String wooSecret) throws Exception {
        assertThat(send("POST", "/sandbox/woocommerce/_control/shops", JSON.writeValueAsString(
                Map.of("consumer_key", wooKey, "consumer_secret", wooSecret, "currency", "PLN")), null).statusCode()).isLessThan(300);
        assertThat(send("GET", "/sandbox/backmarket/_control/listings", null, "Basic " + backMarketToken).statusCode()).isEqualTo(200);
    }

    /** A new SKU with {@code onHand} units in the sandbox ERP's MAG, once the source poll brought it into Kanal. */
    String stockInErp(int onHand) throws Exception {
        String sku = "CON-" + run + "-" + SKUS.incrementAndGet();
        HttpResponse<String> seeded = send("PUT", "/sandbox/subiekt/" + client + "/_control/stock", JSON.writeValueAsString(List.of(
                Map.of("symbol", sku, "name", "Phone " + sku, "warehouse", "MAG", "onHand", onHand, "reserved", 0, "blocked", false))), null);
        assertThat(seeded.statusCode()).isEqualTo(200);
        Awaitility.await("stock of " + sku + " polled").atMost(Duration.ofSeconds(40)).until(() -> jdbc.queryForObject("""
                SELECT COUNT(*) FROM stock_level s JOIN sku k ON k.id = s.sku_id JOIN client c ON c.id = k.client_id
                 WHERE c.code = ? AND k.code = ? AND s.quantity = ?""", Integer.class, client, sku, onHand) == 1);
        return sku;
    }

    /** A paid order (line state 1) of one unit of {@code sku} on the Back Market sandbox, for the seller of {@code token}. */
    String backMarketOrder(String token, String sku) throws Exception {
        HttpResponse<String> seeded = send("POST", "/sandbox/backmarket/_control/orders", JSON.writeValueAsString(
                Map.of("state", 1, "orderlines", List.of(Map.of("listing", sku, "quantity", 1, "price", "10.00")))), "Basic " + token);
        assertThat(seeded.statusCode()).as(seeded.body()).isEqualTo(201);
        return JSON.readTree(seeded.body()).path("order_id").asText();
    }

    /** Kanal's id of the order once imported, waiting for it. */
    long imported(String account, String channelOrderId) {
        Awaitility.await("order " + channelOrderId + " imported").atMost(Duration.ofSeconds(40)).until(() -> orderId(account, channelOrderId) != null);
        return orderId(account, channelOrderId);
    }

    Long orderId(String account, String channelOrderId) {
        return jdbc.queryForList("""
                SELECT o.id FROM sales_order o JOIN channel_account a ON a.id = o.channel_account_id JOIN client c ON c.id = a.client_id
                 WHERE c.code = ? AND a.code = ? AND o.channel_order_id = ?""", Long.class, client, account, channelOrderId)
                .stream().findFirst().orElse(null);
    }

    String status(long orderId) {
        return jdbc.queryForObject("SELECT status FROM sales_order WHERE id = ?", String.class, orderId);
    }

    /** The ERP gateway answers {@code status} to the next {@code calls} calls of {@code method}. */
    void erpFails(String method, int calls, int status) throws Exception {
        assertThat(send("PUT", "/sandbox/subiekt/" + client + "/_control/gateway",
                JSON.writeValueAsString(Map.of("failNext", calls, "failMethod", method, "failStatus", status)), null).statusCode())
                .isEqualTo(200);
    }

    /** The ERP gateway works again. */
    void erpFixed() throws Exception {
        assertThat(send("DELETE", "/sandbox/subiekt/" + client + "/_control/gateway", null, null).statusCode()).isEqualTo(200);
    }

    HttpResponse<String> send(String method, String path, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode json(String method, String path, String authorization, int expectedStatus) throws Exception {
        HttpResponse<String> answer = send(method, path, null, authorization);
        assertThat(answer.statusCode()).as(method + " " + path + ": " + answer.body()).isEqualTo(expectedStatus);
        return answer.body().isBlank() ? JSON.nullNode() : JSON.readTree(answer.body());
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
    }
}
