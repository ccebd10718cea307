package dev.kanal.sandbox.baselinker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/** Test side of the BaseLinker sandbox, for one account (token): its control API, and raw API calls. */
public final class BaseLinkerSandboxDriver {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final URI base;
    private final String token;

    /** @param sandboxBase e.g. http://localhost:1234/sandbox/baselinker */
    public BaseLinkerSandboxDriver(URI sandboxBase, String token) {
        this.base = sandboxBase;
        this.token = token;
    }

    /** A new account with a fresh random token. */
    public static BaseLinkerSandboxDriver newAccount(URI sandboxBase) {
        BaseLinkerSandboxDriver account = new BaseLinkerSandboxDriver(sandboxBase, "bl-" + UUID.randomUUID());
        account.control("POST", "/reset", null, 204);
        return account;
    }

    public String token() {
        return token;
    }

    public URI endpoint() {
        return URI.create(base + "/connector.php");
    }

    public JsonNode inventory() {
        return control("GET", "/inventory", null, 200);
    }

    /** Adds products SKU {@code prefix-1..count}, each with {@code stock} units in bl_1; answers them. */
    public List<JsonNode> seed(String prefix, int count, int stock) {
        ArrayNode products = JSON.createArrayNode();
        for (int i = 1; i <= count; i++) {
            products.addObject().put("sku", prefix + "-" + i).put("name", "Phone " + prefix + " #" + i).put("price", "499.00")
                    .putObject("stock").put("bl_1", stock);
        }
        return seedProducts(products);
    }

    public List<JsonNode> seedProducts(ArrayNode products) {
        List<JsonNode> list = new ArrayList<>();
        control("POST", "/products", products, 201).forEach(list::add);
        return list;
    }

    public List<JsonNode> stock() {
        List<JsonNode> list = new ArrayList<>();
        control("GET", "/stock", null, 200).forEach(list::add);
        return list;
    }

    /** Stock in bl_1 of the product or variant with this SKU. */
    public int stockOf(String sku) {
        return stock().stream().filter(s -> s.path("sku").asText().equals(sku)).findFirst()
                .orElseThrow(() -> new AssertionError("no product " + sku)).path("stock").path("bl_1").asInt();
    }

    /** Prices of every product and variant: id, parent_id, sku, prices by price group. */
    public List<JsonNode> prices() {
        List<JsonNode> list = new ArrayList<>();
        control("GET", "/prices", null, 200).forEach(list::add);
        return list;
    }

    /** The price of the product or variant with this SKU in a price group; null when it has none there. */
    public java.math.BigDecimal priceOf(String sku, long priceGroup) {
        JsonNode price = prices().stream().filter(p -> p.path("sku").asText().equals(sku)).findFirst()
                .orElseThrow(() -> new AssertionError("no product " + sku)).path("prices").path(Long.toString(priceGroup));
        return price.isMissingNode() || price.isNull() ? null : price.decimalValue();
    }

    public JsonNode order(Consumer<ObjectNode> fill) {
        ObjectNode body = JSON.createObjectNode();
        fill.accept(body);
        return control("POST", "/orders", body, 201);
    }

    public JsonNode order(String sku, int quantity) {
        return order(o -> o.put("sku", sku).put("quantity", quantity));
    }

    public List<JsonNode> orders() {
        List<JsonNode> list = new ArrayList<>();
        control("GET", "/orders", null, 200).forEach(list::add);
        return list;
    }

    public JsonNode orderNow(long orderId) {
        return orders().stream().filter(o -> o.path("order_id").asLong() == orderId).findFirst()
                .orElseThrow(() -> new AssertionError("no order " + orderId));
    }

    public JsonNode changeOrder(long orderId, Consumer<ObjectNode> change) {
        ObjectNode body = JSON.createObjectNode();
        change.accept(body);
        return control("PATCH", "/orders/" + orderId, body, 200);
    }

    public JsonNode statuses() {
        return control("GET", "/statuses", null, 200);
    }

    public JsonNode packages() {
        return control("GET", "/packages", null, 200);
    }

    /** The account's price groups, as getInventoryPriceGroups answers them. */
    public JsonNode priceGroups() {
        return control("GET", "/price-groups", null, 200);
    }

    /** Changes (or adds) a price group: e.g. {@code {"currency":"EUR"}} or {@code {"price_group_type":"dependent_on_price_group","source_price_group_id":105}}. */
    public JsonNode changePriceGroup(long id, Consumer<ObjectNode> change) {
        ObjectNode body = JSON.createObjectNode();
        change.accept(body);
        return control("PUT", "/price-groups/" + id, body, 200);
    }

    /** A change the sandbox refuses: its 400 answer. */
    public JsonNode changePriceGroupRefused(long id, ObjectNode body) {
        return control("PUT", "/price-groups/" + id, body, 400);
    }

    public void deletePriceGroup(long id) {
        control("DELETE", "/price-groups/" + id, null, 204);
    }

    public JsonNode stats() {
        return control("GET", "/stats", null, 200);
    }

    public long calls(String method) {
        return stats().path("calls").path(method).asLong(0);
    }

    public void limit(int requestsPerMinute, int blockSeconds) {
        control("PUT", "/limit", JSON.createObjectNode().put("requestsPerMinute", requestsPerMinute)
                .put("blockSeconds", blockSeconds), 200);
    }

    public void journal(boolean active) {
        control("PUT", "/journal", JSON.createObjectNode().put("active", active), 200);
    }

    public void fault(String errorCode, String message) {
        control("POST", "/faults", JSON.createObjectNode().put("error_code", errorCode).put("error_message", message), 204);
    }

    public void httpFault(int status) {
        control("POST", "/faults", JSON.createObjectNode().put("httpStatus", status), 204);
    }

    public List<JsonNode> exchanges() {
        List<JsonNode> list = new ArrayList<>();
        control("GET", "/exchanges", null, 200).forEach(list::add);
        return list;
    }

    /** A raw API call with this account's token (or another): the answer's JSON. */
    public JsonNode api(String method, JsonNode parameters) {
        return api(token, method, parameters);
    }

    public JsonNode api(String asToken, String method, JsonNode parameters) {
        String form = "method=" + URLEncoder.encode(method, StandardCharsets.UTF_8) + "&parameters="
                + URLEncoder.encode(parameters.toString(), StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (asToken != null) {
            request.header("X-BLToken", asToken);
        }
        return send(request.build(), 200);
    }

    private JsonNode control(String method, String path, JsonNode body, int expected) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/_control" + path))
                .header("X-BLToken", token)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        return send(request.build(), expected);
    }

    private static JsonNode send(HttpRequest request, int expected) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new AssertionError(request.method() + " " + request.uri() + " answered " + response.statusCode()
                        + ", expected " + expected + ": " + response.body());
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
