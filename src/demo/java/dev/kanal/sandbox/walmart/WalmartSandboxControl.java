package dev.kanal.sandbox.walmart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Not part of Walmart's API: what tests and the demo use to arrange and inspect the sandbox. A
 * request names its seller the way the token call does, {@code Authorization: Basic
 * base64(clientId:clientSecret)}; the first control request for a client id creates that seller
 * with that secret. Control requests are not counted, rate limited or faulted. Documented in
 * docs/sandboxes.md.
 */
@RestController
@RequestMapping(path = "/sandbox/walmart/_control", produces = MediaType.APPLICATION_JSON_VALUE)
@ConditionalOnProperty(prefix = "kanal.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
class WalmartSandboxControl {

    private static final String AUTH = HttpHeaders.AUTHORIZATION;
    private static final BigDecimal TAX_RATE = new BigDecimal("0.0825");

    private final WalmartSandbox sandbox;

    WalmartSandboxControl(WalmartSandbox sandbox) {
        this.sandbox = sandbox;
    }

    /** Forgets everything of the seller (items, orders, feeds, returns, records, limits, faults, statistics) and its tokens. */
    @PostMapping("/reset")
    ResponseEntity<Void> reset(@RequestHeader(name = AUTH, required = false) String auth) {
        WalmartSeller seller = sandbox.sellerForControl(auth);
        seller.reset();
        sandbox.revokeTokens(seller);
        return ResponseEntity.noContent().build();
    }

    /** Adds items: {@code [{"sku","productName","price","quantity"}]}; only sku is required. */
    @PostMapping("/items")
    ResponseEntity<List<ObjectNode>> items(@RequestHeader(name = AUTH, required = false) String auth,
                                           @RequestBody(required = false) JsonNode body) {
        WalmartSeller seller = sandbox.sellerForControl(auth);
        if (body == null || !body.isArray()) {
            throw new IllegalArgumentException("a JSON array of items is expected");
        }
        List<ObjectNode> created = new ArrayList<>();
        body.forEach(item -> created.add(seller.addItem(item)));
        return ResponseEntity.status(HttpStatus.CREATED).body(created);
    }

    /**
     * Adds items to Walmart.com's catalogue, shared by every seller (no credentials needed):
     * {@code [{"gtin","title","brand"?,"productType"?,"price"?}]}, the GTIN of 8, 12, 13 or 14
     * digits (kept as GTIN-14); answers them with their Walmart item ids. The same GTIN twice makes
     * two items, which a match then refuses as ambiguous.
     */
    @PostMapping("/catalogue")
    ResponseEntity<List<ObjectNode>> catalogue(@RequestBody(required = false) JsonNode body) {
        return ResponseEntity.status(HttpStatus.CREATED).body(sandbox.catalogue().add(body).stream()
                .map(WalmartCatalogue.Entry::toControlJson).toList());
    }

    @GetMapping("/catalogue")
    List<ObjectNode> catalogue() {
        return sandbox.catalogue().all();
    }

    @GetMapping("/items")
    List<ObjectNode> listItems(@RequestHeader(name = AUTH, required = false) String auth) {
        return sandbox.sellerForControl(auth).items();
    }

    /** SKU to quantity, feeds that are due applied. */
    @GetMapping("/inventory")
    Map<String, Integer> inventory(@RequestHeader(name = AUTH, required = false) String auth) {
        return sandbox.sellerForControl(auth).inventory();
    }

    /** The bodies of every {@code PUT /v3/inventory} served, oldest first. */
    @GetMapping("/inventory/updates")
    List<JsonNode> inventoryUpdates(@RequestHeader(name = AUTH, required = false) String auth) {
        return sandbox.sellerForControl(auth).inventoryUpdates();
    }

    @GetMapping("/feeds")
    List<Map<String, Object>> feeds(@RequestHeader(name = AUTH, required = false) String auth) {
        return sandbox.sellerForControl(auth).feeds();
    }

    /** {@code {"ms":N}}: a feed uploaded from now on is RECEIVED for N/2 ms, INPROGRESS until N ms, then PROCESSED (default 300). */
    @PutMapping("/feeds/delay")
    ResponseEntity<Void> feedDelay(@RequestHeader(name = AUTH, required = false) String auth, @RequestBody JsonNode body) {
        sandbox.sellerForControl(auth).setFeedDelay(required(body, "ms").asLong());
        return ResponseEntity.noContent().build();
    }

    /**
     * {@code {"bytes":N,"feedType":"price"}}: a feed file of that type larger than N bytes answers
     * 413; without {@code feedType}, every type (defaults: inventory 5 MB, price 5 KB).
     */
    @PutMapping("/feeds/max-bytes")
    ResponseEntity<Void> feedMaxBytes(@RequestHeader(name = AUTH, required = false) String auth, @RequestBody JsonNode body) {
        sandbox.sellerForControl(auth).setMaxFeedBytes(body.hasNonNull("feedType") ? body.get("feedType").asText() : null,
                required(body, "bytes").asInt());
        return ResponseEntity.noContent().build();
    }

    /** SKU to its regular price {@code {currency, amount}}, due price feeds applied. */
    @GetMapping("/prices")
    Map<String, JsonNode> prices(@RequestHeader(name = AUTH, required = false) String auth) {
        return sandbox.sellerForControl(auth).prices();
    }

    /** The bodies of every {@code PUT /v3/price} served, oldest first. */
    @GetMapping("/prices/updates")
    List<JsonNode> priceUpdates(@RequestHeader(name = AUTH, required = false) String auth) {
        return sandbox.sellerForControl(auth).priceUpdates();
    }

    /** One item with its price and quantity, due feeds applied; 404 when the seller has no such SKU. */
    @GetMapping("/items/{sku}")
    ObjectNode item(@RequestHeader(name = AUTH, required = false) String auth, @PathVariable String sku) {
        ObjectNode item = sandbox.sellerForControl(auth).item(sku);
        if (item == null) {
            throw WalmartSandboxError.of(HttpStatus.NOT_FOUND, "CONTENT_NOT_FOUND.GMP_ITEM_API", "sku", "No item " + sku, "DATA");
        }
        return item;
    }

    /**
     * A customer orders: {@code {"sku":"...","quantity":1}} at least, or {@code {"lines":[{"sku","quantity","price"}]}},
     * with optional {@code price}, {@code customerName}, {@code methodCode}. Walmart gives each unit a line of its own
     * (quantity 1); a line's price defaults to the item's, else 99.00, with 8.25 % tax. Answers the order as Walmart lists it.
     */
    @PostMapping("/orders")
    ResponseEntity<ObjectNode> order(@RequestHeader(name = AUTH, required = false) String auth,
                                     @RequestBody(required = false) JsonNode body) {
        WalmartSeller seller = sandbox.sellerForControl(auth);
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("an order object {\"sku\":\"...\",\"quantity\":1} is expected");
        }
        List<JsonNode> asked = new ArrayList<>();
        if (body.path("lines").isArray()) {
            body.path("lines").forEach(asked::add);
        } else {
            asked.add(body);
        }
        long now = System.currentTimeMillis();
        long po = sandbox.nextOrderId();
        ObjectNode order = WalmartSeller.JSON.createObjectNode()
                .put("purchaseOrderId", Long.toString(po))
                .put("customerOrderId", Long.toString(po + 2_500_000_000_000L))
                .put("customerEmailId", Long.toHexString(po).toUpperCase() + "A1B2C3D4E5F6@relay.walmart.com")
                .put("orderType", "REGULAR")
                .put("orderDate", now);
        String name = body.path("customerName").asText("Donald Ashley");
        ObjectNode shipping = order.putObject("shippingInfo").put("phone", "3143450432")
                .put("estimatedDeliveryDate", now + 5 * 86_400_000L).put("estimatedShipDate", now + 86_400_000L)
                .put("methodCode", body.path("methodCode").asText("Standard"));
        shipping.putObject("postalAddress").put("name", name).put("address1", "6600 Gazebo Drive").put("city", "Cedar Hill")
                .put("state", "MO").put("postalCode", "63016").put("country", "USA").put("addressType", "RESIDENTIAL");
        ArrayNode lines = order.putObject("orderLines").putArray("orderLine");
        BigDecimal total = BigDecimal.ZERO;
        int lineNumber = 0;
        for (JsonNode line : asked) {
            String sku = line.path("sku").asText("");
            if (sku.isBlank()) {
                throw new IllegalArgumentException("each line needs a sku");
            }
            int quantity = line.path("quantity").asInt(1);
            if (quantity < 1) {
                throw new IllegalArgumentException("quantity must be at least 1");
            }
            ObjectNode item = seller.itemOrNull(sku);
            BigDecimal price = WalmartSandboxApi.amount(line.get("price"), item != null
                    ? item.path("price").path("amount").asText("99.00") : "99.00").setScale(2, RoundingMode.HALF_UP);
            BigDecimal tax = price.multiply(TAX_RATE).setScale(2, RoundingMode.HALF_UP);
            for (int unit = 0; unit < quantity; unit++) {
                ObjectNode orderLine = lines.addObject().put("lineNumber", Integer.toString(++lineNumber));
                orderLine.putObject("item").put("productName", item != null ? item.path("productName").asText() : "Sandbox item " + sku)
                        .put("sku", sku);
                ObjectNode charge = orderLine.putObject("charges").putArray("charge").addObject()
                        .put("chargeType", "PRODUCT").put("chargeName", "ItemPrice");
                charge.putObject("chargeAmount").put("currency", "USD").put("amount", price);
                charge.putObject("tax").put("taxName", "Tax1").putObject("taxAmount").put("currency", "USD").put("amount", tax);
                orderLine.putObject("orderLineQuantity").put("unitOfMeasurement", "EACH").put("amount", "1");
                orderLine.put("statusDate", now);
                ObjectNode status = orderLine.putObject("orderLineStatuses").putArray("orderLineStatus").addObject()
                        .put("status", "Created");
                status.putObject("statusQuantity").put("unitOfMeasurement", "EACH").put("amount", "1");
                orderLine.putObject("fulfillment").put("fulfillmentOption", "S2H").put("shipMethod", "STANDARD");
                total = total.add(price).add(tax);
            }
        }
        order.putObject("orderSummary").putObject("totalAmount").put("currencyAmount", total).put("currencyUnit", "USD");
        order.putObject("shipNode").put("type", "SellerFulfilled");
        seller.addOrder(order);
        return ResponseEntity.status(HttpStatus.CREATED).body(order.deepCopy());
    }

    @GetMapping("/orders")
    List<ObjectNode> orders(@RequestHeader(name = AUTH, required = false) String auth) {
        return sandbox.sellerForControl(auth).orders();
    }

    @GetMapping("/acknowledgements")
    List<JsonNode> acknowledgements(@RequestHeader(name = AUTH, required = false) String auth) {
        return sandbox.sellerForControl(auth).acknowledgements();
    }

    @GetMapping("/shipments")
    List<JsonNode> shipments(@RequestHeader(name = AUTH, required = false) String auth) {
        return sandbox.sellerForControl(auth).shipments();
    }

    @GetMapping("/cancellations")
    List<JsonNode> cancellations(@RequestHeader(name = AUTH, required = false) String auth) {
        return sandbox.sellerForControl(auth).cancellations();
    }

    @GetMapping("/refunds")
    List<JsonNode> refunds(@RequestHeader(name = AUTH, required = false) String auth) {
        return sandbox.sellerForControl(auth).refunds();
    }

    /**
     * A customer returns a line: {@code {"purchaseOrderId","lineNumber":"1","reason":"DAMAGED_ITEM","refunded":true}}.
     * Refunded (the default) means Walmart completed the refund (REFUND_COMPLETED); false leaves it INITIATED.
     */
    @PostMapping("/returns")
    ResponseEntity<ObjectNode> addReturn(@RequestHeader(name = AUTH, required = false) String auth, @RequestBody JsonNode body) {
        WalmartSeller seller = sandbox.sellerForControl(auth);
        String po = required(body, "purchaseOrderId").asText();
        ObjectNode order = seller.order(po);
        if (order == null) {
            throw new IllegalArgumentException("no order " + po);
        }
        String lineNumber = body.path("lineNumber").asText("1");
        JsonNode line = WalmartSandboxApi.lines(order).stream().filter(l -> lineNumber.equals(l.path("lineNumber").asText()))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("order " + po + " has no line " + lineNumber));
        boolean refunded = body.path("refunded").asBoolean(true);
        JsonNode charge = line.path("charges").path("charge").path(0).path("chargeAmount");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ObjectNode returnOrder = WalmartSeller.JSON.createObjectNode()
                .put("returnOrderId", Long.toString(100_000_000_000_000_000L + Math.abs(System.nanoTime() % 1_000_000_000_000L)))
                .put("customerEmailId", order.path("customerEmailId").asText()).put("returnType", "REFUND");
        String[] name = order.path("shippingInfo").path("postalAddress").path("name").asText("Donald Ashley").split(" ", 2);
        returnOrder.putObject("customerName").put("firstName", name[0]).put("lastName", name.length > 1 ? name[1] : "");
        returnOrder.put("customerOrderId", order.path("customerOrderId").asText()).put("returnOrderDate", now.toString())
                .put("returnByDate", now.plus(30, ChronoUnit.DAYS).toString()).put("refundMode", "ONLINE");
        returnOrder.putObject("totalRefundAmount").put("currencyAmount", charge.path("amount").decimalValue())
                .put("currencyUnit", charge.path("currency").asText("USD"));
        ObjectNode returnLine = returnOrder.putArray("returnOrderLines").addObject().put("returnOrderLineNumber", 1)
                .put("salesOrderLineNumber", Integer.parseInt(lineNumber)).put("returnReason", body.path("reason").asText("DAMAGED_ITEM"))
                .put("purchaseOrderId", po).put("purchaseOrderLineNumber", Integer.parseInt(lineNumber));
        returnLine.putObject("item").put("sku", line.path("item").path("sku").asText())
                .put("productName", line.path("item").path("productName").asText()).put("condition", "New");
        returnLine.putObject("unitPrice").put("currencyAmount", charge.path("amount").decimalValue())
                .put("currencyUnit", charge.path("currency").asText("USD"));
        returnLine.putObject("quantity").put("unitOfMeasure", "EACH").put("measurementValue", 1);
        returnLine.put("status", refunded ? "COMPLETED" : "INITIATED").put("statusTime", now.toString())
                .put("currentDeliveryStatus", refunded ? "DELIVERED" : "IN_TRANSIT")
                .put("currentRefundStatus", refunded ? "REFUND_COMPLETED" : "REFUND_INITIATED")
                .put("refundedQty", refunded ? 1 : 0);
        returnOrder.putObject("returnChannel").put("channelName", "ONLINE");
        seller.addReturn(returnOrder);
        return ResponseEntity.status(HttpStatus.CREATED).body(returnOrder);
    }

    /** {@code {"ttlSeconds":N}}: tokens issued from now on live N s (Walmart's 900 by default). */
    @PutMapping("/token")
    ResponseEntity<Void> tokenLife(@RequestHeader(name = AUTH, required = false) String auth, @RequestBody JsonNode body) {
        sandbox.sellerForControl(auth).setTokenTtlSeconds(required(body, "ttlSeconds").asInt());
        return ResponseEntity.noContent().build();
    }

    /** Forgets the seller's tokens, as if they had expired: the next data call answers 401. */
    @PostMapping("/tokens/revoke")
    ResponseEntity<Void> revoke(@RequestHeader(name = AUTH, required = false) String auth) {
        sandbox.revokeTokens(sandbox.sellerForControl(auth));
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/rate-limits")
    Map<String, WalmartSeller.Limit> limits(@RequestHeader(name = AUTH, required = false) String auth) {
        return sandbox.sellerForControl(auth).limits();
    }

    /**
     * {@code {"PUT /v3/inventory":{"requests":10,"perSeconds":60},"GET /v3/orders":null}}: the named
     * endpoints' token buckets (null removes the limit); the others keep theirs. Every bucket is refilled.
     */
    @PutMapping("/rate-limits")
    Map<String, WalmartSeller.Limit> setLimits(@RequestHeader(name = AUTH, required = false) String auth, @RequestBody JsonNode body) {
        WalmartSeller seller = sandbox.sellerForControl(auth);
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("a JSON object of endpoint to {requests, perSeconds} is expected");
        }
        Map<String, WalmartSeller.Limit> changes = new LinkedHashMap<>();
        body.fields().forEachRemaining(e -> changes.put(e.getKey(), e.getValue().isNull() ? null
                : new WalmartSeller.Limit(required(e.getValue(), "requests").asInt(), required(e.getValue(), "perSeconds").asInt())));
        seller.setLimits(changes);
        return seller.limits();
    }

    /** {@code {"status":429|5xx,"count":N,"after":K}}: after K served data calls, the next N answer the status. */
    @PostMapping("/faults")
    ResponseEntity<Void> fault(@RequestHeader(name = AUTH, required = false) String auth, @RequestBody JsonNode body) {
        sandbox.sellerForControl(auth).addFault(new WalmartSeller.Fault(required(body, "status").asInt(),
                body.path("count").asInt(1), body.path("after").asInt(0)));
        return ResponseEntity.noContent().build();
    }

    /** {@code {"ms":N}}: every data call of the seller waits N ms before it is answered. */
    @PutMapping("/latency")
    ResponseEntity<Void> latency(@RequestHeader(name = AUTH, required = false) String auth, @RequestBody JsonNode body) {
        sandbox.sellerForControl(auth).setLatency(required(body, "ms").asLong());
        return ResponseEntity.noContent().build();
    }

    /** Calls per endpoint, total, the most within any rolling 60 s, 429s and 401s answered, tokens issued, feeds. */
    @GetMapping("/stats")
    Map<String, Object> stats(@RequestHeader(name = AUTH, required = false) String auth) {
        return sandbox.sellerForControl(auth).statistics();
    }

    private static JsonNode required(JsonNode body, String field) {
        if (body == null || !body.hasNonNull(field)) {
            throw new IllegalArgumentException(field + " is required");
        }
        return body.get(field);
    }
}
