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
import java.util.function.Function;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The emulated WooCommerce REST API v3 under {@code /sandbox/woocommerce/wp-json/wc/v3}.
 *
 * <p>Every request goes the way it would on a real host: the host (latency, injected 429/5xx,
 * per-minute limit, see {@link WooTraffic}) first, then WooCommerce's authentication, the key's
 * permissions, and the route. Unknown routes and methods answer 404 {@code rest_no_route}.
 */
@RestController
@ConditionalOnProperty(prefix = "kanal.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
@RequestMapping(WooCommerceSandboxApi.WP_JSON)
class WooCommerceSandboxApi {

    static final String SHOP = "/sandbox/woocommerce";
    static final String WP_JSON = SHOP + "/wp-json";
    private static final String V3 = "/wc/v3";
    private static final String PRODUCT = V3 + "/products/{id:\\d+}";
    private static final String VARIATIONS = V3 + "/products/{pid:\\d+}/variations";
    private static final String VARIATION = VARIATIONS + "/{id:\\d+}";
    private static final int BATCH_LIMIT = 100;

    /** What a request without credentials is told on each kind of route (the route's permission check). */
    private enum Access {
        LIST("woocommerce_rest_cannot_view", "Sorry, you cannot list resources."),
        VIEW("woocommerce_rest_cannot_view", "Sorry, you cannot view this resource."),
        CREATE("woocommerce_rest_cannot_create", "Sorry, you are not allowed to create resources."),
        EDIT("woocommerce_rest_cannot_edit", "Sorry, you are not allowed to edit this resource."),
        DELETE("woocommerce_rest_cannot_delete", "Sorry, you are not allowed to delete this resource."),
        BATCH("woocommerce_rest_cannot_batch", "Sorry, you are not allowed to batch manipulate this resource."),
        NO_ROUTE(null, null);

        private final String code;
        private final String message;

        Access(String code, String message) {
            this.code = code;
            this.message = message;
        }
    }

    @FunctionalInterface
    private interface Handler {
        ResponseEntity<JsonNode> handle(WooShop shop, WooCatalog catalog, WooRequest request, String shopRoot);
    }

    private final WooCommerceSandbox sandbox;
    private final WooAuthenticator authenticator;
    private final WooWebhookSender webhookSender;

    WooCommerceSandboxApi(WooCommerceSandbox sandbox, WooWebhookSender webhookSender) {
        this.sandbox = sandbox;
        this.authenticator = new WooAuthenticator(sandbox::shop, sandbox.clock());
        this.webhookSender = webhookSender;
    }

    // ------------------------------------------------------------ routes

    /** The namespace index needs no authentication. */
    @GetMapping({V3, V3 + "/"})
    ResponseEntity<?> index(HttpServletRequest http) {
        ObjectNode index = JsonNodeFactory.instance.objectNode();
        index.put("namespace", "wc/v3");
        ObjectNode routes = index.putObject("routes");
        for (String route : List.of("/wc/v3", "/wc/v3/products", "/wc/v3/products/(?P<id>[\\d]+)",
                "/wc/v3/products/batch", "/wc/v3/products/(?P<product_id>[\\d]+)/variations",
                "/wc/v3/products/(?P<product_id>[\\d]+)/variations/(?P<id>[\\d]+)",
                "/wc/v3/products/(?P<product_id>[\\d]+)/variations/batch", "/wc/v3/data/currencies/current",
                "/wc/v3/orders", "/wc/v3/orders/(?P<id>[\\d]+)", "/wc/v3/webhooks", "/wc/v3/webhooks/(?P<id>[\\d]+)")) {
            routes.putObject(route).put("namespace", "wc/v3");
        }
        return ResponseEntity.ok(index);
    }

    @GetMapping(V3 + "/products")
    ResponseEntity<?> listProducts(HttpServletRequest http) {
        return serve(http, "/products", Access.LIST, (shop, catalog, request, root) -> {
            if (request.query().containsKey("sku")) {
                // WooCommerce searches products and variations alike by SKU (post types product and product_variation)
                Map<ObjectNode, Long> variations = catalog.allVariations();
                List<ObjectNode> all = new ArrayList<>(catalog.products());
                all.addAll(variations.keySet());
                WooQuery.Page page = WooQuery.products(all, request.query());
                return page(page, request, p -> variations.containsKey(p)
                        ? catalog.renderVariationAsProduct(variations.get(p), p, root) : catalog.renderProduct(p, root));
            }
            WooQuery.Page page = WooQuery.products(catalog.products(), request.query());
            return page(page, request, p -> catalog.renderProduct(p, root));
        });
    }

    @PostMapping(V3 + "/products")
    ResponseEntity<?> createProduct(HttpServletRequest http) {
        return serve(http, "/products", Access.CREATE, (shop, catalog, request, root) ->
                ResponseEntity.status(201).body(catalog.renderProduct(catalog.createProduct(request.json()), root)));
    }

    @GetMapping(PRODUCT)
    ResponseEntity<?> getProduct(HttpServletRequest http, @PathVariable long id) {
        return serve(http, "/products/{id}", Access.VIEW, (shop, catalog, request, root) ->
                ResponseEntity.ok(catalog.renderProduct(catalog.product(id), root)));
    }

    @RequestMapping(path = PRODUCT, method = {RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.POST})
    ResponseEntity<?> updateProduct(HttpServletRequest http, @PathVariable long id) {
        return serve(http, "/products/{id}", Access.EDIT, (shop, catalog, request, root) -> {
            ObjectNode product = catalog.updateProduct(id, request.json());
            shop.traffic().updated(1);
            return ResponseEntity.ok(catalog.renderProduct(product, root));
        });
    }

    @DeleteMapping(PRODUCT)
    ResponseEntity<?> deleteProduct(HttpServletRequest http, @PathVariable long id) {
        return serve(http, "/products/{id}", Access.DELETE, (shop, catalog, request, root) ->
                ResponseEntity.ok(catalog.renderProduct(catalog.deleteProduct(id, request.flag("force")), root)));
    }

    @RequestMapping(path = V3 + "/products/batch", method = {RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH})
    ResponseEntity<?> batchProducts(HttpServletRequest http) {
        return serve(http, "/products/batch", Access.BATCH, (shop, catalog, request, root) ->
                ResponseEntity.ok(batch(shop, request.json(), WooCatalog.PRODUCT_INVALID_ID,
                        item -> catalog.renderProduct(catalog.createProduct(item), root),
                        (id, item) -> catalog.renderProduct(catalog.updateProduct(id, item), root),
                        id -> catalog.renderProduct(catalog.deleteProduct(id, true), root))));
    }

    @GetMapping(VARIATIONS)
    ResponseEntity<?> listVariations(HttpServletRequest http, @PathVariable long pid) {
        return serve(http, "/products/{id}/variations", Access.LIST, (shop, catalog, request, root) -> {
            WooQuery.Page page = WooQuery.variations(catalog.variations(pid), request.query());
            return page(page, request, v -> catalog.renderVariation(pid, v, root));
        });
    }

    @PostMapping(VARIATIONS)
    ResponseEntity<?> createVariation(HttpServletRequest http, @PathVariable long pid) {
        return serve(http, "/products/{id}/variations", Access.CREATE, (shop, catalog, request, root) ->
                ResponseEntity.status(201).body(
                        catalog.renderVariation(pid, catalog.createVariation(pid, request.json()), root)));
    }

    @GetMapping(VARIATION)
    ResponseEntity<?> getVariation(HttpServletRequest http, @PathVariable long pid, @PathVariable long id) {
        return serve(http, "/products/{id}/variations/{id}", Access.VIEW, (shop, catalog, request, root) ->
                ResponseEntity.ok(catalog.renderVariation(pid, catalog.variation(pid, id), root)));
    }

    @RequestMapping(path = VARIATION, method = {RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.POST})
    ResponseEntity<?> updateVariation(HttpServletRequest http, @PathVariable long pid, @PathVariable long id) {
        return serve(http, "/products/{id}/variations/{id}", Access.EDIT, (shop, catalog, request, root) -> {
            ObjectNode variation = catalog.updateVariation(pid, id, request.json());
            shop.traffic().updated(1);
            return ResponseEntity.ok(catalog.renderVariation(pid, variation, root));
        });
    }

    @DeleteMapping(VARIATION)
    ResponseEntity<?> deleteVariation(HttpServletRequest http, @PathVariable long pid, @PathVariable long id) {
        return serve(http, "/products/{id}/variations/{id}", Access.DELETE, (shop, catalog, request, root) -> {
            catalog.product(pid);
            ObjectNode deleted = catalog.variation(pid, id).deepCopy();
            ObjectNode rendered = catalog.renderVariation(pid, deleted, root);
            catalog.deleteVariation(pid, id);
            return ResponseEntity.ok(rendered);
        });
    }

    @RequestMapping(path = VARIATIONS + "/batch", method = {RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH})
    ResponseEntity<?> batchVariations(HttpServletRequest http, @PathVariable long pid) {
        return serve(http, "/products/{id}/variations/batch", Access.BATCH, (shop, catalog, request, root) -> {
            catalog.product(pid);
            return ResponseEntity.ok(batch(shop, request.json(), WooCatalog.VARIATION_INVALID_ID,
                    item -> catalog.renderVariation(pid, catalog.createVariation(pid, item), root),
                    (id, item) -> catalog.renderVariation(pid, catalog.updateVariation(pid, id, item), root),
                    id -> {
                        ObjectNode rendered = catalog.renderVariation(pid, catalog.variation(pid, id), root);
                        catalog.deleteVariation(pid, id);
                        return rendered;
                    }));
        });
    }

    @GetMapping(V3 + "/data/currencies/current")
    ResponseEntity<?> currentCurrency(HttpServletRequest http) {
        return serve(http, "/data/currencies/current", Access.VIEW, (shop, catalog, request, root) -> {
            ObjectNode currency = JsonNodeFactory.instance.objectNode();
            currency.put("code", shop.currency());
            currency.put("name", shop.currency());
            currency.put("symbol", shop.currency());
            return ResponseEntity.ok(currency);
        });
    }

    // ------------------------------------------------------------ orders (read) and webhooks

    @GetMapping(V3 + "/orders")
    ResponseEntity<?> listOrders(HttpServletRequest http) {
        return serve(http, "/orders", Access.LIST, (shop, catalog, request, root) -> {
            WooOrderBook book = shop.orderBook();
            return page(WooQuery.orders(book.orders(), request.query()), request, o -> book.renderOrder(o, root));
        });
    }

    /**
     * An order made through the REST API (Kanal writing another channel's order to its source
     * shop): {@code status}, {@code set_paid}, {@code created_via}, {@code meta_data},
     * {@code line_items[{product_id[, variation_id], quantity[, subtotal, total]}]}; 201 with the
     * order. A paid or processing order lowers the managed stock of its lines once; order.created
     * and the changed products' product.updated webhooks follow.
     */
    @PostMapping(V3 + "/orders")
    ResponseEntity<?> createOrder(HttpServletRequest http) {
        return serve(http, "/orders", Access.CREATE, (shop, catalog, request, root) -> {
            WooOrderBook book = shop.orderBook();
            ObjectNode order = book.createOrder(request.json(), catalog, shop.currency());
            if (!request.json().hasNonNull("created_via")) {
                order.put("created_via", "rest-api");
            }
            List<Object[]> changed = book.reduceStockOnce(order, catalog);
            JsonNode rendered = book.renderOrder(order, root);
            webhookSender.deliverLater(shop, book.deliveriesFor("order.created", order.path("id").asLong()), rendered.toString(), root);
            WooProductWebhooks.announce(webhookSender, shop, book, catalog, changed, root);
            return ResponseEntity.status(201).body(rendered);
        });
    }

    @GetMapping(V3 + "/orders/{id:\\d+}")
    ResponseEntity<?> getOrder(HttpServletRequest http, @PathVariable long id) {
        return serve(http, "/orders/{id}", Access.VIEW, (shop, catalog, request, root) ->
                ResponseEntity.ok(shop.orderBook().renderOrder(shop.orderBook().order(id), root)));
    }

    /**
     * A shop's own API edit of an order: status, addresses, {@code meta_data} (merged by key). A
     * status change follows WooCommerce's stock rules ({@link WooOrderBook#applyStockRules}: a
     * cancelled order puts its reduced stock back once); order.updated and the changed products'
     * product.updated webhooks follow.
     */
    @RequestMapping(path = V3 + "/orders/{id:\\d+}", method = {RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.POST})
    ResponseEntity<?> updateOrder(HttpServletRequest http, @PathVariable long id) {
        return serve(http, "/orders/{id}", Access.EDIT, (shop, catalog, request, root) -> {
            WooOrderBook book = shop.orderBook();
            ObjectNode order = book.updateOrder(id, request.json());
            List<Object[]> changed = book.applyStockRules(order, catalog);
            JsonNode rendered = book.renderOrder(order, root);
            book.countApiWrite(id, false);
            webhookSender.deliverLater(shop, book.deliveriesFor("order.updated", id), rendered.toString(), root);
            WooProductWebhooks.announce(webhookSender, shop, book, catalog, changed, root);
            return ResponseEntity.ok(rendered);
        });
    }

    @GetMapping(V3 + "/orders/{id:\\d+}/notes")
    ResponseEntity<?> orderNotes(HttpServletRequest http, @PathVariable long id) {
        return serve(http, "/orders/{id}/notes", Access.LIST, (shop, catalog, request, root) ->
                ResponseEntity.ok(WooJson.MAPPER.valueToTree(shop.orderBook().notes(id))));
    }

    @PostMapping(V3 + "/orders/{id:\\d+}/notes")
    ResponseEntity<?> addOrderNote(HttpServletRequest http, @PathVariable long id) {
        return serve(http, "/orders/{id}/notes", Access.CREATE, (shop, catalog, request, root) ->
        {
            ObjectNode note = shop.orderBook().addNote(id, request.json());
            shop.orderBook().countApiWrite(id, true);
            return ResponseEntity.status(201).body(note);
        });
    }

    @GetMapping(V3 + "/orders/{id:\\d+}/refunds")
    ResponseEntity<?> orderRefunds(HttpServletRequest http, @PathVariable long id) {
        return serve(http, "/orders/{id}/refunds", Access.LIST, (shop, catalog, request, root) ->
                ResponseEntity.ok(WooJson.MAPPER.valueToTree(shop.orderBook().refunds(id))));
    }

    @GetMapping(V3 + "/orders/{id:\\d+}/refunds/{refundId:\\d+}")
    ResponseEntity<?> orderRefund(HttpServletRequest http, @PathVariable long id, @PathVariable long refundId) {
        return serve(http, "/orders/{id}/refunds/{refund_id}", Access.VIEW, (shop, catalog, request, root) ->
                ResponseEntity.ok(shop.orderBook().refund(id, refundId)));
    }

    /**
     * A refund through the API (WooCommerce's rules in {@link WooOrderBook#createRefund}, restock
     * included); order.updated and the restocked products' product.updated webhooks follow.
     */
    @PostMapping(V3 + "/orders/{id:\\d+}/refunds")
    ResponseEntity<?> createOrderRefund(HttpServletRequest http, @PathVariable long id) {
        return serve(http, "/orders/{id}/refunds", Access.CREATE, (shop, catalog, request, root) -> {
            WooOrderBook book = shop.orderBook();
            List<Object[]> restocked = new ArrayList<>();
            ObjectNode refund = book.createRefund(id, request.json(), catalog, restocked);
            book.countApiWrite(id, false);
            webhookSender.deliverLater(shop, book.deliveriesFor("order.updated", id), book.renderOrder(book.order(id), root).toString(),
                    root);
            WooProductWebhooks.announce(webhookSender, shop, book, catalog, restocked, root);
            return ResponseEntity.status(201).body(refund);
        });
    }

    @GetMapping(V3 + "/webhooks")
    ResponseEntity<?> listWebhooks(HttpServletRequest http) {
        return serve(http, "/webhooks", Access.LIST, (shop, catalog, request, root) ->
                page(WooQuery.webhooks(shop.orderBook().webhooks(), request.query()), request, h -> renderWebhook(h, root)));
    }

    /**
     * Creates a webhook. An active one is pinged first (a form post {@code webhook_id=N}, no
     * signature); an answer other than 200 fails the creation and nothing is stored.
     */
    @PostMapping(V3 + "/webhooks")
    ResponseEntity<?> createWebhook(HttpServletRequest http) {
        return serve(http, "/webhooks", Access.CREATE, (shop, catalog, request, root) -> {
            WooOrderBook book = shop.orderBook();
            ObjectNode hook = book.newWebhook(request.json());
            long id = hook.path("id").asLong();
            if ("active".equals(hook.path("status").asText())) {
                String url = hook.path("delivery_url").asText();
                int answer = webhookSender.ping(url, id);
                book.delivered(new WooOrderBook.Delivery(id, url, null, "ping", id, java.util.UUID.randomUUID().toString()),
                        answer, null);
                if (answer != 200) {
                    throw new WooError(400, "woocommerce_rest_shop_webhook_ping_failed",
                            "Error: Delivery URL returned response code: " + answer);
                }
            }
            book.addWebhook(hook, request.json().path("secret").asText(null));
            return ResponseEntity.status(201).body(renderWebhook(hook, root));
        });
    }

    @GetMapping(V3 + "/webhooks/{id:\\d+}")
    ResponseEntity<?> getWebhook(HttpServletRequest http, @PathVariable long id) {
        return serve(http, "/webhooks/{id}", Access.VIEW, (shop, catalog, request, root) ->
                ResponseEntity.ok(renderWebhook(shop.orderBook().webhook(id), root)));
    }

    @RequestMapping(path = V3 + "/webhooks/{id:\\d+}", method = {RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.POST})
    ResponseEntity<?> updateWebhook(HttpServletRequest http, @PathVariable long id) {
        return serve(http, "/webhooks/{id}", Access.EDIT, (shop, catalog, request, root) ->
                ResponseEntity.ok(renderWebhook(shop.orderBook().updateWebhook(id, request.json()), root)));
    }

    @DeleteMapping(V3 + "/webhooks/{id:\\d+}")
    ResponseEntity<?> deleteWebhook(HttpServletRequest http, @PathVariable long id) {
        return serve(http, "/webhooks/{id}", Access.DELETE, (shop, catalog, request, root) -> {
            shop.orderBook().webhook(id);
            if (!request.flag("force")) {
                throw new WooError(501, "woocommerce_rest_trash_not_supported", "Webhooks do not support trashing.");
            }
            return ResponseEntity.ok(renderWebhook(shop.orderBook().deleteWebhook(id), root));
        });
    }

    private static ObjectNode renderWebhook(ObjectNode hook, String root) {
        ObjectNode rendered = hook.deepCopy();
        ObjectNode links = rendered.putObject("_links");
        links.putArray("self").addObject().put("href", root + "/wp-json/wc/v3/webhooks/" + hook.path("id").asLong());
        links.putArray("collection").addObject().put("href", root + "/wp-json/wc/v3/webhooks");
        return rendered;
    }

    /** Anything else: WordPress's 404, after authentication as in WordPress. */
    @RequestMapping("/**")
    ResponseEntity<?> noRoute(HttpServletRequest http) {
        return serve(http, "(no route)", Access.NO_ROUTE, (shop, catalog, request, root) -> {
            throw new WooError(404, "rest_no_route", "No route was found matching the URL and request method.");
        });
    }

    // ------------------------------------------------------------ the way through

    private ResponseEntity<?> serve(HttpServletRequest http, String route, Access access, Handler handler) {
        WooRequest request = WooRequest.from(http);
        WooShop named = sandbox.shop(WooAuthenticator.consumerKey(request));
        if (named != null) {
            sleep(named.traffic().latencyMillis());
            WooTraffic.Refusal refusal = named.traffic().arrive(request.method() + " " + route);
            if (refusal != null) {
                return refused(refusal);
            }
        }
        try {
            WooShop shop = authenticator.authenticate(request);
            if (shop == null) {
                if (access == Access.NO_ROUTE) {
                    return handler.handle(null, null, request, null);
                }
                throw new WooError(401, access.code, access.message);
            }
            WooAuthenticator.checkPermission(shop, request.method());
            String root = ServletUriComponentsBuilder.fromContextPath(http).path(SHOP).toUriString();
            return shop.locked(catalog -> handler.handle(shop, catalog, request, root));
        } catch (WooError e) {
            return e.response();
        }
    }

    /** The answer of the host instead of WooCommerce's. */
    private static ResponseEntity<?> refused(WooTraffic.Refusal refusal) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(refusal.status());
        if (refusal.retryAfter() != null) {
            answer.header(HttpHeaders.RETRY_AFTER, refusal.retryAfter());
        }
        if (refusal.status() == 429) {
            return answer.header(HttpHeaders.CONTENT_LENGTH, "0").build(); // WAFs send no body
        }
        if (refusal.status() == 500) {
            ObjectNode body = new WooError(500, "internal_server_error",
                    "<p>There has been a critical error on this website.</p>").body();
            body.putArray("additional_errors");
            return answer.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        // a proxy's error page, not JSON
        String html = "<html><head><title>" + refusal.status() + "</title></head><body><center><h1>"
                + refusal.status() + "</h1></center><hr><center>nginx</center></body></html>";
        return answer.contentType(MediaType.TEXT_HTML).body(html);
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A bare array with X-WP-Total, X-WP-TotalPages and Link (prev/next) headers. */
    private static ResponseEntity<JsonNode> page(WooQuery.Page page, WooRequest request, Function<ObjectNode, ObjectNode> render) {
        ArrayNode items = JsonNodeFactory.instance.arrayNode();
        page.items().forEach(item -> items.add(render.apply(item)));
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok()
                .header("X-WP-Total", Integer.toString(page.total()))
                .header("X-WP-TotalPages", Integer.toString(page.totalPages()));
        List<String> links = new ArrayList<>();
        if (page.page() > 1) {
            links.add("<" + pageUrl(request, Math.min(page.page() - 1, Math.max(1, page.totalPages()))) + ">; rel=\"prev\"");
        }
        if (page.totalPages() > page.page()) {
            links.add("<" + pageUrl(request, page.page() + 1) + ">; rel=\"next\"");
        }
        if (!links.isEmpty()) {
            answer.header(HttpHeaders.LINK, String.join(", ", links));
        }
        return answer.body(items);
    }

    /** The request's URL on another page, without credentials (never echo a secret). */
    private static String pageUrl(WooRequest request, int page) {
        Map<String, String> query = new LinkedHashMap<>();
        request.query().forEach((name, value) -> {
            if (!name.startsWith("oauth_") && !name.equals("consumer_key") && !name.equals("consumer_secret")) {
                query.put(name, value);
            }
        });
        query.put("page", Integer.toString(page));
        StringBuilder url = new StringBuilder(request.url());
        String separator = "?";
        for (Map.Entry<String, String> parameter : query.entrySet()) {
            url.append(separator).append(WooAuthenticator.encode(parameter.getKey()))
                    .append('=').append(WooAuthenticator.encode(parameter.getValue()));
            separator = "&";
        }
        return url.toString();
    }

    @FunctionalInterface
    private interface Update {
        ObjectNode apply(long id, JsonNode item);
    }

    /**
     * WC_REST_Controller::batch_items: at most 100 items in all (else 413); each item on its own,
     * an item's error reported in its place as {@code {"id":N,"error":{...}}}; deletes are forced.
     */
    private static ObjectNode batch(WooShop shop, JsonNode body, String invalidIdCode,
            Function<JsonNode, ObjectNode> create, Update update, Function<Long, ObjectNode> delete) {
        if (body.isMissingNode()) {
            body = JsonNodeFactory.instance.objectNode();
        }
        if (!body.isObject()) {
            throw new WooError(400, "rest_invalid_json", "Invalid JSON body passed.");
        }
        Map<String, String> problems = new LinkedHashMap<>();
        int total = 0;
        for (String kind : List.of("create", "update", "delete")) {
            JsonNode items = body.get(kind);
            if (items != null && !items.isArray()) {
                problems.put(kind, kind + " is not of type array.");
            } else if (items != null) {
                total += items.size();
            }
        }
        if (!problems.isEmpty()) {
            throw WooError.invalidParams(problems);
        }
        if (total > BATCH_LIMIT) {
            throw new WooError(413, "woocommerce_rest_request_entity_too_large",
                    "Unable to accept more than " + BATCH_LIMIT + " items for this request.");
        }
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        if (body.has("create")) {
            ArrayNode created = answer.putArray("create");
            for (JsonNode item : body.get("create")) {
                try {
                    created.add(create.apply(item));
                } catch (WooError e) {
                    created.add(itemError(0, e));
                }
            }
        }
        if (body.has("update")) {
            ArrayNode updated = answer.putArray("update");
            int applied = 0;
            for (JsonNode item : body.get("update")) {
                long id = id(item.path("id"));
                try {
                    if (id <= 0) {
                        throw WooError.invalidId(invalidIdCode);
                    }
                    updated.add(update.apply(id, item));
                    applied++;
                } catch (WooError e) {
                    updated.add(itemError(id, e));
                }
            }
            shop.traffic().updated(applied);
        }
        if (body.has("delete")) {
            ArrayNode deleted = answer.putArray("delete");
            for (JsonNode item : body.get("delete")) {
                long id = id(item.isObject() ? item.path("id") : item);
                try {
                    if (id <= 0) {
                        throw WooError.invalidId(invalidIdCode);
                    }
                    deleted.add(delete.apply(id));
                } catch (WooError e) {
                    deleted.add(itemError(id, e));
                }
            }
        }
        return answer;
    }

    /** PHP's (int) cast of an id: numbers and numeric strings, anything else 0. */
    private static long id(JsonNode value) {
        if (value.isIntegralNumber()) {
            return value.asLong();
        }
        if (value.isTextual() && value.asText().trim().matches("\\d{1,18}")) {
            return Long.parseLong(value.asText().trim());
        }
        return 0;
    }

    private static ObjectNode itemError(long id, WooError error) {
        ObjectNode item = JsonNodeFactory.instance.objectNode();
        item.put("id", id);
        item.set("error", error.body());
        return item;
    }
}
