package dev.kanal.changes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.ops.OperatorAction;
import dev.kanal.orders.OrderAllocator;
import dev.kanal.orders.OrderCancellation;
import dev.kanal.orders.OrderChange;
import dev.kanal.orders.OrderChanges;
import dev.kanal.support.AfterCommit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * An operator cancels an order, or some of its lines, before they shipped:
 * {@code POST /admin/clients/{client}/orders/{id}/cancel} with an optional body
 * {@code {"reason":"...","lines":[{"line":2,"quantity":1}]}} ({@code line} is the line number the
 * order view shows; {@code quantity} defaults to every unit left; no {@code lines}: the whole
 * order). The cancellation becomes a TO_CHANNEL change of the order-changes hop (origin ADMIN): the
 * channel refuses or refunds the lines, then the units are released and the ZK corrected. Answers
 * 202 with the change; the same request again answers the same change (200) and does nothing.
 * Bad input is 400 with an error per line, an unknown order 404, an order or line that cannot be
 * cancelled (shipped, cancelled) 409.
 */
@RestController
class OrderChangeAdminController {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final OrderChanges changes;
    private final OrderCancellation cancellation;
    private final JmsTemplate jms;
    private final String queue;

    OrderChangeAdminController(JdbcTemplate jdbc, TransactionTemplate tx, OrderChanges changes, OrderCancellation cancellation,
            JmsTemplate jms, @Value("${kanal.messaging.queues.order-changes.name}") String queue) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.changes = changes;
        this.cancellation = cancellation;
        this.jms = jms;
        this.queue = queue;
    }

    /** Bad input, named per field. */
    static class BadRequest extends RuntimeException {
        final List<Map<String, Object>> errors;

        BadRequest(List<Map<String, Object>> errors) {
            super("bad request");
            this.errors = errors;
        }
    }

    @PostMapping("/admin/clients/{client}/orders/{orderId}/cancel")
    @OperatorAction("orders.cancel")
    ResponseEntity<Map<String, Object>> cancel(@PathVariable String client, @PathVariable long orderId,
            @RequestBody(required = false) JsonNode body) {
        requireOrderOf(client, orderId);
        String reason = body != null && body.hasNonNull("reason") && !body.get("reason").asText().isBlank()
                ? body.get("reason").asText() : "cancelled by an operator";
        List<OrderChange.Units> lines = lines(orderId, body);
        String key = "admin:" + (lines.isEmpty() ? "order" : String.join(",", lines.stream()
                .map(l -> l.orderLineId() + "x" + l.quantity()).toList()));
        Long existing = jdbc.queryForList("SELECT id FROM order_change WHERE order_id = ? AND change_key = ?", Long.class, orderId, key)
                .stream().findFirst().orElse(null);
        if (existing != null) {
            return ResponseEntity.ok(answer(existing, false));
        }
        List<String> problems = cancellation.problems(orderId,
                lines.stream().map(l -> new OrderCancellation.LineUnits(l.orderLineId(), l.quantity())).toList());
        if (!problems.isEmpty()) {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("error", "order " + orderId + " cannot be cancelled so");
            answer.put("problems", problems);
            return ResponseEntity.status(HttpStatus.CONFLICT).body(answer);
        }
        long id = tx.execute(s -> {
            long change = changes.record(new OrderChanges.NewChange(orderId, OrderChange.Direction.TO_CHANNEL, OrderChange.Kind.CANCEL,
                    OrderChange.Origin.ADMIN, key, lines, reason, null));
            AfterCommit.run(() -> jms.convertAndSend(queue, String.valueOf(change), m -> {
                m.setStringProperty("kanalOrderChangeId", String.valueOf(change));
                m.setStringProperty("kanalClient", client);
                return m;
            }));
            return change;
        });
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(answer(id, true));
    }

    /** The body's lines as order-line units, sorted; a 400 names every bad one. */
    private List<OrderChange.Units> lines(long orderId, JsonNode body) {
        if (body == null || !body.has("lines") || body.get("lines").isNull()) {
            return List.of();
        }
        List<Map<String, Object>> errors = new ArrayList<>();
        JsonNode given = body.get("lines");
        if (!given.isArray() || given.isEmpty()) {
            errors.add(error(null, "lines", "give a non-empty array of {\"line\": <line number>, \"quantity\": <units>}, or no lines"));
            throw new BadRequest(errors);
        }
        Map<Integer, long[]> byNumber = new TreeMap<>(); // line_no -> {order line id, units left}
        jdbc.query("SELECT line_no, id, quantity - shipped_quantity - cancelled_quantity FROM order_line WHERE order_id = ?",
                rs -> {
                    byNumber.put(rs.getInt(1), new long[] {rs.getLong(2), rs.getLong(3)});
                }, orderId);
        Map<Long, Integer> units = new TreeMap<>();
        for (int i = 0; i < given.size(); i++) {
            JsonNode row = given.get(i);
            if (!row.path("line").canConvertToInt() || !row.path("line").isIntegralNumber()) {
                errors.add(error(i, "line", "the line number (as the order view shows it) is required"));
                continue;
            }
            long[] line = byNumber.get(row.path("line").asInt());
            if (line == null) {
                errors.add(error(i, "line", "order " + orderId + " has no line " + row.path("line").asInt()));
                continue;
            }
            int quantity;
            if (row.hasNonNull("quantity")) {
                if (!row.get("quantity").isIntegralNumber() || row.get("quantity").asInt() < 1) {
                    errors.add(error(i, "quantity", "a whole number of units, at least 1"));
                    continue;
                }
                quantity = row.get("quantity").asInt();
            } else {
                quantity = (int) line[1];
            }
            if (units.containsKey(line[0])) {
                errors.add(error(i, "line", "line " + row.path("line").asInt() + " is named twice"));
                continue;
            }
            units.put(line[0], quantity);
        }
        if (!errors.isEmpty()) {
            throw new BadRequest(errors);
        }
        return units.entrySet().stream().map(e -> new OrderChange.Units(e.getKey(), e.getValue())).toList();
    }

    private Map<String, Object> answer(long changeId, boolean created) {
        OrderChange change = changes.find(changeId).orElseThrow();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("changeId", change.id());
        answer.put("orderId", change.orderId());
        answer.put("created", created);
        answer.put("status", change.status().name());
        answer.put("lines", change.lines());
        answer.put("reason", change.reason());
        answer.put("detail", change.detail());
        return answer;
    }

    private static Map<String, Object> error(Integer row, String field, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        if (row != null) {
            error.put("row", row);
        }
        error.put("field", field);
        error.put("message", message);
        return error;
    }

    private void requireOrderOf(String client, long orderId) {
        if (jdbc.queryForList("SELECT o.id FROM sales_order o JOIN client c ON c.id = o.client_id WHERE c.code = ? AND o.id = ?",
                Long.class, client, orderId).isEmpty()) {
            throw new OrderAllocator.UnknownOrderException(orderId);
        }
    }

    @ExceptionHandler(BadRequest.class)
    ResponseEntity<Map<String, Object>> badRequest(BadRequest e) {
        return ResponseEntity.badRequest().body(Map.of("errors", e.errors));
    }

    @ExceptionHandler(OrderAllocator.UnknownOrderException.class)
    ResponseEntity<Map<String, String>> notFound(RuntimeException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", e.getMessage()));
    }
}
