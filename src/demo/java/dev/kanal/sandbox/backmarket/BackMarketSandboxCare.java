package dev.kanal.sandbox.backmarket;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import java.math.BigDecimal;
import java.math.RoundingMode;
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
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Back Market's after-sales API, emulated (shared/api-contracts.md 2.4):
 * <ul>
 *   <li>{@code POST /ws/sav/refund} {@code {orderline_pk, refund_type, amount}}: type 4 refunds a
 *       line in state 1 (it becomes 4), 5 a line in state 2 (becomes 5), 6 a line in state 3 with
 *       {@code amount} (the whole line when absent; a full refund moves it to 6, a partial one
 *       leaves it in 3). 201 with a text summary; 400 for a type the line's state does not allow
 *       or an amount above the line's; 404 for an unknown line; 429 (V1 body) once the seller's
 *       {@value SandboxCare#DAILY_REFUNDS} refunds of the UTC day are spent;</li>
 *   <li>{@code GET /ws/sav} care folders ({@code state}, {@code orderline}, {@code last_id},
 *       {@code page} of 10): one closed folder per line refunded after shipping.</li>
 * </ul>
 * Control: {@code GET /_control/refunds} (refunds made, budget used today) and
 * {@code PUT /_control/refunds/budget} {@code {"used": n, "limit": m}}.
 */
@RestController
@ConditionalOnProperty(prefix = "kanal.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
class BackMarketSandboxCare {

    private static final int PAGE = 10;
    private final BackMarketSandbox sandbox;

    BackMarketSandboxCare(BackMarketSandbox sandbox) {
        this.sandbox = sandbox;
    }

    @PostMapping(path = "/sandbox/backmarket/ws/sav/refund")
    ResponseEntity<?> refund(HttpServletRequest request, @RequestBody(required = false) JsonNode body) {
        SandboxSeller seller = admitted(request, "POST /ws/sav/refund");
        if (body == null || !body.isObject() || !body.path("orderline_pk").isIntegralNumber() || !body.path("refund_type").isIntegralNumber()) {
            throw SandboxError.v1(HttpStatus.BAD_REQUEST, "invalid_parameter", "orderline_pk and refund_type (integers) are required");
        }
        long lineId = body.path("orderline_pk").asLong();
        int type = body.path("refund_type").asInt();
        if (type < 4 || type > 6) {
            throw SandboxError.v1(HttpStatus.BAD_REQUEST, "invalid_parameter", "refund_type must be 4, 5 or 6");
        }
        return seller.withLock(() -> {
            SandboxOrder order = null;
            SandboxOrder.Line line = null;
            for (SandboxOrder candidate : seller.orders()) {
                for (SandboxOrder.Line l : candidate.lines) {
                    if (l.id == lineId) {
                        order = candidate;
                        line = l;
                    }
                }
            }
            if (line == null) {
                throw SandboxError.v1(HttpStatus.NOT_FOUND, "not_found", "Orderline " + lineId + " does not exist");
            }
            int from = type - 3; // 4 from 1, 5 from 2, 6 from 3
            if (line.state != from) {
                throw SandboxError.v1(HttpStatus.BAD_REQUEST, "invalid_state", "Orderline " + lineId + " is in state " + line.state
                        + "; refund_type " + type + " is for an orderline in state " + from);
            }
            BigDecimal total = new BigDecimal(line.price).multiply(BigDecimal.valueOf(line.quantity));
            BigDecimal amount = total;
            if (body.hasNonNull("amount")) {
                if (type != 6) {
                    throw SandboxError.v1(HttpStatus.BAD_REQUEST, "invalid_parameter", "amount is only for refund_type 6");
                }
                amount = body.get("amount").decimalValue();
                if (amount.signum() <= 0 || amount.compareTo(total) > 0) {
                    throw SandboxError.v1(HttpStatus.BAD_REQUEST, "invalid_parameter", "amount must be above 0 and at most " + total);
                }
            }
            if (!seller.care.takeRefund()) {
                throw SandboxError.v1(HttpStatus.TOO_MANY_REQUESTS, "too_many_requests",
                        "Refunds are limited to " + seller.care.dailyLimit + " requests per day");
            }
            boolean full = amount.compareTo(total) == 0;
            if (type != 6 || full) {
                line.state = type;
            }
            if (type == 6) {
                seller.care.refundedAfterShipping(line.id, order.countryCode);
            }
            if (order.lines.stream().noneMatch(l -> l.state == 1 || l.state == 2 || l.state == 3)) {
                order.state = 9;
            }
            order.touch();
            Map<String, Object> made = new LinkedHashMap<>();
            made.put("orderline", line.id);
            made.put("order_id", order.orderId);
            made.put("refund_type", type);
            made.put("amount", amount.setScale(2, RoundingMode.HALF_UP).toPlainString());
            made.put("at", Instant.now().toString());
            seller.care.refunds.add(made);
            Map<String, Object> update = new LinkedHashMap<>();
            update.put("sku", line.listing);
            update.put("refund_type", type);
            update.put("at", made.get("at"));
            order.updates.add(update);
            String currency = order.currency == null ? "" : " " + order.currency;
            return ResponseEntity.status(HttpStatus.CREATED).contentType(MediaType.TEXT_PLAIN)
                    .body(made.get("amount") + currency + " refunded on the orderline " + line.id);
        });
    }

    @GetMapping(path = "/sandbox/backmarket/ws/sav", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> careFolders(HttpServletRequest request, @RequestParam(name = "state", required = false) Integer state,
            @RequestParam(name = "orderline", required = false) Long orderline, @RequestParam(name = "last_id", required = false) Long lastId,
            @RequestParam(name = "page", required = false, defaultValue = "1") int page) {
        SandboxSeller seller = admitted(request, "GET /ws/sav");
        if (state != null && state != 0 && state != 9) {
            throw SandboxError.v1(HttpStatus.BAD_REQUEST, "invalid_parameter", "state must be 0 or 9");
        }
        if (page < 1) {
            throw SandboxError.v1(HttpStatus.BAD_REQUEST, "invalid_parameter", "page must be 1 or more");
        }
        return seller.withLock(() -> {
            List<SandboxCare.Folder> matching = seller.care.folders.stream()
                    .filter(f -> state == null || f.state() == state)
                    .filter(f -> orderline == null || f.orderline() == orderline)
                    .filter(f -> lastId == null || f.id() > lastId)
                    .toList();
            int from = Math.min(matching.size(), (page - 1) * PAGE);
            int to = Math.min(matching.size(), from + PAGE);
            String base = request.getRequestURL().toString();
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("count", to - from);
            // the spec types next and previous as strings, not nullable: left out when there is none
            if (to < matching.size()) {
                answer.put("next", base + "?page=" + (page + 1));
            }
            if (page > 1) {
                answer.put("previous", base + "?page=" + (page - 1));
            }
            answer.put("results", matching.subList(from, to).stream().map(SandboxCare.Folder::toJson).toList());
            return answer;
        });
    }

    @GetMapping(path = "/sandbox/backmarket/_control/refunds", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> refunds(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth) {
        SandboxSeller seller = sandbox.sellerForControl(auth);
        return seller.withLock(() -> {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("refunds", List.copyOf(seller.care.refunds));
            answer.put("usedToday", seller.care.usedToday());
            answer.put("dailyLimit", seller.care.dailyLimit);
            return answer;
        });
    }

    @PutMapping(path = "/sandbox/backmarket/_control/refunds/budget", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> budget(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth,
            @RequestBody JsonNode body) {
        SandboxSeller seller = sandbox.sellerForControl(auth);
        return seller.withLock(() -> {
            if (body.has("limit")) {
                seller.care.dailyLimit = body.get("limit").asInt();
            }
            if (body.has("used")) {
                seller.care.setUsedToday(body.get("used").asInt());
            }
            return Map.of("usedToday", seller.care.usedToday(), "dailyLimit", seller.care.dailyLimit);
        });
    }

    private SandboxSeller admitted(HttpServletRequest request, String endpoint) {
        SandboxSeller seller = sandbox.seller(request.getHeader(HttpHeaders.AUTHORIZATION)).orElseThrow(() -> SandboxError.v1(
                HttpStatus.UNAUTHORIZED, "unauthorized", "Authentication credentials were not provided or the token is unknown."));
        SandboxSeller.Admission admission = seller.admit(endpoint);
        if (admission.error() != null) {
            throw admission.error();
        }
        return seller;
    }

    @ExceptionHandler(SandboxError.class)
    ResponseEntity<Object> sandboxError(SandboxError error) {
        return error.response();
    }
}
