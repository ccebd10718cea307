package dev.kanal.sandbox.backmarket;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Back Market's order-line state changes, emulated: {@code POST /ws/orders/{order_id}} with
 * {@code {"order_id":N,"new_state":2,"sku":"SKU"}} accepts the order's lines of that SKU, and
 * {@code new_state} 4 refuses them; both only from line state 1 (paid), one call per SKU
 * (shared/api-contracts.md 2.3). Answers the order.
 *
 * <p>Its order lines are seeded and read through {@code /sandbox/backmarket/_control/order-lines/{order_id}}
 * (same {@code Authorization: Basic <token>} as the API), with every state change recorded in
 * order, so tests can check Kanal accepted only after allocation. A small state of its own:
 * the sandbox's order listing ({@code GET /ws/orders}) is a separate piece.
 */
@RestController
@ConditionalOnProperty(prefix = "kanal.sandbox", name = "enabled", havingValue = "true")
class BackMarketSandboxOrderUpdates {

    static final int PAID = 1;
    static final int ACCEPTED = 2;
    static final int CANCELLED = 4;

    /** One line as the sandbox keeps it. */
    static final class Line {
        final long id;
        final String sku;
        final int quantity;
        int state;

        Line(long id, String sku, int quantity, int state) {
            this.id = id;
            this.sku = sku;
            this.quantity = quantity;
            this.state = state;
        }
    }

    /** One order: its lines and the state changes made through the API. */
    static final class Order {
        final String orderId;
        final List<Line> lines = new ArrayList<>();
        final List<Map<String, Object>> updates = new ArrayList<>();

        Order(String orderId) {
            this.orderId = orderId;
        }
    }

    private final BackMarketSandbox sandbox;
    /** token -> order id -> order */
    private final ConcurrentMap<String, ConcurrentMap<String, Order>> orders = new ConcurrentHashMap<>();
    private long nextLineId = 1;

    BackMarketSandboxOrderUpdates(BackMarketSandbox sandbox) {
        this.sandbox = sandbox;
    }

    @PostMapping(path = "/sandbox/backmarket/ws/orders/{orderId}", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> update(HttpServletRequest request, @PathVariable String orderId,
            @RequestBody(required = false) JsonNode body) {
        String auth = request.getHeader(HttpHeaders.AUTHORIZATION);
        SandboxSeller seller = sandbox.seller(auth).orElseThrow(() -> SandboxError.v1(HttpStatus.UNAUTHORIZED, "unauthorized",
                "Authentication credentials were not provided or the token is unknown."));
        SandboxSeller.Admission admission = seller.admit("POST /ws/orders/{orderId}");
        if (admission.latencyMillis() > 0) {
            try {
                Thread.sleep(admission.latencyMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (admission.error() != null) {
            throw admission.error();
        }
        Order order = orders.getOrDefault(BackMarketSandbox.token(auth).orElseThrow(), new ConcurrentHashMap<>()).get(orderId);
        if (order == null) {
            throw SandboxError.v1(HttpStatus.NOT_FOUND, "not_found", "Order " + orderId + " not found");
        }
        if (body == null || !body.isObject() || !body.path("new_state").canConvertToInt()) {
            throw SandboxError.v1(HttpStatus.BAD_REQUEST, "invalid_request", "new_state is required");
        }
        int newState = body.path("new_state").asInt();
        String sku = body.path("sku").asText("");
        synchronized (order) {
            if (newState != ACCEPTED && newState != CANCELLED) {
                throw SandboxError.v1(HttpStatus.BAD_REQUEST, "invalid_request",
                        "this sandbox handles new_state 2 (accept) and 4 (refuse) only");
            }
            if (sku.isBlank()) {
                throw SandboxError.v1(HttpStatus.BAD_REQUEST, "invalid_request", "sku is required for new_state " + newState);
            }
            List<Line> lines = order.lines.stream().filter(l -> l.sku.equals(sku)).toList();
            if (lines.isEmpty()) {
                throw SandboxError.v1(HttpStatus.BAD_REQUEST, "invalid_request", "Order " + orderId + " has no line with sku " + sku);
            }
            for (Line line : lines) {
                if (line.state != PAID) {
                    throw SandboxError.v1(HttpStatus.BAD_REQUEST, "invalid_state",
                            "Line " + line.id + " (" + sku + ") is in state " + line.state + "; new_state " + newState
                                    + " is allowed from state 1 only");
                }
            }
            lines.forEach(l -> l.state = newState);
            Map<String, Object> update = new LinkedHashMap<>();
            update.put("sku", sku);
            update.put("new_state", newState);
            update.put("at", Instant.now().toString());
            order.updates.add(update);
            return json(order);
        }
    }

    /** Seeds (replaces) an order's lines: {@code {"lines":[{"sku":"X","quantity":1,"state":1}]}}; state defaults to 1. */
    @PutMapping(path = "/sandbox/backmarket/_control/order-lines/{orderId}", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> seed(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth,
            @PathVariable String orderId, @RequestBody JsonNode body) {
        sandbox.sellerForControl(auth);
        String token = BackMarketSandbox.token(auth).orElseThrow();
        Order order = new Order(orderId);
        for (JsonNode line : body.path("lines")) {
            String sku = line.path("sku").asText("");
            if (sku.isBlank()) {
                throw new IllegalArgumentException("every line needs a sku");
            }
            synchronized (this) {
                order.lines.add(new Line(nextLineId++, sku, line.path("quantity").asInt(1), line.path("state").asInt(PAID)));
            }
        }
        orders.computeIfAbsent(token, t -> new ConcurrentHashMap<>()).put(orderId, order);
        return json(order);
    }

    /** The order's lines and every state change made through the API, in order. */
    @GetMapping(path = "/sandbox/backmarket/_control/order-lines/{orderId}", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> read(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth,
            @PathVariable String orderId) {
        sandbox.sellerForControl(auth);
        Order order = orders.getOrDefault(BackMarketSandbox.token(auth).orElseThrow(), new ConcurrentHashMap<>()).get(orderId);
        if (order == null) {
            throw SandboxError.v1(HttpStatus.NOT_FOUND, "not_found", "Order " + orderId + " not seeded");
        }
        synchronized (order) {
            return json(order);
        }
    }

    private static Map<String, Object> json(Order order) {
        Map<String, Object> answer = new LinkedHashMap<>();
        Object id;
        try {
            id = Long.parseLong(order.orderId);
        } catch (NumberFormatException e) {
            id = order.orderId;
        }
        answer.put("order_id", id);
        int state = order.lines.stream().allMatch(l -> l.state == ACCEPTED) ? 3 : PAID;
        answer.put("state", state);
        List<Map<String, Object>> lines = new ArrayList<>();
        for (Line line : order.lines) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("id", line.id);
            l.put("listing", line.sku);
            l.put("quantity", line.quantity);
            l.put("state", line.state);
            lines.add(l);
        }
        answer.put("orderlines", lines);
        answer.put("updates", List.copyOf(order.updates));
        return answer;
    }

    @ExceptionHandler(SandboxError.class)
    ResponseEntity<Object> sandboxError(SandboxError error) {
        return error.response();
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Object> invalid(IllegalArgumentException e) {
        return SandboxError.v1(HttpStatus.BAD_REQUEST, "invalid_request", e.getMessage()).response();
    }
}
