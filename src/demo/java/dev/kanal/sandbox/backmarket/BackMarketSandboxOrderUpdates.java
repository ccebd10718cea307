package dev.kanal.sandbox.backmarket;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Back Market's order-line state changes, emulated on the seller's sandbox orders (the same ones
 * {@code GET /ws/orders} lists and {@code /_control/orders} places): {@code POST /ws/orders/{order_id}}
 * with {@code {"order_id":N,"new_state":2,"sku":"SKU"}} accepts the order's lines of that SKU, and
 * {@code new_state} 4 refuses them; both only from line state 1 (paid), one call per SKU
 * (shared/api-contracts.md 2.3); 5 and 6 refund them ({@link SandboxRefunds}). Once no line is
 * left paid and at least one is accepted, the order moves to state 3 (ship now). Every change
 * moves {@code date_modification} on, so the next poll sees it. Answers the Order. The body's
 * {@code id} and {@code order_id}, when sent, must name the path's order (docs/decisions/0019).
 *
 * <p>Each change is also recorded with its time ({@code GET /_control/orders/{order_id}} shows
 * them as {@code updates}), so tests can check Kanal accepted only after allocation; ship requests
 * received, refused ones included, show as {@code ship_calls}, so a crash test can count duplicates.
 */
@RestController
@ConditionalOnProperty(prefix = "kanal.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
class BackMarketSandboxOrderUpdates {

    static final int PAID = 1;
    static final int ACCEPTED = 2;
    static final int CANCELLED = 4;
    /** Order state once every line is decided and some accepted: ship now. */
    static final int TO_SHIP = 3;

    private final BackMarketSandbox sandbox;

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
        SandboxOrder order = order(seller, orderId);
        if (body == null || !body.isObject() || !body.path("new_state").canConvertToInt()) {
            throw SandboxError.v1(HttpStatus.BAD_REQUEST, "invalid_request", "new_state is required");
        }
        int newState = body.path("new_state").asInt();
        String sku = body.path("sku").asText("");
        for (String idField : List.of("id", "order_id")) { // docs/decisions/0019: both, when sent, name the path's order
            if (body.hasNonNull(idField) && body.get(idField).asLong(-1) != order.orderId) {
                throw SandboxError.v1(HttpStatus.BAD_REQUEST, "invalid_parameter",
                        idField + " " + body.get(idField) + " is not the order of the path, " + order.orderId);
            }
        }
        return seller.withLock(() -> {
            if (newState == BackMarketSandboxShipping.SHIPPED) {
                order.shipCalls++;
                return BackMarketSandboxShipping.ship(order, body);
            }
            if (newState != ACCEPTED && newState != CANCELLED && !SandboxRefunds.isRefund(newState)) {
                throw SandboxError.v1(HttpStatus.BAD_REQUEST, "invalid_request",
                        "this sandbox handles new_state 2 (accept), 3 (ship), 4 (refuse), 5 and 6 (refund) only");
            }
            if (sku.isBlank()) {
                throw SandboxError.v1(HttpStatus.BAD_REQUEST, "invalid_request", "sku is required for new_state " + newState);
            }
            List<SandboxOrder.Line> lines = order.lines.stream().filter(l -> sku.equals(l.listing)).toList();
            if (lines.isEmpty()) {
                throw SandboxError.v1(HttpStatus.BAD_REQUEST, "invalid_request", "Order " + orderId + " has no line with sku " + sku);
            }
            if (SandboxRefunds.isRefund(newState)) {
                SandboxRefunds.apply(seller, order, lines, sku, newState, body);
            } else {
                for (SandboxOrder.Line line : lines) {
                    if (line.state != PAID) {
                        throw SandboxError.v1(HttpStatus.BAD_REQUEST, "invalid_state",
                                "Line " + line.id + " (" + sku + ") is in state " + line.state + "; new_state " + newState
                                        + " is allowed from state 1 only");
                    }
                }
                lines.forEach(l -> l.state = newState);
                if (order.lines.stream().noneMatch(l -> l.state == PAID) && order.lines.stream().anyMatch(l -> l.state == ACCEPTED)) {
                    order.state = TO_SHIP;
                }
            }
            order.touch();
            Map<String, Object> update = new LinkedHashMap<>();
            update.put("sku", sku);
            update.put("new_state", newState);
            update.put("at", Instant.now().toString());
            order.updates.add(update);
            return order.toJson();
        });
    }

    /** One order of the seller with the line state changes made through the API, in order, with their time. */
    @GetMapping(path = "/sandbox/backmarket/_control/orders/{orderId}", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> read(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth,
            @PathVariable String orderId) {
        SandboxSeller seller = sandbox.sellerForControl(auth);
        SandboxOrder order = order(seller, orderId);
        return seller.withLock(order::toControlJson);
    }

    private static SandboxOrder order(SandboxSeller seller, String orderId) {
        long id;
        try {
            id = Long.parseLong(orderId);
        } catch (NumberFormatException e) {
            throw SandboxError.v1(HttpStatus.NOT_FOUND, "not_found", "Order " + orderId + " not found");
        }
        return seller.order(id).orElseThrow(() -> SandboxError.v1(HttpStatus.NOT_FOUND, "not_found", "Order " + orderId + " not found"));
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
