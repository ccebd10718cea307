package dev.kanal.returns;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.connector.ChannelRefundWriter.RefundBudgetExhaustedException;
import dev.kanal.ops.OperatorAction;
import java.math.BigDecimal;
import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admin API of refunds and returns of one order (behind login). An operator refunds lines on the
 * order's channel: {@code POST .../refunds} with {@code {"lines":[{"line": <line number> (or "orderLineId"),
 * "quantity": n, "amount": "x.xx"?}], "reason": "...", "key": "..."?}} stores the request
 * with its order change (the key, or a new one, makes a repeated POST the same request) and puts
 * the change on the order-changes hop;
 * 202 with the request. 400 lists every bad line, 404 an unknown order, 429 a spent daily budget.
 */
@RestController
@RequestMapping("/admin/clients/{client}/orders/{orderId}")
class RefundAdminController {

    private final JdbcTemplate jdbc;
    private final ChannelRefunds refunds;
    private final JmsTemplate jms;
    private final String changesQueue;

    RefundAdminController(JdbcTemplate jdbc, ChannelRefunds refunds, JmsTemplate jms,
            @Value("${kanal.messaging.queues.order-changes.name}") String changesQueue) {
        this.jdbc = jdbc;
        this.refunds = refunds;
        this.jms = jms;
        this.changesQueue = changesQueue;
    }

    @PostMapping("/refunds")
    @OperatorAction("orders.refund")
    ResponseEntity<Map<String, Object>> refund(@PathVariable String client, @PathVariable long orderId,
            @RequestBody(required = false) JsonNode body, Principal who) {
        requireOrderOf(client, orderId);
        if (body == null || !body.isObject()) {
            throw new ChannelRefunds.InvalidRefundException(List.of("body: a JSON object with lines and reason expected"));
        }
        List<String> problems = new ArrayList<>();
        List<ChannelRefunds.RefundRequest.Line> lines = new ArrayList<>();
        JsonNode given = body.path("lines");
        if (!given.isArray() || given.isEmpty()) {
            problems.add("lines: name at least one line to refund, e.g. [{\"line\": 1, \"quantity\": 1}]");
        }
        for (int i = 0; given.isArray() && i < given.size(); i++) {
            JsonNode line = given.get(i);
            String at = "lines[" + i + "]";
            Long orderLineId = orderLine(orderId, line);
            if (orderLineId == null) {
                problems.add(at + ": " + (line.has("line") || line.has("orderLineId") ? "order " + orderId + " has no line "
                        + line.path("line").asText(line.path("orderLineId").asText()) : "name the line (\"line\": its line number, or \"orderLineId\")"));
                continue;
            }
            if (!line.path("quantity").canConvertToInt() || !line.path("quantity").isIntegralNumber()) {
                problems.add(at + ".quantity: a whole number of units is required");
                continue;
            }
            BigDecimal amount = null;
            if (line.hasNonNull("amount")) {
                try {
                    amount = new BigDecimal(line.get("amount").asText());
                } catch (NumberFormatException e) {
                    problems.add(at + ".amount: '" + line.get("amount").asText() + "' is not an amount");
                    continue;
                }
            }
            lines.add(new ChannelRefunds.RefundRequest.Line(orderLineId, line.path("quantity").asInt(), amount));
        }
        String reason = body.path("reason").asText("").trim();
        if (reason.isEmpty()) {
            problems.add("reason: say why (the customer may see it)");
        }
        if (!problems.isEmpty()) {
            throw new ChannelRefunds.InvalidRefundException(problems);
        }
        String key = body.path("key").asText("").isBlank() ? "admin:" + UUID.randomUUID() : "admin:" + body.path("key").asText().trim();
        ChannelRefunds.Requested requested = refunds.request(new ChannelRefunds.RefundRequest(orderId, key, "ADMIN", reason,
                who == null ? null : who.getName(), lines));
        if ("PENDING".equals(requested.status())) {
            // the request's order change (stored with it) goes on the hop; the sweep sends it if this is lost
            jms.convertAndSend(changesQueue, String.valueOf(requested.changeId()), m -> {
                m.setStringProperty("kanalOrderChangeId", String.valueOf(requested.changeId()));
                m.setStringProperty("kanalRefundId", String.valueOf(requested.refundId()));
                m.setStringProperty("kanalOrderId", String.valueOf(orderId));
                m.setStringProperty("kanalClient", client);
                return m;
            });
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("refundId", requested.refundId());
        answer.put("changeId", requested.changeId());
        answer.put("key", key);
        answer.put("status", requested.status());
        answer.put("created", requested.created());
        return ResponseEntity.accepted().body(answer);
    }

    /** The order's refund requests and returns with their lines. */
    @GetMapping("/refunds")
    Map<String, Object> list(@PathVariable String client, @PathVariable long orderId) {
        requireOrderOf(client, orderId);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("refunds", jdbc.queryForList("""
                SELECT id, request_key, origin, reason, requested_by, status, attempts, channel_refund_ref, detail, created_at, done_at
                  FROM channel_refund WHERE order_id = ? ORDER BY id""", orderId));
        List<Map<String, Object>> returns = jdbc.queryForList("""
                SELECT id, return_key, origin, reason, channel_reason, message, unit_status, restock, status, erp_document_ref,
                       erp_error, received_at, applied_at FROM order_return WHERE order_id = ? ORDER BY id""", orderId);
        for (Map<String, Object> r : returns) {
            r.put("lines", jdbc.queryForList("""
                    SELECT l.line_no, rl.quantity, rl.serial FROM return_line rl JOIN order_line l ON l.id = rl.order_line_id
                     WHERE rl.return_id = ? ORDER BY rl.id""", r.get("id")));
        }
        answer.put("returns", returns);
        return answer;
    }

    /** A line named by its line number within the order ({@code line}) or by its order line id ({@code orderLineId}). */
    private Long orderLine(long orderId, JsonNode line) {
        boolean byNumber = line.path("line").isIntegralNumber();
        JsonNode value = byNumber ? line.path("line") : line.path("orderLineId");
        if (!value.isIntegralNumber()) {
            return null;
        }
        List<Long> ids = jdbc.queryForList("SELECT id FROM order_line WHERE order_id = ? AND " + (byNumber ? "line_no" : "id") + " = ?",
                Long.class, orderId, value.asLong());
        return ids.isEmpty() ? null : ids.get(0);
    }

    private void requireOrderOf(String client, long orderId) {
        if (jdbc.queryForList("SELECT o.id FROM sales_order o JOIN client c ON c.id = o.client_id WHERE c.code = ? AND o.id = ?",
                Long.class, client, orderId).isEmpty()) {
            throw new UnknownOrder("no order " + orderId + " of client " + client);
        }
    }

    static class UnknownOrder extends RuntimeException {
        UnknownOrder(String message) {
            super(message);
        }
    }

    @ExceptionHandler(UnknownOrder.class)
    ResponseEntity<Map<String, Object>> notFound(UnknownOrder e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(ChannelRefunds.InvalidRefundException.class)
    ResponseEntity<Map<String, Object>> invalid(ChannelRefunds.InvalidRefundException e) {
        return ResponseEntity.badRequest().body(Map.of("error", "refund not accepted", "problems", e.problems()));
    }

    @ExceptionHandler(RefundBudgetExhaustedException.class)
    ResponseEntity<Map<String, Object>> budget(RefundBudgetExhaustedException e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).body(Map.of("error", e.getMessage()));
    }
}
