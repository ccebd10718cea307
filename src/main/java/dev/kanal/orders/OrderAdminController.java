package dev.kanal.orders;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.connector.subiekt.SubiektGatewayUnavailableException;
import dev.kanal.ops.OperatorAction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * Admin API of orders (behind login): see an order, allocate a held oversold order's missing units,
 * retry its ERP write. Cancelling is the order-changes hop's ({@code dev.kanal.changes}).
 */
@RestController
@RequestMapping("/admin/clients/{client}/orders/{orderId}")
class OrderAdminController {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json = new ObjectMapper();
    private final OrderAllocator allocator;
    private final JmsTemplate jms;
    private final String translatedQueue;
    private final ErpOrderWriter erpWriter;
    private final String acceptedQueue;

    OrderAdminController(JdbcTemplate jdbc, OrderAllocator allocator, JmsTemplate jms,
            @Value("${kanal.messaging.queues.orders-translated.name}") String translatedQueue, ErpOrderWriter erpWriter,
            @Value("${kanal.messaging.queues.orders-accepted.name}") String acceptedQueue) {
        this.erpWriter = erpWriter;
        this.acceptedQueue = acceptedQueue;
        this.jdbc = jdbc;
        this.allocator = allocator;
        this.jms = jms;
        this.translatedQueue = translatedQueue;
    }

    /**
     * A held, oversold order gets its missing units allocated again (stock arrived); when nothing
     * is missing any more it goes through the flow again (channel acceptance, ERP).
     */
    @PostMapping("/allocate")
    @OperatorAction("orders.allocate")
    AllocationResult allocateMissing(@PathVariable String client, @PathVariable long orderId) {
        requireOrderOf(client, orderId);
        AllocationResult result = allocator.allocateMissing(orderId);
        if (result.proceeds()) {
            jms.convertAndSend(translatedQueue, String.valueOf(orderId), m -> {
                m.setStringProperty("kanalOrderId", String.valueOf(orderId));
                m.setStringProperty("kanalClient", client);
                return m;
            });
        }
        return result;
    }

    @GetMapping
    Map<String, Object> order(@PathVariable String client, @PathVariable long orderId) {
        requireOrderOf(client, orderId);
        Map<String, Object> order = new LinkedHashMap<>(jdbc.queryForMap("""
                SELECT o.id, a.code AS account, a.channel_type AS channel, o.channel_order_id, o.channel_status,
                       o.mapped_status, o.status, o.hold_reason, o.oversold, o.customer_name, o.paid, o.cash_on_delivery,
                       o.currency, o.total, o.erp_order_ref, o.erp_attempts, o.erp_error, o.cancel_reason, o.received_via,
                       o.received_at, o.updated_at, o.channel_modified_at, o.channel_payload
                  FROM sales_order o JOIN channel_account a ON a.id = o.channel_account_id WHERE o.id = ?""", orderId));
        Object payload = order.remove("channel_payload");
        try {
            order.put("channel_payload", payload == null ? null : json.readTree(payload.toString()));
        } catch (Exception notJson) {
            order.put("channel_payload", payload); // kept as received: a payload that failed to parse is still evidence
        }
        order.put("lines", jdbc.queryForList("""
                SELECT l.line_no, l.id AS order_line_id, l.channel_line_id, l.channel_sku, k.code AS sku, l.variation_id, l.quantity,
                       l.unit_price, l.missing_quantity, l.shipped_quantity, l.cancelled_quantity, l.channel_ack
                  FROM order_line l LEFT JOIN sku k ON k.id = l.sku_id WHERE l.order_id = ? ORDER BY l.line_no""", orderId));
        order.put("allocations", jdbc.queryForList("""
                SELECT l.line_no, w.code AS warehouse, a.quantity, a.status FROM allocation a
                  JOIN order_line l ON l.id = a.order_line_id JOIN warehouse w ON w.id = a.warehouse_id
                 WHERE l.order_id = ? ORDER BY a.id""", orderId));
        order.put("events", jdbc.queryForList(
                "SELECT type, detail, created_at FROM order_event WHERE order_id = ? ORDER BY id", orderId));
        order.put("changes", jdbc.queryForList("""
                SELECT id, direction, kind, origin, change_key, lines, reason, channel_ref, status, detail, attempts, created_at, applied_at
                  FROM order_change WHERE order_id = ? ORDER BY id""", orderId));
        return order;
    }

    /** An order the ERP refused (held): write it again, once the cause was fixed in the ERP. */
    @PostMapping("/erp")
    @OperatorAction("orders.erp-retry")
    ResponseEntity<Map<String, Object>> retryErp(@PathVariable String client, @PathVariable long orderId) {
        requireOrderOf(client, orderId);
        if (!erpWriter.releaseErpHold(orderId)) {
            throw new IllegalStateException("Order " + orderId + " is not held because the ERP refused it");
        }
        jms.convertAndSend(acceptedQueue, String.valueOf(orderId), m -> {
            m.setStringProperty("kanalOrderId", String.valueOf(orderId));
            m.setStringProperty("kanalClient", client);
            return m;
        });
        return ResponseEntity.accepted().body(Map.of("orderId", orderId, "sentTo", acceptedQueue));
    }

    private void requireOrderOf(String client, long orderId) {
        List<Long> ids = jdbc.queryForList("SELECT o.id FROM sales_order o JOIN client c ON c.id = o.client_id "
                + "WHERE c.code = ? AND o.id = ?", Long.class, client, orderId);
        if (ids.isEmpty()) {
            throw new OrderAllocator.UnknownOrderException(orderId);
        }
    }

    @ExceptionHandler(OrderAllocator.UnknownOrderException.class)
    ResponseEntity<Map<String, String>> notFound(RuntimeException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(IllegalStateException.class)
    ResponseEntity<Map<String, String>> conflict(IllegalStateException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(SubiektGatewayUnavailableException.class)
    ResponseEntity<Map<String, String>> erpUnavailable(SubiektGatewayUnavailableException e) {
        return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(Map.of("error", e.getMessage()));
    }
}
