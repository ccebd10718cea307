package dev.kanal.sandbox.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

/** Test access to the WooCommerce sandbox's control API, over HTTP like any other client. */
public final class WooSandboxControl {

    public static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String control;
    private final String apiRoot;
    public final String consumerKey;
    public final String consumerSecret;

    /** Registers a fresh shop (random key) on the app at {@code port}. */
    public WooSandboxControl(int port) {
        this(port, "read_write");
    }

    public WooSandboxControl(int port, String permissions) {
        this(port, permissions, "ck_" + UUID.randomUUID().toString().replace("-", ""), null);
    }

    /** Registers a shop with the given keys (a client file names them); a shop already registered is reused. */
    public static WooSandboxControl shop(int port, String consumerKey, String consumerSecret) {
        return new WooSandboxControl(port, "read_write", consumerKey, consumerSecret);
    }

    private WooSandboxControl(int port, String permissions, String key, String secret) {
        this.control = "http://localhost:" + port + "/sandbox/woocommerce/_control";
        this.apiRoot = "http://localhost:" + port + "/sandbox/woocommerce/wp-json/wc/v3";
        this.consumerKey = key;
        this.consumerSecret = secret != null ? secret : "cs_" + new StringBuilder(key.substring(3)).reverse();
        if (secret != null && call("GET", "/shops", null, 200).toString().contains(key)) {
            return;
        }
        JsonNode shop = call("POST", "/shops", Map.of("consumer_key", consumerKey, "consumer_secret", consumerSecret,
                "currency", "EUR", "permissions", permissions), 201);
        if (shop.has("consumer_secret")) {
            throw new AssertionError("the control API echoed the secret");
        }
    }

    /** The API root, the base URL a ChannelConnection takes. */
    public URI apiRoot() {
        return URI.create(apiRoot);
    }

    public String shopPath() {
        return "/shops/" + consumerKey;
    }

    /** Seeds products (an array node or one object); answers them, variations embedded. */
    public ArrayNode seed(JsonNode products) {
        return (ArrayNode) call("POST", shopPath() + "/products", products, 201);
    }

    public JsonNode product(long id) {
        return call("GET", shopPath() + "/products/" + id, null, 200);
    }

    public JsonNode variation(long productId, long variationId) {
        return call("GET", shopPath() + "/products/" + productId + "/variations/" + variationId, null, 200);
    }

    /** A shop manager's edit of a product in wp-admin (a partial product). */
    public JsonNode editProduct(long id, Map<String, Object> change) {
        return call("PUT", shopPath() + "/products/" + id, change, 200);
    }

    /** A shop manager's edit of one variation in wp-admin (a partial variation). */
    public JsonNode editVariation(long productId, long variationId, Map<String, Object> change) {
        return call("PUT", shopPath() + "/products/" + productId + "/variations/" + variationId, change, 200);
    }

    /** Every product of the shop with this SKU, whatever its status. */
    public java.util.List<JsonNode> productsWithSku(String sku) {
        java.util.List<JsonNode> found = new java.util.ArrayList<>();
        stock().fieldNames().forEachRemaining(id -> {
            if (!id.contains("/")) {
                JsonNode product = product(Long.parseLong(id));
                if (sku.equals(product.path("sku").asText())) {
                    found.add(product);
                }
            }
        });
        return found;
    }

    /** Listing id ("12" or "12/34") -> stock_quantity. */
    public JsonNode stock() {
        return call("GET", shopPath() + "/stock", null, 200);
    }

    public JsonNode setProductStock(long id, Integer quantity) {
        ObjectNode body = JSON.createObjectNode();
        body.put("stock_quantity", quantity);
        return call("PUT", shopPath() + "/products/" + id + "/stock", body, 200);
    }

    public JsonNode setVariationStock(long productId, long variationId, Integer quantity) {
        ObjectNode body = JSON.createObjectNode();
        body.put("stock_quantity", quantity);
        return call("PUT", shopPath() + "/products/" + productId + "/variations/" + variationId + "/stock", body, 200);
    }

    /** Queues {@code count} answers with {@code status} after letting {@code after} requests through. */
    public void nextAnswers(int status, int count, String retryAfter, int after) {
        ObjectNode body = JSON.createObjectNode().put("status", status).put("count", count).put("after", after);
        if (retryAfter != null) {
            body.put("retry_after", retryAfter);
        }
        call("POST", shopPath() + "/faults/next", body, 200);
    }

    public void hostBehaviour(Integer ratePerMinute, long latencyMillis) {
        ObjectNode body = JSON.createObjectNode();
        body.put("rate_limit_per_minute", ratePerMinute);
        body.put("latency_ms", latencyMillis);
        call("PUT", shopPath() + "/faults", body, 200);
    }

    public void clearFaults() {
        call("DELETE", shopPath() + "/faults", null, 204);
    }

    public JsonNode stats() {
        return call("GET", shopPath() + "/stats", null, 200);
    }

    public void clearStats() {
        call("DELETE", shopPath() + "/stats", null, 204);
    }

    public long calls(String endpoint) {
        return stats().path("calls").path(endpoint).asLong(0);
    }

    public void reset() {
        call("POST", shopPath() + "/reset", null, 204);
    }

    public JsonNode call(String method, String path, Object body, int expectedStatus) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(control + path))
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expectedStatus) {
                throw new AssertionError(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
