package dev.kanal.connector.walmart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.connector.ChannelConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Test side of the Walmart sandbox's control API, for one seller (client id and secret). */
final class WalmartSandboxClient {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final URI base;
    private final String clientId;
    private final String clientSecret;

    private WalmartSandboxClient(URI base, String clientId, String clientSecret) {
        this.base = base;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    /** A new seller with fresh credentials, reset. */
    static WalmartSandboxClient newSeller(URI base) {
        WalmartSandboxClient seller = new WalmartSandboxClient(base, "wm-client-" + UUID.randomUUID(), "secret-" + UUID.randomUUID());
        seller.send("POST", "/reset", null, 204);
        return seller;
    }

    /** The seller with these credentials (made by its first control request), as it is. */
    static WalmartSandboxClient seller(URI base, String clientId, String clientSecret) {
        return new WalmartSandboxClient(base, clientId, clientSecret);
    }

    ChannelConnection connection(int callsPerMinute) {
        return new ChannelConnection("acme/walmart-us", base, Map.of("client-id", clientId, "client-secret", clientSecret),
                callsPerMinute);
    }

    /** A connection of an account with these settings (e.g. {@code shipping-weight}). */
    ChannelConnection connection(int callsPerMinute, Map<String, String> settings) {
        return new ChannelConnection("acme/walmart-us", base, Map.of("client-id", clientId, "client-secret", clientSecret), settings,
                callsPerMinute, dev.kanal.connector.TlsTrust.JVM_DEFAULT);
    }

    /** Adds an item with this GTIN to Walmart.com's catalogue (shared by every seller); answers it with its item id. */
    JsonNode catalogue(String gtin, String title) {
        return send("POST", "/catalogue", JSON.createArrayNode().add(JSON.createObjectNode().put("gtin", gtin).put("title", title)
                .put("brand", "Kanal").put("price", "199.00")), 201).get(0);
    }

    /** A valid EAN-13 of random digits, each call another (so tests sharing the sandbox's catalogue do not meet). */
    static String randomEan13() {
        String digits = String.format("%012d", java.util.concurrent.ThreadLocalRandom.current().nextLong(1_000_000_000_000L));
        int sum = 0;
        for (int i = 0; i < 12; i++) {
            sum += (digits.charAt(i) - '0') * (i % 2 == 0 ? 1 : 3);
        }
        return digits + (10 - sum % 10) % 10;
    }

    String clientId() {
        return clientId;
    }

    String secret() {
        return clientSecret;
    }

    String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
    }

    /** Items {@code prefix-1..count}, each with {@code quantity}. */
    void items(String prefix, int count, int quantity) {
        ArrayNode items = JSON.createArrayNode();
        for (int i = 1; i <= count; i++) {
            items.addObject().put("sku", prefix + "-" + i).put("productName", "Refurbished phone " + i).put("price", "129.00")
                    .put("quantity", quantity);
        }
        send("POST", "/items", items, 201);
    }

    Map<String, Integer> inventory() {
        return JSON.convertValue(send("GET", "/inventory", null, 200), JSON.getTypeFactory().constructMapType(Map.class, String.class, Integer.class));
    }

    /** SKU to its regular price ({@code {currency, amount}}), due price feeds applied. */
    Map<String, JsonNode> prices() {
        return JSON.convertValue(send("GET", "/prices", null, 200), JSON.getTypeFactory().constructMapType(Map.class, String.class,
                JsonNode.class));
    }

    /** The regular price of one SKU as text with two decimals ("129.00"). */
    String price(String sku) {
        return send("GET", "/items/" + sku, null, 200).path("price").path("amount").decimalValue()
                .setScale(2, java.math.RoundingMode.UNNECESSARY).toPlainString();
    }

    /** The upload cap of one feed type (413 above it). */
    void feedMaxBytes(String feedType, int bytes) {
        send("PUT", "/feeds/max-bytes", JSON.createObjectNode().put("feedType", feedType).put("bytes", bytes), 204);
    }

    JsonNode order(String sku, int quantity) {
        return send("POST", "/orders", JSON.createObjectNode().put("sku", sku).put("quantity", quantity), 201);
    }

    JsonNode order(String purchaseOrderId) {
        for (JsonNode order : send("GET", "/orders", null, 200)) {
            if (purchaseOrderId.equals(order.path("purchaseOrderId").asText())) {
                return order;
            }
        }
        throw new AssertionError("no order " + purchaseOrderId);
    }

    List<JsonNode> list(String what) {
        List<JsonNode> list = new ArrayList<>();
        send("GET", "/" + what, null, 200).forEach(list::add);
        return list;
    }

    JsonNode addReturn(String purchaseOrderId, String lineNumber, String reason) {
        return send("POST", "/returns", JSON.createObjectNode().put("purchaseOrderId", purchaseOrderId).put("lineNumber", lineNumber)
                .put("reason", reason), 201);
    }

    void tokenTtl(int seconds) {
        send("PUT", "/token", JSON.createObjectNode().put("ttlSeconds", seconds), 204);
    }

    void revokeTokens() {
        send("POST", "/tokens/revoke", null, 204);
    }

    void limit(String endpoint, int requests, int perSeconds) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject(endpoint).put("requests", requests).put("perSeconds", perSeconds);
        send("PUT", "/rate-limits", body, 200);
    }

    void fault(int status, int count, int after) {
        send("POST", "/faults", JSON.createObjectNode().put("status", status).put("count", count).put("after", after), 204);
    }

    void latency(int ms) {
        send("PUT", "/latency", JSON.createObjectNode().put("ms", ms), 204);
    }

    void feedDelay(int ms) {
        send("PUT", "/feeds/delay", JSON.createObjectNode().put("ms", ms), 204);
    }

    JsonNode stats() {
        return send("GET", "/stats", null, 200);
    }

    JsonNode send(String method, String path, JsonNode body, int expected) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/_control" + path))
                .header("Authorization", basic()).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new AssertionError(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body() == null || response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
