package dev.kanal.sandbox.backmarket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Not part of Back Market's API: customers buying, and Back Market moving orders on, for tests
 * and the demo. The seller is named by {@code Authorization: Basic <token>} as in every control
 * request. Documented in docs/sandboxes.md.
 */
@RestController
@RequestMapping(path = "/sandbox/backmarket/_control/orders", produces = MediaType.APPLICATION_JSON_VALUE)
@ConditionalOnProperty(prefix = "kanal.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
class BackMarketSandboxOrderControl {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BackMarketSandbox sandbox;
    /** Order and line ids are unique across sellers, as on the marketplace. */
    /** Each sandbox of this JVM (two test contexts) hands out order ids from a range of its own, as Back Market never reuses one. */
    private static final AtomicLong ORDER_ID_RANGES = new AtomicLong(70_000_001);
    private final AtomicLong nextOrderId = new AtomicLong(ORDER_ID_RANGES.getAndAdd(1_000_000));
    private final AtomicLong nextLineId = new AtomicLong(900_001);

    BackMarketSandboxOrderControl(BackMarketSandbox sandbox) {
        this.sandbox = sandbox;
    }

    /**
     * A customer orders: {@code {"state":1,"currency":"EUR","country_code":"fr-fr",
     * "shipping_address":{"firstName","lastName","company",...},"billing_address":{...},
     * "orderlines":[{"listing":"SKU","quantity":1,"price":"199.00","state":1}],"shipping_price":"0.00"}}.
     * Defaults: state 1 (paid), lines in the state matching the order's (1 paid, 3 accepted, 9
     * shipped), billing = shipping, price = the lines' sum. A line naming a listing the seller has
     * gets its legacy id and title. Answers the Order.
     */
    @PostMapping
    ResponseEntity<Map<String, Object>> create(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth,
                                               @RequestBody(required = false) JsonNode body) {
        SandboxSeller seller = sandbox.sellerForControl(auth);
        if (body == null || !body.isObject() || !body.path("orderlines").isArray() || body.path("orderlines").isEmpty()) {
            throw new IllegalArgumentException("an order object with at least one orderline is expected");
        }
        SandboxOrder order = new SandboxOrder(nextOrderId.getAndIncrement(), SandboxOrder.now());
        order.state = state(body, "state", 1, SandboxOrder.ORDER_STATES);
        order.currency = body.path("currency").asText("EUR");
        if (!order.currency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code of three capital letters, e.g. EUR");
        }
        order.countryCode = body.path("country_code").asText("fr-fr");
        if (!SandboxOrder.MARKETS.contains(order.countryCode)) {
            throw new IllegalArgumentException("country_code must be one of Back Market's markets " + SandboxOrder.MARKETS);
        }
        order.paymentMethod = body.path("payment_method").asText("CARD");
        order.shippingAddress = address(body.path("shipping_address"));
        order.billingAddress = body.path("billing_address").isObject() ? address(body.path("billing_address")) : order.shippingAddress;
        order.shippingPrice = body.path("shipping_price").asText("0.00");
        BigDecimal sum = BigDecimal.ZERO;
        for (JsonNode line : body.path("orderlines")) {
            String sku = line.path("listing").asText("");
            if (sku.isBlank()) {
                throw new IllegalArgumentException("each orderline needs a listing (the seller's SKU)");
            }
            int quantity = line.path("quantity").asInt(1);
            if (quantity < 1) {
                throw new IllegalArgumentException("orderline quantity must be at least 1");
            }
            String price = line.path("price").asText("100.00");
            sum = sum.add(new BigDecimal(price).multiply(BigDecimal.valueOf(quantity)));
            SandboxListing listing = seller.bySku(sku).orElse(null);
            String title = listing != null && listing.title != null ? listing.title
                    : line.path("product").asText("Sandbox Phone 64 GB - Black - Unlocked");
            order.lines.add(new SandboxOrder.Line(nextLineId.getAndIncrement(),
                    state(line, "state", lineStateFor(order.state), List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)), quantity, price,
                    line.path("shipping_price").asText("0.00"), sku,
                    listing == null ? madeUpId(sku, 1_000_000) : listing.listingId, title,
                    listing == null ? madeUpId(sku, 50_000_000) : listing.backmarketId, brand(title),
                    condition(listing == null ? "GOOD" : listing.grade), order.dateCreation));
        }
        order.deliveryNote = ServletUriComponentsBuilder.fromCurrentContextPath()
                .path(BackMarketSandboxDeliveryNotes.PATH + "/" + order.orderId + ".pdf").toUriString();
        order.price = body.hasNonNull("price") ? body.get("price").asText() : sum.setScale(2).toPlainString();
        order.touch();
        seller.addOrder(order);
        return ResponseEntity.status(HttpStatus.CREATED).body(seller.withLock(order::toJson));
    }

    /** Every order of the seller, listed or not, without touching statistics. */
    @GetMapping
    List<Map<String, Object>> orders(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth) {
        SandboxSeller seller = sandbox.sellerForControl(auth);
        return seller.withLock(() -> seller.orders().stream().map(SandboxOrder::toJson).toList());
    }

    /**
     * Back Market or the customer moves the order on: {@code {"state":9,"orderlines":[{"id":N,"state":3}],
     * "lines_state":3,"tracking_number":"..."}}; {@code lines_state} sets every line. The
     * modification date moves on.
     */
    @PatchMapping("/{orderId}")
    Map<String, Object> change(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth,
                               @PathVariable long orderId, @RequestBody(required = false) JsonNode body) {
        SandboxSeller seller = sandbox.sellerForControl(auth);
        SandboxOrder order = seller.order(orderId).orElseThrow(() ->
                SandboxError.v1(HttpStatus.NOT_FOUND, "not_found", "No such order: " + orderId));
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("a JSON object is expected");
        }
        return seller.withLock(() -> {
            if (body.has("state")) {
                order.state = state(body, "state", order.state, SandboxOrder.ORDER_STATES);
            }
            if (body.has("lines_state")) {
                int state = state(body, "lines_state", 0, List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
                order.lines.forEach(l -> l.state = state);
            }
            for (JsonNode change : body.path("orderlines")) {
                long id = change.path("id").asLong();
                SandboxOrder.Line line = order.lines.stream().filter(l -> l.id == id).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("order " + orderId + " has no orderline " + id));
                line.state = state(change, "state", line.state, List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
            }
            if (body.hasNonNull("tracking_number")) {
                order.trackingNumber = body.get("tracking_number").asText();
            }
            if (body.hasNonNull("tracking_url")) {
                order.trackingUrl = body.get("tracking_url").asText();
            }
            if (body.hasNonNull("shipper")) {
                order.shipperDisplay = body.get("shipper").asText();
            }
            if (order.trackingNumber != null && order.trackingUrl == null) {
                // Back Market shows the carrier's tracking page; the sandbox's default carrier is Colissimo
                order.shipperDisplay = order.shipperDisplay == null ? "Colissimo" : order.shipperDisplay;
                order.trackingUrl = "https://www.laposte.fr/outils/suivre-vos-envois?code="
                        + java.net.URLEncoder.encode(order.trackingNumber, java.nio.charset.StandardCharsets.UTF_8);
            }
            order.touch();
            return order.toJson();
        });
    }

    @ExceptionHandler(SandboxError.class)
    ResponseEntity<Object> sandboxError(SandboxError error) {
        return error.response();
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Object> invalid(IllegalArgumentException e) {
        return SandboxError.v1(HttpStatus.BAD_REQUEST, "invalid_request", e.getMessage()).response();
    }

    /** The line state an order state implies: paid 1, all accepted 2, shipped 3, else the same number. */
    private static int lineStateFor(int orderState) {
        return switch (orderState) {
            case 3 -> 2;
            case 9 -> 3;
            case 10 -> 8;
            default -> orderState;
        };
    }

    /**
     * A line whose SKU the seller does not list still names a listing and a product on the real
     * marketplace (both integers in the spec): the sandbox makes up ids that stay the same for a SKU.
     */
    static long madeUpId(String sku, long base) {
        return base + Math.floorMod(sku.toLowerCase(java.util.Locale.ROOT).hashCode(), 40_000_000);
    }

    /** The brand as Back Market writes it: the title's first word, lower case. */
    static String brand(String title) {
        String first = title == null ? "" : title.trim().split("\\s+")[0];
        return first.isEmpty() ? "unbranded" : first.toLowerCase(java.util.Locale.ROOT);
    }

    /** Listing grade to the order line's ProductCondition (9 premium, 10 excellent, 11 good, 12 fair). */
    static int condition(String grade) {
        return switch (grade == null ? "" : grade) {
            case "PREMIUM" -> 9;
            case "EXCELLENT" -> 10;
            case "FAIR", "STALLONE" -> 12;
            default -> 11;
        };
    }

    private static int state(JsonNode node, String field, int fallback, List<Integer> allowed) {
        if (!node.has(field)) {
            return fallback;
        }
        int state = ListingChange.integer(node.get(field), field);
        if (!allowed.contains(state)) {
            throw new IllegalArgumentException(field + " must be one of " + allowed);
        }
        return state;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> address(JsonNode node) {
        Map<String, Object> address = new LinkedHashMap<>();
        for (String field : List.of("company", "firstName", "lastName", "street", "street2", "postalCode", "city", "state",
                "country", "phoneNumber")) {
            address.put(field, "");
        }
        address.put("country", "FR");
        if (node != null && node.isObject()) {
            address.putAll(JSON.convertValue(node, Map.class));
        }
        return address;
    }

}
