package dev.kanal.fulfilment;

import dev.kanal.inventory.RecalculationRequests;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records a shipment reported by a source, in one transaction (docs/decisions/0018):
 * <ol>
 *   <li>the shipment and its lines, keyed by {@code (order, source reference)}: the same ERP
 *       document read again finds its shipment and changes nothing;</li>
 *   <li>the shipped units' allocations consumed (status SHIPPED, closed_at set): the ERP's stock
 *       fell when it issued the document, so from this commit on only the ERP stock subtracts
 *       them;</li>
 *   <li>each shipped serial recorded on its order line ({@code shipped_unit}) and, when Kanal
 *       tracks the unit, moved to the client's {@code sold} status;</li>
 *   <li>the order SHIPPED once every line has shipped (else it stays, with a PARTIALLY_SHIPPED
 *       event), an order_event, and recalculation requests for the SKUs.</li>
 * </ol>
 * A unit shipped beyond what a line ordered is not recorded on it (the event says so).
 */
public class ShipmentRecorder {

    public static final String SOLD_STATUS = "sold";

    /** A shipment as its source reports it. {@code orderRef} (the ZK) or {@code reference} ({@code account:channel order id}) finds the order. */
    public record Report(String client, String source, String sourceRef, String orderRef, String reference, String carrier,
                         String trackingNumber, String trackingUrl, Instant shippedAt, List<Line> lines) {
    }

    public record Line(String sku, int quantity, List<String> serials) {
    }

    /**
     * @param shipmentId null when no Kanal order matched (a sale the ERP made itself)
     * @param created    false when the shipment was recorded before (a re-read)
     */
    public record Outcome(Long shipmentId, Long orderId, boolean created, boolean orderShipped, List<String> skus) {
        static Outcome foreign() {
            return new Outcome(null, null, false, false, List.of());
        }
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;

    public ShipmentRecorder(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
    }

    private record OrderLineRow(long id, String sku, int quantity, int missing, int shipped) {
    }

    public Outcome record(Report report) {
        return tx.execute(status -> recordInTransaction(report));
    }

