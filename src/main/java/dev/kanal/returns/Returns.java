package dev.kanal.returns;

import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.client.config.Restock;
import dev.kanal.client.config.ReturnReason;
import dev.kanal.client.config.ReturnRuleConfig;
import dev.kanal.connector.ChannelReturn;
import dev.kanal.connector.subiekt.ErpReturn;
import dev.kanal.connector.subiekt.SubiektGatewayClient;
import dev.kanal.connector.subiekt.SubiektGatewayException;
import dev.kanal.inventory.RecalculationRequests;
import dev.kanal.orders.OrderChange;
import dev.kanal.orders.OrderChanges;
import dev.kanal.support.PermanentFailure;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Returns after shipping (flow 4, docs/decisions/0023). Two entry points:
 * <ul>
 *   <li>{@link #open}: records a return (which order lines, which serialized units by their
 *       shipped serials, why, when received) with the client's rule for its reason, once per order
 *       and return key: the same return seen again changes nothing; in the same transaction, the
 *       return's order change (RETURN, to the ERP) for the {@code kanal.order.changes} hop;</li>
 *   <li>{@link #apply}: the ERP gets its return document through the gateway (looked up by the
 *       return's reference before it is made, so a retry makes none twice), then, in one
 *       transaction, returned serialized units take the rule's inventory status and the return is
 *       RESTOCKED (stock back on receipt) or AWAITING_INSPECTION. A return no longer OPEN is left
 *       alone, so a redelivered change does nothing ({@link ReturnToErp} calls it).</li>
 * </ul>
 * Every step is an order event.
 */
public class Returns {

    private static final Logger log = LoggerFactory.getLogger(Returns.class);

    /**
     * What {@link #open} did: the return's id, whether this call made it, whether it still waits to
     * be applied, and the id of its order change (RETURN, TO_ERP), the message of the order-changes hop.
     */
    public record Opened(long returnId, boolean created, boolean open, long changeId) {
    }

    /** The ERP refused the return document (an unknown product, more units than the ZK sold): an operator decides. */
    public static class ReturnRefusedByErpException extends RuntimeException implements PermanentFailure {
        ReturnRefusedByErpException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** No such return. */
    public static class UnknownReturnException extends RuntimeException implements PermanentFailure {
        UnknownReturnException(long id) {
            super("no return " + id);
        }

        UnknownReturnException(String key) {
            super("no return with key " + key);
        }
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ClientRegistry clients;
    private final SubiektGatewayClient gateway;
    private final Clock clock;

    public Returns(JdbcTemplate jdbc, TransactionTemplate tx, ClientRegistry clients, SubiektGatewayClient gateway, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clients = clients;
        this.gateway = gateway;
        this.clock = clock;
    }

    /**
     * Records the return {@code channelReturn} of order {@code orderId} unless the order already
     * has one with its key. Lines name the channel's line ids; each becomes the order lines with
     * that id, at most as many units as shipped, with the serials shipped on them not yet returned.
     *
     * @param origin CHANNEL, ADMIN or ERP
     */
    public Opened open(long orderId, String origin, ChannelReturn channelReturn) {
        return tx.execute(status -> {
            String client = jdbc.queryForObject("SELECT c.code FROM sales_order o JOIN client c ON c.id = o.client_id WHERE o.id = ?",
                    String.class, orderId);
            ClientConfig config = clients.require(client);
            ReturnRuleConfig rule = config.returnRule(channelReturn.reason()).orElse(null);
            Restock restock = rule == null ? Restock.AFTER_INSPECTION : rule.restock();
            Timestamp now = Timestamp.from(clock.instant());
            Timestamp received = channelReturn.at() == null ? now : Timestamp.from(channelReturn.at());
            int inserted = jdbc.update("""
                    INSERT INTO order_return (order_id, return_key, origin, reason, channel_reason, message, unit_status, restock,
                           status, received_at, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', ?, ?)
                    ON CONFLICT DO NOTHING""", orderId, channelReturn.key(), origin, channelReturn.reason().code(),
                    truncate(channelReturn.channelReason(), 64), truncate(channelReturn.message(), 512),
                    rule == null ? null : rule.unitStatus(), restock.name(), received, now);
            Map<String, Object> row = jdbc.queryForMap("SELECT id, status FROM order_return WHERE order_id = ? AND return_key = ? FOR UPDATE",
                    orderId, channelReturn.key());
            long returnId = ((Number) row.get("id")).longValue();
            if (inserted == 0) {
                boolean open = "OPEN".equals(row.get("status"));
                return new Opened(returnId, false, open, open ? recordChange(orderId, returnId, origin, channelReturn) : 0L);
            }
            List<String> described = new ArrayList<>();
            for (ChannelReturn.Line line : channelReturn.lines()) {
                described.addAll(recordLines(orderId, returnId, line));
            }
            String detail = channelReturn.key() + ": " + channelReturn.reason().code()
                    + (channelReturn.channelReason() == null ? "" : " (" + channelReturn.channelReason() + ")")
                    + "; " + (described.isEmpty() ? "no shipped units found for lines "
                    + channelReturn.lines().stream().map(ChannelReturn.Line::channelLineId).toList() : String.join(", ", described))
                    + "; rule: " + (rule == null ? "none for this reason, units keep their status" : "units to " + rule.unitStatus())
                    + ", stock " + restock.code()
                    + (channelReturn.notes().isEmpty() ? "" : "; " + String.join("; ", channelReturn.notes()));
            event(orderId, "RETURN_OPENED", detail, now);
            log.info("Return {} of order {} opened: {}", returnId, orderId, detail);
            return new Opened(returnId, true, true, recordChange(orderId, returnId, origin, channelReturn));
        });
    }

    /**
     * The return's order change (kind RETURN, to the ERP), in the transaction that opened the return:
     * its key is the return key, so the change finds its return again ({@link ReturnToErp}). Recorded
     * again for a return still open (nothing changes then), so a return older than the hop gets one.
     */
    private long recordChange(long orderId, long returnId, String origin, ChannelReturn channelReturn) {
        List<OrderChange.Units> units = jdbc.query("""
                SELECT order_line_id, SUM(quantity) FROM return_line WHERE return_id = ? GROUP BY order_line_id ORDER BY order_line_id""",
                (rs, n) -> new OrderChange.Units(rs.getLong(1), rs.getInt(2)), returnId);
        OrderChanges.record(jdbc, new OrderChanges.NewChange(orderId, OrderChange.Direction.TO_ERP, OrderChange.Kind.RETURN,
                OrderChange.Origin.valueOf(origin), channelReturn.key(), units, "returned: " + channelReturn.reason().code()
                + (channelReturn.channelReason() == null ? "" : " (" + channelReturn.channelReason() + ")"), null), clock);
        return jdbc.queryForObject("SELECT id FROM order_change WHERE order_id = ? AND change_key = ?", Long.class, orderId,
                channelReturn.key());
    }

    /** The return an order change of kind RETURN is about (its key is the return key). */
    public long returnOf(long orderId, String returnKey) {
        return jdbc.queryForList("SELECT id FROM order_return WHERE order_id = ? AND return_key = ?", Long.class, orderId, returnKey)
                .stream().findFirst().orElseThrow(() -> new UnknownReturnException(returnKey));
    }

    private List<String> recordLines(long orderId, long returnId, ChannelReturn.Line line) {
        List<String> described = new ArrayList<>();
        List<Map<String, Object>> orderLines = jdbc.queryForList("""
                SELECT id, shipped_quantity FROM order_line WHERE order_id = ? AND channel_line_id = ? ORDER BY line_no""",
                orderId, line.channelLineId());
        for (Map<String, Object> orderLine : orderLines) {
            long orderLineId = ((Number) orderLine.get("id")).longValue();
            int units = Math.min(line.quantity(), ((Number) orderLine.get("shipped_quantity")).intValue());
            if (units <= 0) {
                continue;
            }
            List<Map<String, Object>> serials = jdbc.queryForList("""
                    SELECT u.serial, u.serialized_item_id FROM shipped_unit u WHERE u.order_line_id = ?
                       AND NOT EXISTS (SELECT 1 FROM return_line r WHERE r.order_line_id = u.order_line_id AND r.serial = u.serial)
                     ORDER BY u.id""", orderLineId);
            int serialized = Math.min(units, serials.size());
            for (int i = 0; i < serialized; i++) {
                Map<String, Object> unit = serials.get(i);
                jdbc.update("INSERT INTO return_line (return_id, order_line_id, quantity, serial, serialized_item_id) VALUES (?, ?, 1, ?, ?)",
                        returnId, orderLineId, unit.get("serial"), unit.get("serialized_item_id"));
                described.add("line " + line.channelLineId() + " unit " + unit.get("serial"));
            }
            if (units > serialized) {
                jdbc.update("INSERT INTO return_line (return_id, order_line_id, quantity) VALUES (?, ?, ?)", returnId, orderLineId,
                        units - serialized);
                described.add("line " + line.channelLineId() + " x" + (units - serialized));
            }
        }
        return described;
    }

    /**
     * Applies an OPEN return: the ERP's return document first (outside the database transaction:
     * the gateway is slow), then the units and the return's status under the order's row lock.
     *
     * @return the return's status afterwards
     */
    public String apply(long returnId) {
        List<Map<String, Object>> rows = jdbc.queryForList("""
                SELECT r.id, r.order_id, r.reason, r.unit_status, r.restock, r.status, r.erp_document_ref, o.erp_order_ref,
                       o.channel_order_id, c.code AS client, a.code AS account
                  FROM order_return r JOIN sales_order o ON o.id = r.order_id JOIN client c ON c.id = o.client_id
                  JOIN channel_account a ON a.id = o.channel_account_id WHERE r.id = ?""", returnId);
        if (rows.isEmpty()) {
            throw new UnknownReturnException(returnId);
        }
        Map<String, Object> r = rows.get(0);
        if (!"OPEN".equals(r.get("status"))) {
            return (String) r.get("status");
        }
        long orderId = ((Number) r.get("order_id")).longValue();
        String client = (String) r.get("client");
        Restock restock = Restock.valueOf((String) r.get("restock"));
        String document = (String) r.get("erp_document_ref");
        if (document == null && r.get("erp_order_ref") != null) {
            document = erpReturn(returnId, orderId, client, r, restock);
        }
        String erpDocument = document;
        return tx.execute(status -> {
            jdbc.queryForList("SELECT id FROM sales_order WHERE id = ? FOR UPDATE", Long.class, orderId);
            String now = jdbc.queryForObject("SELECT status FROM order_return WHERE id = ?", String.class, returnId);
            if (!"OPEN".equals(now)) {
                return now;
            }
            return applyUnits(returnId, orderId, client, (String) r.get("unit_status"), restock, erpDocument);
        });
    }

    private String erpReturn(long returnId, long orderId, String client, Map<String, Object> r, Restock restock) {
        List<Map<String, Object>> lines = jdbc.queryForList("""
                SELECT COALESCE(k.code, vk.code) AS sku, rl.quantity, rl.serial,
                       (SELECT COALESCE(w.source_ref, w.code) FROM allocation a JOIN warehouse w ON w.id = a.warehouse_id
                         WHERE a.order_line_id = rl.order_line_id ORDER BY CASE WHEN a.status = 'SHIPPED' THEN 0 ELSE 1 END, a.id
                         FETCH FIRST 1 ROWS ONLY) AS warehouse
                  FROM return_line rl JOIN order_line l ON l.id = rl.order_line_id
                  LEFT JOIN sku k ON k.id = l.sku_id LEFT JOIN variation v ON v.id = l.variation_id LEFT JOIN sku vk ON vk.id = v.sku_id
                 WHERE rl.return_id = ? ORDER BY rl.id""", returnId);
        if (lines.isEmpty()) {
            return null; // nothing shipped came back: nothing to correct
        }
        Map<String, Integer> quantities = new LinkedHashMap<>();
        Map<String, List<String>> serials = new LinkedHashMap<>();
        String warehouse = null;
        for (Map<String, Object> line : lines) {
            String sku = (String) line.get("sku");
            quantities.merge(sku, ((Number) line.get("quantity")).intValue(), Integer::sum);
            if (line.get("serial") != null) {
                serials.computeIfAbsent(sku, s -> new ArrayList<>()).add((String) line.get("serial"));
            }
            warehouse = warehouse != null ? warehouse : (String) line.get("warehouse");
        }
        if (warehouse == null) {
            warehouse = clients.require(client).fulfilmentCentresByPriority().get(0).warehouse();
        }
        List<ErpReturn.Line> erpLines = quantities.entrySet().stream()
                .map(e -> new ErpReturn.Line(e.getKey(), e.getValue(), serials.get(e.getKey()))).toList();
        String reference = r.get("account") + ":" + r.get("channel_order_id") + ":return-" + returnId;
        ErpReturn correction = new ErpReturn((String) r.get("erp_order_ref"), reference, warehouse, restock == Restock.ON_RECEIPT,
                "return after shipping: " + r.get("reason"), erpLines);
        jdbc.update("UPDATE order_return SET erp_attempts = erp_attempts + 1 WHERE id = ?", returnId); // committed before the call
        String document;
        try {
            document = gateway.addReturn(clients.require(client).source(), client, correction);
        } catch (SubiektGatewayException refused) {
            String reason = "the ERP refused the return document: " + refused.getMessage();
            tx.executeWithoutResult(s -> {
                jdbc.update("UPDATE order_return SET erp_error = ? WHERE id = ?", truncate(reason, 1024), returnId);
                event(orderId, "RETURN_ERP_REFUSED", "return " + returnId + ": " + reason, Timestamp.from(clock.instant()));
            });
            throw new ReturnRefusedByErpException("Return " + returnId + " of order " + orderId + ": " + reason, refused);
        }
        jdbc.update("UPDATE order_return SET erp_document_ref = ?, erp_error = NULL WHERE id = ?", document, returnId);
        event(orderId, "RETURN_ERP_DOCUMENT", "return " + returnId + ": " + document + " for " + r.get("erp_order_ref")
                + (restock == Restock.ON_RECEIPT ? ", units back in " + warehouse + " stock" : ", no stock until inspected"),
                Timestamp.from(clock.instant()));
        return document;
    }

    private String applyUnits(long returnId, long orderId, String client, String unitStatus, Restock restock, String erpDocument) {
        Timestamp now = Timestamp.from(clock.instant());
        long clientId = jdbc.queryForObject("SELECT id FROM client WHERE code = ?", Long.class, client);
        List<String> moved = new ArrayList<>();
        Set<String> skus = new LinkedHashSet<>();
        if (unitStatus != null) {
            Long statusId = statusId(clientId, unitStatus);
            for (Map<String, Object> unit : jdbc.queryForList("""
                    SELECT rl.id, rl.serial, COALESCE(rl.serialized_item_id, si.id) AS item, k.code AS sku
                      FROM return_line rl LEFT JOIN serialized_item si ON si.client_id = ? AND si.serial = rl.serial
                      LEFT JOIN serialized_item it ON it.id = COALESCE(rl.serialized_item_id, si.id)
                      LEFT JOIN variation v ON v.id = it.variation_id LEFT JOIN sku k ON k.id = v.sku_id
                     WHERE rl.return_id = ? AND rl.serial IS NOT NULL ORDER BY rl.id""", clientId, returnId)) {
                if (unit.get("item") == null) {
                    continue; // a serial Kanal does not track: the ERP's stock tells
                }
                long item = ((Number) unit.get("item")).longValue();
                jdbc.update("UPDATE serialized_item SET inventory_status_id = ?, updated_at = ? WHERE id = ?", statusId, now, item);
                jdbc.update("UPDATE return_line SET serialized_item_id = ? WHERE id = ?", item, ((Number) unit.get("id")).longValue());
                moved.add(unit.get("serial") + " -> " + unitStatus);
                if (unit.get("sku") != null) {
                    skus.add((String) unit.get("sku"));
                }
            }
        }
        RecalculationRequests.record(jdbc, client, skus); // a status some account counts changes its quantities
        String status = restock == Restock.ON_RECEIPT ? "RESTOCKED" : "AWAITING_INSPECTION";
        jdbc.update("UPDATE order_return SET status = ?, applied_at = ? WHERE id = ?", status, now, returnId);
        String detail = "return " + returnId + ": " + (moved.isEmpty() ? "no tracked unit" : String.join(", ", moved))
                + (erpDocument == null ? "" : "; ERP " + erpDocument)
                + (restock == Restock.ON_RECEIPT ? "; stock back on receipt" : "; stock after inspection");
        event(orderId, "RETURN_RECEIVED", detail, now);
        log.info("Return {} of order {} applied: {}", returnId, orderId, detail);
        return status;
    }

    /** The client's inventory status with this code, created on first use (the client file declares it). */
    private long statusId(long clientId, String code) {
        List<Long> ids = jdbc.queryForList("SELECT id FROM inventory_status WHERE client_id = ? AND code = ?", Long.class, clientId, code);
        if (!ids.isEmpty()) {
            return ids.get(0);
        }
        jdbc.update("INSERT INTO inventory_status (client_id, code, name) VALUES (?, ?, ?)", clientId, code, code);
        return jdbc.queryForObject("SELECT id FROM inventory_status WHERE client_id = ? AND code = ?", Long.class, clientId, code);
    }

    /** Return keys the order already has: a reader need not ask its channel about these. */
    public Set<String> keys(long orderId) {
        return jdbc.queryForList("SELECT return_key FROM order_return WHERE order_id = ?", String.class, orderId).stream()
                .collect(Collectors.toSet());
    }

    static ReturnReason reason(String code) {
        return ReturnReason.parse(code);
    }

    private void event(long orderId, String type, String detail, Timestamp at) {
        jdbc.update("INSERT INTO order_event (order_id, type, detail, created_at) VALUES (?, ?, ?, ?)", orderId, type,
                truncate(detail, 1024), at);
    }

    static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
