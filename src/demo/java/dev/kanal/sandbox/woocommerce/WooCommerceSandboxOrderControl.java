package dev.kanal.sandbox.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
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
 * Control API for a sandbox shop's orders, not part of WooCommerce: a customer checks out, a
 * shop manager moves the order on. Each change is announced to the shop's active webhooks
 * ({@code order.created}, {@code order.updated}) as WooCommerce does, after the answer is made.
 * Also shows what was delivered. Documented in docs/sandboxes.md.
 */
@RestController
@ConditionalOnProperty(prefix = "kanal.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
@RequestMapping(WooCommerceSandboxApi.SHOP + "/_control/shops/{key}")
class WooCommerceSandboxOrderControl {

    private final WooCommerceSandbox sandbox;
    private final WooWebhookSender sender;

    WooCommerceSandboxOrderControl(WooCommerceSandbox sandbox, WooWebhookSender sender) {
        this.sandbox = sandbox;
        this.sender = sender;
    }

    @ExceptionHandler(WooError.class)
    ResponseEntity<JsonNode> error(WooError error) {
        return error.response();
    }

    /** A checkout: one order object (see {@link WooOrderBook#createOrder}); 201 with the order as GET /orders/{id} shows it. */
    @PostMapping("/orders")
    ResponseEntity<JsonNode> create(@PathVariable String key, @RequestBody(required = false) JsonNode body, HttpServletRequest http) {
        WooShop shop = shop(key);
        String root = root(http);
        Object[] made = shop.lockedBook((catalog, book) -> {
            ObjectNode order = book.createOrder(body, catalog, shop.currency());
            long id = order.path("id").asLong();
            // a paid checkout lowers the shop's stock, as WooCommerce does
            WooProductWebhooks.announce(sender, shop, book, catalog, book.reduceStockOnce(order, catalog), root);
            return new Object[] {book.renderOrder(order, root), book.deliveriesFor("order.created", id)};
        });
        announce(shop, made, root);
        return ResponseEntity.status(201).body((JsonNode) made[0]);
    }

    /** A shop manager's edit: {@code {"status":"processing"}}, {@code {"set_paid":true}}, addresses, note. */
    @PutMapping("/orders/{id}")
    JsonNode update(@PathVariable String key, @PathVariable long id, @RequestBody(required = false) JsonNode body,
                    HttpServletRequest http) {
        WooShop shop = shop(key);
        String root = root(http);
        Object[] made = shop.lockedBook((catalog, book) -> {
            ObjectNode order = book.updateOrder(id, body);
            WooProductWebhooks.announce(sender, shop, book, catalog, book.applyStockRules(order, catalog), root);
            return new Object[] {book.renderOrder(order, root), book.deliveriesFor("order.updated", id)};
        });
        announce(shop, made, root);
        return (JsonNode) made[0];
    }

    /**
     * A shop manager refunds the order in wp-admin (the same rules as {@code POST /orders/{id}/refunds}):
     * {@code {"reason":"...","line_items":[{"id":N,"quantity":1,"refund_total":"10.00"}]}}; 201 with the refund.
     */
    @PostMapping("/orders/{id}/refunds")
    ResponseEntity<JsonNode> refund(@PathVariable String key, @PathVariable long id, @RequestBody(required = false) JsonNode body,
                                    HttpServletRequest http) {
        WooShop shop = shop(key);
        String root = root(http);
        Object[] made = shop.lockedBook((catalog, book) -> {
            List<Object[]> restocked = new java.util.ArrayList<>();
            ObjectNode refund = book.createRefund(id, body, catalog, restocked);
            WooProductWebhooks.announce(sender, shop, book, catalog, restocked, root);
            return new Object[] {book.renderOrder(book.order(id), root), book.deliveriesFor("order.updated", id), refund};
        });
        announce(shop, made, root);
        return ResponseEntity.status(201).body((JsonNode) made[2]);
    }

    /** The order's refunds, newest first, as {@code GET /orders/{id}/refunds} lists them. */
    @GetMapping("/orders/{id}/refunds")
    JsonNode refunds(@PathVariable String key, @PathVariable long id) {
        return shop(key).lockedBook((catalog, book) -> com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode()
                .addAll(book.refunds(id)));
    }

    @GetMapping("/orders/{id}")
    JsonNode order(@PathVariable String key, @PathVariable long id, HttpServletRequest http) {
        String root = root(http);
        return shop(key).lockedBook((catalog, book) -> book.renderOrder(book.order(id), root));
    }

    /** What the REST API wrote to the order: {@code api_edits} (PUT /orders/{id}) and {@code api_notes} (POST /orders/{id}/notes). */
    @GetMapping("/orders/{id}/api-writes")
    JsonNode apiWrites(@PathVariable String key, @PathVariable long id) {
        return shop(key).lockedBook((catalog, book) -> book.apiWrites(id));
    }

    /** The shop's webhooks (secrets never shown) and every delivery made, pings included, oldest first. */
    @GetMapping("/webhooks")
    JsonNode webhooks(@PathVariable String key) {
        return shop(key).lockedBook((catalog, book) -> {
            ObjectNode answer = JsonNodeFactory.instance.objectNode();
            ArrayNode hooks = answer.putArray("webhooks");
            book.webhooks().forEach(h -> hooks.add(h.deepCopy()));
            ArrayNode deliveries = answer.putArray("deliveries");
            book.deliveries().forEach(deliveries::add);
            return answer;
        });
    }

    @SuppressWarnings("unchecked")
    private void announce(WooShop shop, Object[] made, String root) {
        sender.deliverLater(shop, (List<WooOrderBook.Delivery>) made[1], made[0].toString(), root);
    }

    private WooShop shop(String key) {
        WooShop shop = sandbox.shop(key);
        if (shop == null) {
            throw new WooError(404, "sandbox_unknown_shop", "No shop is registered for this consumer key.");
        }
        return shop;
    }

    private static String root(HttpServletRequest http) {
        return ServletUriComponentsBuilder.fromContextPath(http).path(WooCommerceSandboxApi.SHOP).toUriString();
    }
}
