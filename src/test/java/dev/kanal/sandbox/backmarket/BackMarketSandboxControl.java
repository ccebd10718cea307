package dev.kanal.sandbox.backmarket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** Test side of the sandbox's control API, for one seller (token). */
public final class BackMarketSandboxControl {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final URI control;
    private final String token;

    /** @param sandboxBase e.g. http://localhost:1234/sandbox/backmarket */
    public BackMarketSandboxControl(URI sandboxBase, String token) {
        this.control = URI.create(sandboxBase + "/_control");
        this.token = token;
    }

    /** A new seller with a fresh random token. */
    public static BackMarketSandboxControl newSeller(URI sandboxBase) {
        BackMarketSandboxControl seller = new BackMarketSandboxControl(sandboxBase, "tok-" + UUID.randomUUID());
        seller.reset();
        return seller;
    }

    public String token() {
        return token;
    }

    /** Adds products to the marketplace's catalogue (shared by all sellers): EAN to title; answers them with their product_id. */
    public List<JsonNode> catalogue(java.util.Map<String, String> titlesByEan) {
        com.fasterxml.jackson.databind.node.ArrayNode products = JSON.createArrayNode();
        titlesByEan.forEach((ean, title) -> products.addObject().put("ean", ean).put("title", title));
        List<JsonNode> added = new java.util.ArrayList<>();
        send("POST", "/catalogue", products, 201).forEach(added::add);
        return added;
    }

    /** Seeds {@code count} listings SKU {@code prefix-1..count}, each with {@code quantity}; answers them. */
    public List<JsonNode> seed(String prefix, int count, int quantity) {
        return seed(count, (i, listing) -> listing.put("sku", prefix + "-" + i).put("quantity", quantity));
    }

    public List<JsonNode> seed(int count, BiConsumer<Integer, ObjectNode> fill) {
        ArrayNode array = JSON.createArrayNode();
        for (int i = 1; i <= count; i++) {
            ObjectNode listing = array.addObject();
            listing.put("title", "iPhone 8 Plus 64 GB #" + i).put("price", "199.90");
            fill.accept(i, listing);
        }
        JsonNode created = send("POST", "/listings", array, 201);
        List<JsonNode> list = new ArrayList<>();
        created.forEach(list::add);
        return list;
    }

    public List<JsonNode> listings() {
        List<JsonNode> list = new ArrayList<>();
        send("GET", "/listings", null, 200).forEach(list::add);
        return list;
    }

    /** The listing as the sandbox holds it now, by UUID. */
    public JsonNode listing(String id) {
        return listings().stream().filter(l -> l.path("id").asText().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no listing " + id));
    }

    public JsonNode editByHand(String listingId, Consumer<ObjectNode> change) {
        ObjectNode body = JSON.createObjectNode();
        change.accept(body);
        return send("PATCH", "/listings/" + listingId, body, 200);
    }

    public void reset() {
        send("POST", "/reset", null, 204);
    }

    /** The next {@code count} API requests, after {@code after} served ones, answer {@code status}. */
    public void fault(int status, int count, Integer retryAfterSeconds, int after) {
        ObjectNode body = JSON.createObjectNode().put("status", status).put("count", count).put("after", after);
        if (retryAfterSeconds != null) {
            body.put("retryAfterSeconds", retryAfterSeconds);
        }
        send("POST", "/faults", body, 204);
    }

    public void clearFaults() {
        send("DELETE", "/faults", null, 204);
    }

    public void latency(long millis) {
        send("PUT", "/latency", JSON.createObjectNode().put("ms", millis), 204);
    }

    public JsonNode rateLimit(int requests, int windowSeconds, int blockSeconds, boolean retryAfterHeader) {
        return send("PUT", "/rate-limit", JSON.createObjectNode().put("requests", requests)
                .put("windowSeconds", windowSeconds).put("blockSeconds", blockSeconds)
                .put("retryAfterHeader", retryAfterHeader), 200);
    }

    /** Catalog tasks created from now on are done {@code millis} after they were created. */
    public void taskDelay(long millis) {
        send("PUT", "/tasks/delay", JSON.createObjectNode().put("ms", millis), 204);
    }

    /** The next {@code count} catalog tasks fail with {@code error} (null: the sandbox's default). */
    public void failNextTasks(int count, String error) {
        ObjectNode body = JSON.createObjectNode().put("count", count);
        if (error != null) {
            body.put("error", error);
        }
        send("POST", "/tasks/failures", body, 204);
    }

    /** The hourly SKU-line quota; null switches it off. */
    public void lineQuota(Integer linesPerHour) {
        ObjectNode body = JSON.createObjectNode();
        if (linesPerHour == null) {
            body.putNull("linesPerHour");
        } else {
            body.put("linesPerHour", linesPerHour);
        }
        send("PUT", "/line-quota", body, 200);
    }

    /** The seller's catalog tasks (id, action_status, last_action_error, lines). */
    public List<JsonNode> tasks() {
        List<JsonNode> list = new ArrayList<>();
        send("GET", "/tasks", null, 200).forEach(list::add);
        return list;
    }

    public JsonNode stats() {
        return send("GET", "/stats", null, 200);
    }

    /** A customer places an order ({@code POST /_control/orders}); answers the Order. */
    public JsonNode placeOrder(JsonNode order) {
        return send("POST", "/orders", order, 201);
    }

    /** Back Market moves an order on ({@code PATCH /_control/orders/{id}}); answers the Order. */
    public JsonNode changeOrder(long orderId, JsonNode change) {
        return send("PATCH", "/orders/" + orderId, change, 200);
    }

    /** One order with what the API did to it ({@code GET /_control/orders/{id}}: updates, invoice files and uploads). */
    public JsonNode order(long orderId) {
        return send("GET", "/orders/" + orderId, null, 200);
    }

    /** The largest invoice file the seller takes ({@code PUT /_control/invoices}). */
    public void invoiceLimit(long maxBytes) {
        send("PUT", "/invoices", JSON.createObjectNode().put("max_bytes", maxBytes), 200);
    }

    private JsonNode send(String method, String path, JsonNode body, int expectedStatus) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(control + path))
                .header("Authorization", "Basic " + token)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expectedStatus) {
                throw new AssertionError(method + " " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