    private Outcome recordInTransaction(Report report) {
        Long clientId = single(jdbc.queryForList("SELECT id FROM client WHERE code = ?", Long.class, report.client()));
        if (clientId == null) {
            throw new IllegalArgumentException("unknown client " + report.client());
        }
        Long orderId = findOrder(clientId, report);
        if (orderId == null) {
            return Outcome.foreign();
        }
        jdbc.queryForList("SELECT id FROM sales_order WHERE id = ? FOR UPDATE", Long.class, orderId);
        Long existing = single(jdbc.queryForList("SELECT id FROM shipment WHERE order_id = ? AND source_ref = ?", Long.class,
                orderId, report.sourceRef()));
        if (existing != null) {
            return new Outcome(existing, orderId, false, false, List.of());
        }
        Timestamp now = Timestamp.from(clock.instant());
        Timestamp shippedAt = report.shippedAt() == null ? now : Timestamp.from(report.shippedAt());
        List<OrderLineRow> lines = jdbc.query("""
                SELECT l.id, k.code, l.quantity, l.missing_quantity, l.shipped_quantity
                  FROM order_line l LEFT JOIN sku k ON k.id = l.sku_id WHERE l.order_id = ? ORDER BY l.line_no""",
                (rs, n) -> new OrderLineRow(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getInt(5)), orderId);
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(con -> {
            var ps = con.prepareStatement("""
                    INSERT INTO shipment (order_id, source, source_ref, carrier, tracking_number, tracking_url, serials, shipped_at, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", new String[] {"id"});
            ps.setLong(1, orderId);
            ps.setString(2, report.source());
            ps.setString(3, report.sourceRef());
            ps.setString(4, report.carrier() == null || report.carrier().isBlank() ? "unknown" : report.carrier());
            ps.setString(5, report.trackingNumber());
            ps.setString(6, report.trackingUrl());
            List<String> all = report.lines().stream().flatMap(l -> l.serials().stream()).toList();
            ps.setString(7, all.isEmpty() ? null : String.join(",", all));
            ps.setTimestamp(8, shippedAt);
            ps.setTimestamp(9, now);
            return ps;
        }, key);
        long shipmentId = key.getKey().longValue();
        Set<String> skus = new LinkedHashSet<>();
        List<String> notes = new ArrayList<>();
        Long soldStatus = null;
        for (Line shipped : report.lines()) {
            int left = shipped.quantity();
            List<String> serials = new ArrayList<>(shipped.serials());
            for (OrderLineRow line : lines) {
                if (left <= 0 || line.sku() == null || !line.sku().equals(shipped.sku())) {
                    continue;
                }
                int open = line.quantity() - line.shipped();
                int units = Math.min(open, left);
                if (units <= 0) {
                    continue;
                }
                left -= units;
                skus.add(line.sku());
                GeneratedKeyHolder lineKey = new GeneratedKeyHolder();
                jdbc.update(con -> {
                    var ps = con.prepareStatement("INSERT INTO shipment_line (shipment_id, order_line_id, quantity) VALUES (?, ?, ?)",
                            new String[] {"id"});
                    ps.setLong(1, shipmentId);
                    ps.setLong(2, line.id());
                    ps.setInt(3, units);
                    return ps;
                }, lineKey);
                long shipmentLineId = lineKey.getKey().longValue();
                jdbc.update("UPDATE order_line SET shipped_quantity = shipped_quantity + ? WHERE id = ?", units, line.id());
                List<String> lineSerials = new ArrayList<>(serials.subList(0, Math.min(units, serials.size())));
                serials.removeAll(lineSerials);
                for (String serial : lineSerials) {
                    Long item = single(jdbc.queryForList("SELECT id FROM serialized_item WHERE client_id = ? AND serial = ?",
                            Long.class, clientId, serial));
                    if (item != null) {
                        soldStatus = soldStatus != null ? soldStatus : soldStatus(clientId);
                        jdbc.update("UPDATE serialized_item SET inventory_status_id = ?, updated_at = ? WHERE id = ?", soldStatus, now, item);
                    }
                    jdbc.update("INSERT INTO shipped_unit (shipment_line_id, order_line_id, serial, serialized_item_id) VALUES (?, ?, ?, ?)",
                            shipmentLineId, line.id(), serial, item);
                }
                consumeAllocations(line.id(), units, lineSerials, now);
            }
            if (left > 0) {
                notes.add(left + " unit(s) of " + shipped.sku() + " beyond the order");
            }
        }
        Integer unshipped = jdbc.queryForObject("""
                SELECT COUNT(*) FROM order_line WHERE order_id = ? AND shipped_quantity < quantity - missing_quantity""",
                Integer.class, orderId);
        boolean complete = unshipped == 0;
        String detail = report.sourceRef() + ": " + (report.carrier() == null ? "unknown carrier" : report.carrier())
                + (report.trackingNumber() == null ? "" : " " + report.trackingNumber())
                + (notes.isEmpty() ? "" : "; " + String.join("; ", notes));
        if (complete) {
            jdbc.update("UPDATE sales_order SET status = 'SHIPPED', updated_at = ?, version = version + 1 WHERE id = ? AND status IN "
                    + "('RECEIVED', 'HELD', 'ACCEPTED', 'AWAITING_PAYMENT', 'IN_ERP')", now, orderId);
        }
        jdbc.update("INSERT INTO order_event (order_id, type, detail, created_at) VALUES (?, ?, ?, ?)", orderId,
                complete ? "SHIPPED" : "PARTIALLY_SHIPPED", detail.length() > 1024 ? detail.substring(0, 1024) : detail, now);
        RecalculationRequests.record(jdbc, report.client(), skus);
        confirmIfShippedByChannel(orderId, shipmentId, now);
        return new Outcome(shipmentId, orderId, true, complete, List.copyOf(skus));
    }

    /**
     * erp-push: on-completed (docs/decisions/0021): the shop already shipped and completed the
     * order on its channel, so the ERP's document only consumes the allocations (above); nothing
     * goes back to the channel. The shipment and its lines are confirmed at once, so the shipment
     * writer and its sweep find nothing to send.
     */
    private void confirmIfShippedByChannel(long orderId, long shipmentId, Timestamp now) {
        if (jdbc.queryForObject("SELECT COUNT(*) FROM sales_order WHERE id = ? AND shipped_by_channel_at IS NOT NULL",
                Integer.class, orderId) == 0) {
            return;
        }
        jdbc.update("UPDATE shipment_line SET channel_confirmed_at = ? WHERE shipment_id = ?", now, shipmentId);
        jdbc.update("UPDATE shipment SET channel_confirmed_at = ? WHERE id = ?", now, shipmentId);
    }

    /**
     * Closes {@code units} of the line's OPEN allocations as SHIPPED: those of the shipped serials
     * first, then the oldest; an allocation of more units than shipped is split (the rest stays OPEN).
     */
    private void consumeAllocations(long orderLineId, int units, List<String> serials, Timestamp now) {
        List<Map<String, Object>> open = jdbc.queryForList("""
                SELECT a.id, a.quantity, si.serial FROM allocation a LEFT JOIN serialized_item si ON si.id = a.serialized_item_id
                 WHERE a.order_line_id = ? AND a.status = 'OPEN' ORDER BY a.id""", orderLineId); // the order row lock serializes shipments of its lines
        List<Map<String, Object>> ordered = new ArrayList<>(open.stream().filter(a -> serials.contains((String) a.get("serial"))).toList());
        open.stream().filter(a -> !ordered.contains(a)).forEach(ordered::add);
        int left = units;
        for (Map<String, Object> allocation : ordered) {
            if (left <= 0) {
                break;
            }
            long id = ((Number) allocation.get("id")).longValue();
            int quantity = ((Number) allocation.get("quantity")).intValue();
            if (quantity <= left) {
                jdbc.update("UPDATE allocation SET status = 'SHIPPED', closed_at = ? WHERE id = ?", now, id);
                left -= quantity;
            } else {
                jdbc.update("UPDATE allocation SET quantity = quantity - ? WHERE id = ?", left, id);
                jdbc.update("""
                        INSERT INTO allocation (order_line_id, sku_id, variation_id, warehouse_id, serialized_item_id, quantity, status, created_at, closed_at)
                        SELECT order_line_id, sku_id, variation_id, warehouse_id, NULL, ?, 'SHIPPED', created_at, ? FROM allocation WHERE id = ?""",
                        left, now, id);
                left = 0;
            }
        }
    }

    private Long findOrder(long clientId, Report report) {
        if (report.orderRef() != null) {
            Long byRef = single(jdbc.queryForList("SELECT id FROM sales_order WHERE client_id = ? AND erp_order_ref = ?", Long.class,
                    clientId, report.orderRef()));
            if (byRef != null) {
                return byRef;
            }
        }
        if (report.reference() == null || !report.reference().contains(":")) {
            return null;
        }
        int colon = report.reference().indexOf(':');
        return single(jdbc.queryForList("""
                SELECT o.id FROM sales_order o JOIN channel_account a ON a.id = o.channel_account_id
                 WHERE o.client_id = ? AND a.code = ? AND o.channel_order_id = ?""", Long.class,
                clientId, report.reference().substring(0, colon), report.reference().substring(colon + 1)));
    }

    /** The client's sold status, created on first use; no channel account lists it, so sold units count nowhere. */
    private long soldStatus(long clientId) {
        Long id = single(jdbc.queryForList("SELECT id FROM inventory_status WHERE client_id = ? AND code = ?", Long.class,
                clientId, SOLD_STATUS));
        if (id != null) {
            return id;
        }
        jdbc.update("INSERT INTO inventory_status (client_id, code, name) VALUES (?, ?, ?)", clientId, SOLD_STATUS, "Sold");
        return jdbc.queryForObject("SELECT id FROM inventory_status WHERE client_id = ? AND code = ?", Long.class, clientId, SOLD_STATUS);
    }

    private static Long single(List<Long> ids) {
        return ids.isEmpty() ? null : ids.get(0);
    }
}
