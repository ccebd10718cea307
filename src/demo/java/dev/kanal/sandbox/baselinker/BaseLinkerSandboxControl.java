package dev.kanal.sandbox.baselinker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Not part of BaseLinker's API: what tests and the demo use to arrange and inspect the sandbox.
 * A request names its account the way API requests do, with {@code X-BLToken}; the first
 * control request for a token creates that account. Control requests are not counted, limited
 * or faulted. Documented in docs/sandboxes.md.
 */
@RestController
@RequestMapping(path = "/sandbox/baselinker/_control", produces = MediaType.APPLICATION_JSON_VALUE)
@ConditionalOnProperty(prefix = "kanal.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
class BaseLinkerSandboxControl {

    static final String TOKEN = "X-BLToken";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where each order source's orders come from by default: a marketplace account id and a buyer login. */
    private static final Map<String, Long> SOURCE_IDS = Map.of("allegro", 2301L, "ebay", 1522L, "personal", 0L, "shop", 8235L);

    private final BaseLinkerSandbox sandbox;

    BaseLinkerSandboxControl(BaseLinkerSandbox sandbox) {
        this.sandbox = sandbox;
    }

    /** Forgets the account: inventory, orders, statuses, journal, faults, limit and statistics. */
    @PostMapping("/reset")
    ResponseEntity<Void> reset(@RequestHeader(name = TOKEN, required = false) String token) {
        sandbox.reset(token);
        sandbox.accountForControl(token);
        return ResponseEntity.noContent().build();
    }

    /** The account's catalog: inventory id, warehouses and price groups (default first). */
    @GetMapping("/inventory")
    Map<String, Object> inventory(@RequestHeader(name = TOKEN, required = false) String token) {
        SandboxAccount account = sandbox.accountForControl(token);
        return account.withLock(() -> account.inventory.describe(true));
    }

    /**
     * Adds products to the catalog: {@code [{"sku","name","ean","price","prices":{"106":"9.99"},
     * "stock":{"bl_1":5}|5,"variants":[{"sku","name","price","prices":{…},"stock":{…}}]}]}
     * ({@code price} is the default price group's); answers each with its id and its variants' ids.
     */
    @PostMapping("/products")
    ResponseEntity<List<Map<String, Object>>> products(@RequestHeader(name = TOKEN, required = false) String token,
                                                       @RequestBody(required = false) JsonNode body) {
        SandboxAccount account = sandbox.accountForControl(token);
        if (body == null || !body.isArray()) {
            throw new IllegalArgumentException("a JSON array of products is expected");
        }
        List<Map<String, Object>> created = account.withLock(() -> {
            List<Map<String, Object>> added = new ArrayList<>();
            for (JsonNode node : body) {
                SandboxProduct product = account.inventory.add(node);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", product.id);
                row.put("sku", product.sku);
                Map<String, Long> variants = new LinkedHashMap<>();
                product.variants.values().forEach(v -> variants.put(v.sku, v.id));
                row.put("variants", variants);
                added.add(row);
            }
            return added;
        });
        return ResponseEntity.status(HttpStatus.CREATED).body(created);
    }

    /**
     * Prices of every product and variant: id, parent_id, sku, prices by price group ({@code []}
     * when none). BaseLinker's own price read is not one Kanal uses, so tests read prices here.
     */
    @GetMapping("/prices")
    List<Map<String, Object>> prices(@RequestHeader(name = TOKEN, required = false) String token) {
        SandboxAccount account = sandbox.accountForControl(token);
        return account.withLock(account.inventory::priceView);
    }

    /** The account's price groups, as getInventoryPriceGroups answers them (105 Default and 106 Marketplaces, PLN, standard). */
    @GetMapping("/price-groups")
    Object priceGroups(@RequestHeader(name = TOKEN, required = false) String token) {
        SandboxAccount account = sandbox.accountForControl(token);
        return account.withLock(() -> account.inventory.priceGroupsAnswer().get("price_groups"));
    }

    /**
     * Changes a price group, or adds it to the storage and the catalog: any of {@code {"name",
     * "description","currency":"EUR","price_group_type":"standard"|"dependent_on_price_group"|
     * "dependent_on_average_cost","source_price_group_id":105,"price_multiplier":1.2,"price_addition":0}}.
     * Answers the group as getInventoryPriceGroups shows it; 400 for a bad field.
     */
    @PutMapping("/price-groups/{groupId}")
    Map<String, Object> changePriceGroup(@RequestHeader(name = TOKEN, required = false) String token, @PathVariable long groupId,
                                         @RequestBody(required = false) JsonNode body) {
        SandboxAccount account = sandbox.accountForControl(token);
        JsonNode changes = body == null ? JSON.createObjectNode() : body;
        if (!changes.isObject()) {
            throw new IllegalArgumentException("a JSON object of price group fields is expected");
        }
        return account.withLock(() -> account.inventory.changePriceGroup(groupId, changes));
    }

    /** Deletes a price group (not the default) from the storage and the catalog, with its prices. */
    @DeleteMapping("/price-groups/{groupId}")
    ResponseEntity<Void> deletePriceGroup(@RequestHeader(name = TOKEN, required = false) String token, @PathVariable long groupId) {
        SandboxAccount account = sandbox.accountForControl(token);
        account.withLock(() -> {
            account.inventory.deletePriceGroup(groupId);
            return null;
        });
        return ResponseEntity.noContent().build();
    }

    /** Stock of every sellable product and variant: id, parent_id, sku, stock per warehouse, total. */
    @GetMapping("/stock")
    List<Map<String, Object>> stock(@RequestHeader(name = TOKEN, required = false) String token) {
        SandboxAccount account = sandbox.accountForControl(token);
        return account.withLock(account.inventory::stockView);
    }

    /**
     * A buyer orders. At least {@code {"sku":"…","quantity":1}}; or {@code "products":[{"sku","quantity",
     * "price_brutto","name"}]}. Optional: {@code order_source} (allegro, the default; ebay; personal;
     * shop), {@code order_source_id}, {@code external_order_id}, {@code status_id} (default the
     * account's first status), {@code confirmed} (default true), {@code date_confirmed} (unix time,
     * default now), {@code currency} (PLN), {@code paid} (default true: payment_done = the total),
     * {@code cod}, {@code delivery_fullname}, {@code delivery_company}, {@code email},
     * {@code delivery_price}. A line whose SKU the catalog has is linked to that product or variant
     * and takes its name and price. Answers the order as getOrders shows it.
     */
    @PostMapping("/orders")
    ResponseEntity<Map<String, Object>> createOrder(@RequestHeader(name = TOKEN, required = false) String token,
                                                    @RequestBody(required = false) JsonNode body) {
        SandboxAccount account = sandbox.accountForControl(token);
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("an order object is expected, at least {\"sku\":\"…\",\"quantity\":1}");
        }
        List<JsonNode> lines = new ArrayList<>();
        if (body.path("products").isArray()) {
            body.path("products").forEach(lines::add);
        } else if (body.hasNonNull("sku")) {
            lines.add(body);
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("an order needs a sku (and quantity) or products");
        }
        Map<String, Object> created = account.withLock(() -> {
            SandboxOrderBook book = account.orders;
            SandboxOrder order = new SandboxOrder(book.newOrderId());
            fill(order, body, book);
            for (JsonNode node : lines) {
                order.products.add(line(account.inventory, node));
            }
            order.paymentDone = body.path("paid").asBoolean(true) && !order.cashOnDelivery ? order.total() : BigDecimal.ZERO;
            book.add(order);
            return order.toJson(false);
        });
        return ResponseEntity.status(HttpStatus.CREATED).body(created);
    }

    private static void fill(SandboxOrder order, JsonNode body, SandboxOrderBook book) {
        long now = book.now();
        order.orderSource = body.path("order_source").asText("allegro");
        if (!SOURCE_IDS.containsKey(order.orderSource)) {
            throw new IllegalArgumentException("order_source must be one of " + SOURCE_IDS.keySet());
        }
        order.orderSourceId = body.path("order_source_id").asLong(SOURCE_IDS.get(order.orderSource));
        order.externalOrderId = body.path("external_order_id").asText(switch (order.orderSource) {
            case "allegro" -> java.util.UUID.nameUUIDFromBytes(Long.toString(order.orderId).getBytes()).toString();
            case "ebay" -> "12-" + (10_000 + order.orderId % 90_000) + "-" + (10_000 + order.orderId % 89_999);
            default -> "";
        });
        order.userLogin = switch (order.orderSource) {
            case "allegro" -> "kupujacy_" + order.orderId % 1000;
            case "ebay" -> "ebay_buyer_" + order.orderId % 1000;
            default -> null; // entered by hand: no marketplace login
        };
        order.statusId = body.path("status_id").asLong(book.statuses().get(0).id());
        book.status(order.statusId);
        order.confirmed = body.path("confirmed").asBoolean(true);
        order.dateAdd = body.path("date_add").asLong(now);
        order.dateConfirmed = order.confirmed ? body.path("date_confirmed").asLong(now) : 0;
        order.dateInStatus = Math.max(order.dateAdd, order.dateConfirmed);
        order.currency = body.path("currency").asText("PLN");
        order.cashOnDelivery = body.path("cod").asBoolean(false);
        order.paymentMethod = order.cashOnDelivery ? "Pobranie" : "ebay".equals(order.orderSource) ? "PayPal" : "PayU";
        order.deliveryFullname = body.path("delivery_fullname").asText("Jan Kowalski");
        order.deliveryCompany = body.path("delivery_company").asText("");
        order.deliveryAddress = "ul. Prosta 1";
        order.deliveryCity = "Warszawa";
        order.deliveryPostcode = "00-850";
        order.email = body.path("email").asText("buyer" + order.orderId + "@example.pl");
        order.phone = "+48600100200";
        if ("personal".equals(order.orderSource)) {
            order.deliveryMethod = "Kurier DPD";
        }
        order.deliveryPrice = SandboxOrderBook.money(body.get("delivery_price"), order.deliveryPrice.toPlainString());
    }

    private SandboxOrder.Line line(SandboxInventory inventory, JsonNode node) {
        String sku = node.path("sku").asText("");
        if (sku.isBlank()) {
            throw new IllegalArgumentException("each product line needs a sku");
        }
        int quantity = node.path("quantity").asInt(1);
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be at least 1");
        }
        SandboxOrder.Line line = new SandboxOrder.Line();
        line.orderProductId = sandbox.nextOrderProductId();
        line.sku = sku;
        line.quantity = quantity;
        SandboxProduct product = inventory.bySku(sku).orElse(null);
        if (product != null) {
            line.productId = Long.toString(product.parentId == 0 ? product.id : product.parentId);
            line.variantId = product.parentId == 0 ? 0 : product.id;
            line.storageId = inventory.inventoryId;
            line.ean = product.ean;
        }
        line.name = node.path("name").asText(product != null ? product.name : "Sandbox product " + sku);
        BigDecimal price = product == null ? null : product.prices.get(inventory.priceGroups.get(0));
        line.priceBrutto = SandboxOrderBook.money(node.get("price_brutto"), price != null ? price.toPlainString() : "99.00");
        line.auctionId = Long.toString(10_000_000_000L + Math.floorMod(sku.hashCode(), 1_000_000_000));
        return line;
    }

    /** Every order, confirmed or not, as getOrders shows it, without counting a call. */
    @GetMapping("/orders")
    List<Map<String, Object>> orders(@RequestHeader(name = TOKEN, required = false) String token) {
        SandboxAccount account = sandbox.accountForControl(token);
        return account.withLock(() -> account.orders.orders().stream().map(o -> o.toJson(false)).toList());
    }

    /**
     * BaseLinker's panel or a marketplace moves an order on: {@code {"status_id":N}} (logged as
     * event 18), {@code {"confirmed":true}} (confirms it now), {@code {"payment_done":"…"}}.
     */
    @PatchMapping("/orders/{orderId}")
    Map<String, Object> changeOrder(@RequestHeader(name = TOKEN, required = false) String token, @PathVariable long orderId,
                                    @RequestBody(required = false) JsonNode body) {
        SandboxAccount account = sandbox.accountForControl(token);
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("a JSON object is expected");
        }
        return account.withLock(() -> {
            SandboxOrder order = account.orders.order(orderId);
            if (body.hasNonNull("status_id")) {
                account.orders.changeStatus(order, body.get("status_id").asLong());
            }
            if (body.path("confirmed").asBoolean(false) && !order.confirmed) {
                order.confirmed = true;
                order.dateConfirmed = account.orders.now();
            }
            if (body.hasNonNull("payment_done")) {
                order.paymentDone = SandboxOrderBook.money(body.get("payment_done"), "0");
            }
            return order.toJson(false);
        });
    }

    /** The account's statuses, as getOrderStatusList answers them. */
    @GetMapping("/statuses")
    List<Map<String, Object>> statuses(@RequestHeader(name = TOKEN, required = false) String token) {
        SandboxAccount account = sandbox.accountForControl(token);
        return account.withLock(() -> account.orders.statuses().stream().map(SandboxOrderBook.Status::toJson).toList());
    }

    /** Replaces the account's statuses: {@code [{"id":N,"name":"…","name_for_customer":"…","color":"#…"}]}. */
    @PutMapping("/statuses")
    List<Map<String, Object>> setStatuses(@RequestHeader(name = TOKEN, required = false) String token,
                                          @RequestBody(required = false) JsonNode body) {
        SandboxAccount account = sandbox.accountForControl(token);
        if (body == null || !body.isArray() || body.isEmpty()) {
            throw new IllegalArgumentException("a non-empty JSON array of statuses is expected");
        }
        List<SandboxOrderBook.Status> statuses = new ArrayList<>();
        for (JsonNode s : body) {
            if (!s.hasNonNull("id") || !s.hasNonNull("name")) {
                throw new IllegalArgumentException("each status needs an id and a name");
            }
            statuses.add(new SandboxOrderBook.Status(s.get("id").asLong(), s.get("name").asText(),
                    s.path("name_for_customer").asText(s.get("name").asText()), s.path("color").asText("#777777")));
        }
        account.withLock(() -> {
            account.orders.replaceStatuses(statuses);
            return null;
        });
        return statuses(token);
    }

    /** Every package of every order, with its order_id. */
    @GetMapping("/packages")
    List<Map<String, Object>> packages(@RequestHeader(name = TOKEN, required = false) String token) {
        SandboxAccount account = sandbox.accountForControl(token);
        return account.withLock(account.orders::packagesView);
    }

    /** {@code {"active":false}}: getJournalList answers nothing, as before BaseLinker's support activates it. */
    @PutMapping("/journal")
    Map<String, Object> journal(@RequestHeader(name = TOKEN, required = false) String token, @RequestBody JsonNode body) {
        SandboxAccount account = sandbox.accountForControl(token);
        return account.withLock(() -> {
            account.orders.setJournalActive(body.path("active").asBoolean(true));
            return Map.of("active", account.orders.journalActive());
        });
    }

    /** Calls per method, totalCalls, blockedAnswers, maxCallsPer60s (the most within any rolling minute), stockWrites. */
    @GetMapping("/stats")
    Map<String, Object> stats(@RequestHeader(name = TOKEN, required = false) String token) {
        return sandbox.accountForControl(token).statistics();
    }

    @GetMapping("/limit")
    SandboxAccount.Limit limit(@RequestHeader(name = TOKEN, required = false) String token) {
        return sandbox.accountForControl(token).limit();
    }

    /** {@code {"requestsPerMinute":100,"blockSeconds":60}}; fields left out keep their value. Clears the window and any block. */
    @PutMapping("/limit")
    SandboxAccount.Limit setLimit(@RequestHeader(name = TOKEN, required = false) String token, @RequestBody JsonNode body) {
        SandboxAccount account = sandbox.accountForControl(token);
        SandboxAccount.Limit current = account.limit();
        SandboxAccount.Limit updated = new SandboxAccount.Limit(
                body.path("requestsPerMinute").asInt(current.requestsPerMinute()),
                body.path("blockSeconds").asInt(current.blockSeconds()));
        account.setLimit(updated);
        return updated;
    }

    /**
     * Queues a fault for the next API requests: {@code {"error_code":"ERROR_…","error_message":"…","count":1}}
     * or {@code {"httpStatus":503,"count":1}} (an HTML page from the front).
     */
    @PostMapping("/faults")
    ResponseEntity<Void> addFault(@RequestHeader(name = TOKEN, required = false) String token, @RequestBody JsonNode body) {
        sandbox.accountForControl(token).addFault(new SandboxAccount.Fault(
                body.hasNonNull("error_code") ? body.get("error_code").asText() : null,
                body.path("error_message").asText("Sandbox fault"),
                body.path("httpStatus").asInt(0), body.path("count").asInt(1)));
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/faults")
    ResponseEntity<Void> clearFaults(@RequestHeader(name = TOKEN, required = false) String token) {
        sandbox.accountForControl(token).clearFaults();
        return ResponseEntity.noContent().build();
    }

    /**
     * The last 2,000 API requests of the account as they arrived and were answered:
     * {@code [{"method","parameters":<JSON as sent>,"answer":<JSON answered>}]}; for contract tests.
     */
    @GetMapping("/exchanges")
    List<Map<String, Object>> exchanges(@RequestHeader(name = TOKEN, required = false) String token) {
        List<Map<String, Object>> all = new ArrayList<>();
        for (SandboxAccount.Exchange exchange : sandbox.accountForControl(token).exchanges()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("method", exchange.method());
            Object parameters;
            try {
                parameters = exchange.parameters() == null ? null : JSON.readTree(exchange.parameters());
            } catch (Exception notJson) {
                parameters = exchange.parameters();
            }
            row.put("parameters", parameters);
            row.put("answer", exchange.answer());
            all.add(row);
        }
        return all;
    }

    @ExceptionHandler(SandboxApiError.class)
    ResponseEntity<Object> apiError(SandboxApiError error) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(error.answer());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Object> invalid(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Map.of("error", String.valueOf(e.getMessage())));
    }
}
