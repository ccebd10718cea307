package dev.kanal.sandbox.backmarket;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Shipping on the Back Market sandbox (shared/api-contracts.md 2.3):
 * <ul>
 *   <li>{@code POST /ws/orders/{id}} with {@code new_state} 3 (see {@link #ship}): every
 *       accepted line moves to 3 together, no SKU needed; {@code tracking_number} required;
 *       {@code tracking_url}, {@code shipper} (shown as {@code shipper_display}) and
 *       {@code date_shipping} stored; {@code imei}/{@code serial_number} only when the order has
 *       one line of quantity 1, write-once. The order moves to state 9 (shipped).</li>
 *   <li>{@code PATCH /ws/orderlines/{id}} with {@code imei} (at most 15) and/or
 *       {@code serial_number} (at most 50): only on a quantity-1 line; write-once, so a different
 *       second value is refused with 400 and the same value again answers 200 unchanged.</li>
 * </ul>
 */
@RestController
@ConditionalOnProperty(prefix = "kanal.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
class BackMarketSandboxShipping {

    static final int ACCEPTED = 2;
    static final int SHIPPED = 3;
    /** Order state once shipped. */
    static final int ORDER_SHIPPED = 9;
    static final int MAX_IMEI = 15;
    static final int MAX_SERIAL = 50;
    static final int MAX_TRACKING = 200;

    private final BackMarketSandbox sandbox;

    BackMarketSandboxShipping(BackMarketSandbox sandbox) {
        this.sandbox = sandbox;
    }

    /** new_state 3 on an order, under its seller's lock; answers the Order. */
    static Map<String, Object> ship(SandboxOrder order, JsonNode body) {
        String tracking = body.path("tracking_number").asText("").trim();
        if (tracking.isEmpty()) {
            throw SandboxError.v1(HttpStatus.BAD_REQUEST, "invalid_request", "tracking_number is required for new_state 3");
        }
        if (tracking.length() > MAX_TRACKING) {
            throw SandboxError.v1(HttpStatus.BAD_REQUEST, "invalid_request", "tracking_number is longer than " + MAX_TRACKING);
        }
        List<SandboxOrder.Line> toShip = order.lines.stream().filter(l -> l.state == ACCEPTED).toList();
        if (toShip.isEmpty()) {
            throw SandboxError.v1(HttpStatus.BAD_REQUEST, "invalid_state",
                    "Order " + order.orderId + " has no accepted line to ship (lines must be in state 2)");
        }
        String imei = body.path("imei").asText("");
        String serial = body.path("serial_number").asText("");
        if (!imei.isEmpty() || !serial.isEmpty()) {
            if (order.lines.size() != 1 || order.lines.get(0).quantity != 1) {
                throw SandboxError.v1(HttpStatus.BAD_REQUEST, "invalid_request",
                        "imei and serial_number are accepted only for an order of one line with quantity 1");
            }
            setIdentifiers(order.lines.get(0), imei, serial);
        }
        toShip.forEach(l -> l.state = SHIPPED);
        order.trackingNumber = tracking;
        order.trackingUrl = body.path("tracking_url").asText(order.trackingUrl);
        if (body.hasNonNull("shipper")) {
            order.shipperDisplay = body.get("shipper").asText();
        }
        if (body.hasNonNull("date_shipping")) {
            try {
                order.dateShipping = OffsetDateTime.parse(body.get("date_shipping").asText());
            } catch (RuntimeException e) {
                throw SandboxError.v1(HttpStatus.BAD_REQUEST, "invalid_request", "date_shipping is not an RFC 3339 date-time");
            }
        }
        order.state = ORDER_SHIPPED;
        order.touch();
        Map<String, Object> update = new LinkedHashMap<>();
        update.put("new_state", SHIPPED);
        update.put("tracking_number", tracking);
        update.put("at", Instant.now().toString());
        order.updates.add(update);
        return order.toJson();
    }

    @PatchMapping(path = "/sandbox/backmarket/ws/orderlines/{orderlineId}", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> patchLine(HttpServletRequest request, @PathVariable String orderlineId,
            @RequestBody(required = false) JsonNode body) {
        SandboxSeller seller = sandbox.seller(request.getHeader(HttpHeaders.AUTHORIZATION)).orElseThrow(() -> SandboxError.v1(
                HttpStatus.UNAUTHORIZED, "unauthorized", "Authentication credentials were not provided or the token is unknown."));
        SandboxSeller.Admission admission = seller.admit("PATCH /ws/orderlines/{orderlineId}");
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
        long id;
        try {
            id = Long.parseLong(orderlineId);
        } catch (NumberFormatException e) {
            throw SandboxError.v1(HttpStatus.NOT_FOUND, "not_found", "Orderline " + orderlineId + " not found");
        }
        if (body == null || !body.isObject() || !body.has("imei") && !body.has("serial_number")) {
            throw SandboxError.v1(HttpStatus.BAD_REQUEST, "invalid_request", "give imei or serial_number (at least one)");
        }
        String imei = body.path("imei").asText("");
        String serial = body.path("serial_number").asText("");
        return seller.withLock(() -> {
            SandboxOrder owner = seller.orders().stream().filter(o -> o.lines.stream().anyMatch(l -> l.id == id)).findFirst()
                    .orElseThrow(() -> SandboxError.v1(HttpStatus.NOT_FOUND, "not_found", "Orderline " + orderlineId + " not found"));
            owner.linePatches.merge(id, 1, Integer::sum);
            SandboxOrder.Line line = owner.lines.stream().filter(l -> l.id == id).findFirst().orElseThrow();
            if (line.quantity != 1) {
                throw SandboxError.v1(HttpStatus.UNPROCESSABLE_ENTITY, "invalid_quantity",
                        "Orderline " + id + " has quantity " + line.quantity + ": imei and serial_number need quantity 1");
            }
            boolean changed = setIdentifiers(line, imei, serial);
            if (changed) {
                seller.orders().stream().filter(o -> o.lines.contains(line)).findFirst().ifPresent(SandboxOrder::touch);
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("imei", line.imei == null ? "" : line.imei);
            answer.put("serial_number", line.serialNumber == null ? "" : line.serialNumber);
            return answer;
        });
    }

    /** Write-once: a value already set may be given again unchanged, never replaced. Answers whether anything was set. */
    static boolean setIdentifiers(SandboxOrder.Line line, String imei, String serial) {
        if (imei.length() > MAX_IMEI) {
            throw SandboxError.v1(HttpStatus.BAD_REQUEST, "invalid_request", "imei is longer than " + MAX_IMEI + " characters");
        }
        if (serial.length() > MAX_SERIAL) {
            throw SandboxError.v1(HttpStatus.BAD_REQUEST, "invalid_request", "serial_number is longer than " + MAX_SERIAL + " characters");
        }
        if (!imei.isEmpty() && line.imei != null && !line.imei.equals(imei)) {
            throw SandboxError.v1(HttpStatus.BAD_REQUEST, "already_set",
                    "Orderline " + line.id + " already has imei " + line.imei + "; it cannot be corrected");
        }
        if (!serial.isEmpty() && line.serialNumber != null && !line.serialNumber.equals(serial)) {
            throw SandboxError.v1(HttpStatus.BAD_REQUEST, "already_set",
                    "Orderline " + line.id + " already has serial_number " + line.serialNumber + "; it cannot be corrected");
        }
        boolean changed = false;
        if (!imei.isEmpty() && line.imei == null) {
            line.imei = imei;
            changed = true;
        }
        if (!serial.isEmpty() && line.serialNumber == null) {
            line.serialNumber = serial;
            changed = true;
        }
        return changed;
    }

    @ExceptionHandler(SandboxError.class)
    ResponseEntity<Object> sandboxError(SandboxError error) {
        return error.response();
    }
}
