package dev.kanal.sandbox.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The sandbox's control API, not part of WooCommerce: shops (consumer keys), seeding, stock
 * changed "by hand", faults and statistics. No authentication; it exists only when the sandbox
 * is enabled. Calls here are never counted in a shop's statistics. Documented in docs/sandboxes.md.
 */
@RestController
@ConditionalOnProperty(prefix = "kanal.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
@RequestMapping(WooCommerceSandboxApi.SHOP + "/_control")
class WooCommerceSandboxControl {

    private static final Set<Integer> FAULT_STATUSES = Set.of(429, 500, 502, 503, 504);
    private static final Set<String> PERMISSIONS = Set.of("read", "write", "read_write");

    private final WooCommerceSandbox sandbox;
    private final WooWebhookSender webhooks;

    WooCommerceSandboxControl(WooCommerceSandbox sandbox, WooWebhookSender webhooks) {
        this.sandbox = sandbox;
        this.webhooks = webhooks;
    }

    @ExceptionHandler(WooError.class)
    ResponseEntity<JsonNode> error(WooError error) {
        return error.response();
    }

    // ------------------------------------------------------------ shops

    @PostMapping("/shops")
    ResponseEntity<JsonNode> register(@RequestBody(required = false) JsonNode body) {
        JsonNode request = body == null ? JsonNodeFactory.instance.objectNode() : body;
        String key = text(request, "consumer_key", null);
        String secret = text(request, "consumer_secret", null);
        if (key == null || key.isBlank() || secret == null || secret.isBlank()) {
            throw bad("consumer_key and consumer_secret are required.");
        }
        String currency = text(request, "currency", "EUR");
        String permissions = text(request, "permissions", "read_write");
        if (!PERMISSIONS.contains(permissions)) {
            throw bad("permissions must be read, write or read_write.");
        }
        boolean created = sandbox.register(key, secret, currency, permissions);
        return ResponseEntity.status(created ? 201 : 200).body(describe(sandbox.shop(key)));
    }

    @GetMapping("/shops")
    List<String> shops() {
        return sandbox.consumerKeys();
    }

    @GetMapping("/shops/{key}")
    JsonNode shop(@PathVariable String key) {
        return describe(shop(key, true));
    }

    @DeleteMapping("/shops/{key}")
    ResponseEntity<Void> removeShop(@PathVariable String key) {
        return sandbox.remove(key) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
    }

    /** Forgets every shop. */
    @DeleteMapping("/shops")
    ResponseEntity<Void> removeAll() {
        sandbox.clear();
        return ResponseEntity.noContent().build();
    }

    /** Empties the shop's catalog, nonces, faults and statistics; the key stays registered. */
    @PostMapping("/shops/{key}/reset")
    ResponseEntity<Void> reset(@PathVariable String key) {
        shop(key, true).reset();
        return ResponseEntity.noContent().build();
    }

    // ------------------------------------------------------------ catalog

    /**
     * Seeds products: one product object or an array of them, each as for POST /products, with an
     * optional {@code "variations":[...]} array of variation objects (then the product is made
     * {@code variable}). Answers the created products, variations embedded as objects.
     */
    @PostMapping("/shops/{key}/products")
    ResponseEntity<JsonNode> seedProducts(@PathVariable String key, @RequestBody JsonNode body, HttpServletRequest http) {
        WooShop shop = shop(key, true);
        String root = root(http);
        ArrayNode created = shop.locked(catalog -> {
            ArrayNode answer = JsonNodeFactory.instance.arrayNode();
            for (JsonNode item : items(body)) {
                if (!item.isObject()) {
                    throw bad("Each product must be a JSON object.");
                }
                ObjectNode fields = ((ObjectNode) item).deepCopy();
                JsonNode variations = fields.remove("variations");
                if (variations != null && variations.isArray() && !fields.has("type")) {
                    fields.put("type", "variable");
                }
                ObjectNode product = catalog.createProduct(fields);
                long id = product.path("id").asLong();
                ArrayNode madeVariations = JsonNodeFactory.instance.arrayNode();
                if (variations != null && variations.isArray()) {
                    for (JsonNode variation : variations) {
                        madeVariations.add(catalog.renderVariation(id, catalog.createVariation(id, variation), root));
                    }
                }
                ObjectNode rendered = catalog.renderProduct(catalog.product(id), root);
                rendered.set("variations", madeVariations.isEmpty() ? rendered.get("variations") : madeVariations);
                answer.add(rendered);
            }
            return answer;
        });
        return ResponseEntity.status(201).body(created);
    }

    @PostMapping("/shops/{key}/products/{pid}/variations")
    ResponseEntity<JsonNode> seedVariations(@PathVariable String key, @PathVariable long pid, @RequestBody JsonNode body,
            HttpServletRequest http) {
        WooShop shop = shop(key, true);
        String root = root(http);
        ArrayNode created = shop.locked(catalog -> {
            ArrayNode answer = JsonNodeFactory.instance.arrayNode();
            for (JsonNode item : items(body)) {
                answer.add(catalog.renderVariation(pid, catalog.createVariation(pid, item), root));
            }
            return answer;
        });
        return ResponseEntity.status(201).body(created);
    }

    @GetMapping("/shops/{key}/products/{id}")
    JsonNode product(@PathVariable String key, @PathVariable long id, HttpServletRequest http) {
        String root = root(http);
        return shop(key, true).locked(catalog -> catalog.renderProduct(catalog.product(id), root));
    }

    @GetMapping("/shops/{key}/products/{pid}/variations/{id}")
    JsonNode variation(@PathVariable String key, @PathVariable long pid, @PathVariable long id, HttpServletRequest http) {
        String root = root(http);
        return shop(key, true).locked(catalog -> catalog.renderVariation(pid, catalog.variation(pid, id), root));
    }

    /**
     * Every listing's stock as Kanal's connector names listings: {@code "productId"} for products
     * that are not variable, {@code "productId/variationId"} for variations; null when not managed.
     */
    @GetMapping("/shops/{key}/stock")
    Map<String, Integer> stock(@PathVariable String key) {
        return shop(key, true).locked(catalog -> {
            Map<String, Integer> stock = new LinkedHashMap<>();
            for (ObjectNode product : catalog.products()) {
                long id = product.path("id").asLong();
                if ("variable".equals(product.path("type").asText())) {
                    for (ObjectNode variation : catalog.variations(id)) {
                        JsonNode quantity = catalog.renderVariation(id, variation, "").get("stock_quantity");
                        stock.put(id + "/" + variation.path("id").asLong(), quantity.isNull() ? null : quantity.asInt());
                    }
                } else {
                    JsonNode quantity = product.get("stock_quantity");
                    stock.put(Long.toString(id), quantity.isNull() ? null : quantity.asInt());
                }
            }
            return stock;
        });
    }

    /**
     * A shop manager edits a product in wp-admin (name, description, status, prices...): the body
     * is a partial product as {@code PUT /products/{id}} takes it. Saved, it is announced to the
     * shop's product.updated webhooks, as WooCommerce does for every product save.
     */
    @PutMapping("/shops/{key}/products/{id}")
    JsonNode editProduct(@PathVariable String key, @PathVariable long id, @RequestBody JsonNode body, HttpServletRequest http) {
        String root = root(http);
        WooShop shop = shop(key, true);
        return shop.lockedBook((catalog, book) -> {
            ObjectNode product = catalog.updateProduct(id, body);
            WooProductWebhooks.announce(webhooks, shop, book, catalog, List.<Object[]>of(new Object[] {id, product}), root);
            return catalog.renderProduct(product, root);
        });
    }

    /**
     * A shop manager edits one variation in wp-admin (its prices, SKU...): the body is a partial
     * variation as {@code PUT /products/{pid}/variations/{id}} takes it; announced like a product's edit.
     */
    @PutMapping("/shops/{key}/products/{pid}/variations/{id}")
    JsonNode editVariation(@PathVariable String key, @PathVariable long pid, @PathVariable long id, @RequestBody JsonNode body,
            HttpServletRequest http) {
        String root = root(http);
        WooShop shop = shop(key, true);
        return shop.lockedBook((catalog, book) -> {
            ObjectNode variation = catalog.updateVariation(pid, id, body);
            WooProductWebhooks.announce(webhooks, shop, book, catalog, List.<Object[]>of(new Object[] {pid, variation}), root);
            return catalog.renderVariation(pid, variation, root);
        });
    }

    /** A shop manager changes stock in wp-admin: {@code {"stock_quantity":N}} (null stops managing stock). */
    @PutMapping("/shops/{key}/products/{id}/stock")
    JsonNode setProductStock(@PathVariable String key, @PathVariable long id, @RequestBody JsonNode body,
            HttpServletRequest http) {
        Integer quantity = quantity(body);
        String root = root(http);
        WooShop shop = shop(key, true);
        return shop.lockedBook((catalog, book) -> {
            ObjectNode product = catalog.setProductStock(id, quantity);
            WooProductWebhooks.announce(webhooks, shop, book, catalog, List.<Object[]>of(new Object[] {id, product}), root);
            return catalog.renderProduct(product, root);
        });
    }

    @PutMapping("/shops/{key}/products/{pid}/variations/{id}/stock")
    JsonNode setVariationStock(@PathVariable String key, @PathVariable long pid, @PathVariable long id,
            @RequestBody JsonNode body, HttpServletRequest http) {
        Integer quantity = quantity(body);
        String root = root(http);
        WooShop shop = shop(key, true);
        return shop.lockedBook((catalog, book) -> {
            ObjectNode variation = catalog.setVariationStock(pid, id, quantity);
            WooProductWebhooks.announce(webhooks, shop, book, catalog, List.<Object[]>of(new Object[] {pid, variation}), root);
            return catalog.renderVariation(pid, variation, root);
        });
    }

    // ------------------------------------------------------------ faults

    /**
     * Queues answers the host gives instead of WooCommerce: {@code {"status":429,"count":2,
     * "retry_after":"5","after":1}}; status 429 (empty body), 500 (WordPress's critical-error
     * JSON), 502/503/504 (a proxy's HTML page); {@code after}: how many requests to let through
     * first (default 0). Queued faults are used up in order.
     */
    @PostMapping("/shops/{key}/faults/next")
    Map<String, Object> queueFault(@PathVariable String key, @RequestBody JsonNode body) {
        WooShop shop = shop(key, true);
        int status = body.path("status").asInt(0);
        if (!FAULT_STATUSES.contains(status)) {
            throw bad("status must be one of 429, 500, 502, 503, 504.");
        }
        int count = body.path("count").asInt(1);
        if (count < 1) {
            throw bad("count must be at least 1.");
        }
        int after = body.path("after").asInt(0);
        if (after < 0) {
            throw bad("after must not be negative.");
        }
        JsonNode retryAfter = body.get("retry_after");
        shop.traffic().queue(status, count, retryAfter == null || retryAfter.isNull() ? null : retryAfter.asText(), after);
        return shop.traffic().faults();
    }

    /** Standing host behaviour: {@code {"rate_limit_per_minute":60,"latency_ms":200}} (null or 0: off). */
    @PutMapping("/shops/{key}/faults")
    Map<String, Object> configureFaults(@PathVariable String key, @RequestBody JsonNode body) {
        WooShop shop = shop(key, true);
        JsonNode limit = body.get("rate_limit_per_minute");
        shop.traffic().configure(limit == null || limit.isNull() ? null : limit.asInt(),
                body.path("latency_ms").asLong(0));
        return shop.traffic().faults();
    }

    @GetMapping("/shops/{key}/faults")
    Map<String, Object> faults(@PathVariable String key) {
        return shop(key, true).traffic().faults();
    }

    @DeleteMapping("/shops/{key}/faults")
    ResponseEntity<Void> clearFaults(@PathVariable String key) {
        shop(key, true).traffic().clearFaults();
        return ResponseEntity.noContent().build();
    }

    // ------------------------------------------------------------ statistics

    @GetMapping("/shops/{key}/stats")
    Map<String, Object> statistics(@PathVariable String key) {
        return shop(key, true).traffic().statistics();
    }

    @DeleteMapping("/shops/{key}/stats")
    ResponseEntity<Void> clearStatistics(@PathVariable String key) {
        shop(key, true).traffic().clearStatistics();
        return ResponseEntity.noContent().build();
    }

    // ------------------------------------------------------------ helpers

    private WooShop shop(String key, boolean required) {
        WooShop shop = sandbox.shop(key);
        if (shop == null && required) {
            throw new WooError(404, "sandbox_unknown_shop", "No shop is registered for this consumer key.");
        }
        return shop;
    }

    private static ObjectNode describe(WooShop shop) {
        ObjectNode description = JsonNodeFactory.instance.objectNode();
        description.put("consumer_key", shop.consumerKey());
        description.put("currency", shop.currency());
        description.put("permissions", shop.permissions());
        return description; // never the secret
    }

    private static List<JsonNode> items(JsonNode body) {
        List<JsonNode> items = new ArrayList<>();
        if (body != null && body.isArray()) {
            body.forEach(items::add);
        } else if (body != null && body.isObject()) {
            items.add(body);
        } else {
            throw bad("Send a JSON object or an array of them.");
        }
        return items;
    }

    private static Integer quantity(JsonNode body) {
        JsonNode quantity = body == null ? null : body.get("stock_quantity");
        if (quantity == null || !(quantity.isNull() || quantity.isIntegralNumber())) {
            throw bad("stock_quantity (an integer, or null) is required.");
        }
        return quantity.isNull() ? null : quantity.asInt();
    }

    private static String text(JsonNode body, String name, String otherwise) {
        JsonNode value = body.get(name);
        return value == null || value.isNull() ? otherwise : value.asText();
    }

    private static String root(HttpServletRequest http) {
        return ServletUriComponentsBuilder.fromContextPath(http).path(WooCommerceSandboxApi.SHOP).toUriString();
    }

    private static WooError bad(String message) {
        return new WooError(400, "sandbox_invalid_request", message);
    }
}
