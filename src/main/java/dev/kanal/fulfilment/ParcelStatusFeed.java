package dev.kanal.fulfilment;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Parcel states from a carrier or shipping tool (POST /admin/clients/{c}/shipments/status): each
 * row finds a shipment by its tracking number (or its order's reference, when the order has one
 * shipment) and moves its parcel status forward only: in_transit, then delivered or refused,
 * refused then returned_to_sender. The same state again changes nothing. The order follows:
 * DELIVERED once it is shipped and every parcel is delivered, REFUSED when a parcel is refused or
 * returned; each change is an order_event.
 */
class ParcelStatusFeed {

    /** Which parcel states may follow which (none may follow delivered or returned_to_sender). */
    static final Map<String, Set<String>> FORWARD = Map.of(
            "", Set.of("IN_TRANSIT", "DELIVERED", "REFUSED", "RETURNED_TO_SENDER"),
            "IN_TRANSIT", Set.of("DELIVERED", "REFUSED", "RETURNED_TO_SENDER"),
            "REFUSED", Set.of("RETURNED_TO_SENDER"));

    /**
     * A shipment that carried units: an ERP document that only issued units shipped earlier through
     * the shipping tool (decision 0020) shares their tracking but is no parcel of its own.
     */
    private static final String PARCEL = " EXISTS (SELECT 1 FROM shipment_line sl WHERE sl.shipment_id = s.id)";

    record Result(String row, String key, String result, String reason) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;

    ParcelStatusFeed(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
    }

    List<Result> apply(String client, List<ShipmentRows.Row> rows) {
        List<Result> results = new ArrayList<>();
        for (ShipmentRows.Row row : rows) {
            String key = row.get("tracking") != null ? row.get("tracking") : row.get("reference");
            if (row.error() != null) {
                results.add(new Result(row.where(), key, "error", row.error()));
                continue;
            }
            try {
                results.add(new Result(row.where(), key, tx.execute(s -> applyRow(client, row)), null));
            } catch (IllegalArgumentException e) {
                results.add(new Result(row.where(), key, "error", e.getMessage()));
            }
        }
        return results;
    }

    /** @return "updated" or "already recorded" */
    private String applyRow(String client, ShipmentRows.Row row) {
        String status = row.get("status") == null ? null : row.get("status").toUpperCase(Locale.ROOT);
        if (status == null || !FORWARD.get("").contains(status)) {
            throw new IllegalArgumentException("status must be one of in_transit, delivered, refused, returned_to_sender");
        }
        Instant at = clock.instant();
        if (row.get("at") != null) {
            try {
                at = Instant.parse(row.get("at"));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("at is not an ISO-8601 instant (e.g. 2026-05-04T10:15:30Z)");
            }
        }
        List<Map<String, Object>> found = find(client, row);
        if (found.size() != 1) {
            throw new IllegalArgumentException(found.isEmpty() ? "no shipment with " + (row.get("tracking") != null
                    ? "tracking " + row.get("tracking") : "reference " + row.get("reference"))
                    : found.size() + " shipments match: give the tracking number");
        }
        long shipmentId = ((Number) found.get(0).get("id")).longValue();
        long orderId = ((Number) found.get(0).get("order_id")).longValue();
        jdbc.queryForList("SELECT id FROM sales_order WHERE id = ? FOR UPDATE", Long.class, orderId);
        String current = jdbc.queryForObject("SELECT COALESCE(parcel_status, '') FROM shipment WHERE id = ?", String.class, shipmentId);
        if (current.equals(status)) {
            return "already recorded";
        }
        if (!FORWARD.getOrDefault(current, Set.of()).contains(status)) {
            throw new IllegalArgumentException("the parcel is " + current.toLowerCase(Locale.ROOT) + ": it cannot become "
                    + status.toLowerCase(Locale.ROOT));
        }
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.update("UPDATE shipment SET parcel_status = ?, parcel_status_at = ? WHERE id = ?", status, Timestamp.from(at), shipmentId);
        String tracking = (String) found.get(0).get("tracking_number");
        event(orderId, "PARCEL_" + status, (tracking == null ? "shipment " + shipmentId : tracking) + " at " + at, now);
        if ("DELIVERED".equals(status)) {
            int undelivered = jdbc.queryForObject("SELECT COUNT(*) FROM shipment s WHERE s.order_id = ? AND "
                    + "(s.parcel_status IS NULL OR s.parcel_status <> 'DELIVERED') AND " + PARCEL, Integer.class, orderId);
            if (undelivered == 0 && jdbc.update("UPDATE sales_order SET status = 'DELIVERED', updated_at = ?, version = version + 1 "
                    + "WHERE id = ? AND status = 'SHIPPED'", now, orderId) == 1) {
                event(orderId, "DELIVERED", "every parcel delivered", now);
            }
        } else if (!"IN_TRANSIT".equals(status)) {
            if (jdbc.update("UPDATE sales_order SET status = 'REFUSED', updated_at = ?, version = version + 1 "
                    + "WHERE id = ? AND status IN ('IN_ERP', 'SHIPPED', 'DELIVERED')", now, orderId) == 1) {
                event(orderId, "REFUSED", (tracking == null ? "shipment " + shipmentId : tracking) + " "
                        + status.toLowerCase(Locale.ROOT), now);
            }
        }
        return "updated";
    }

    private List<Map<String, Object>> find(String client, ShipmentRows.Row row) {
        if (row.get("tracking") != null) {
            return jdbc.queryForList("""
                    SELECT s.id, s.order_id, s.tracking_number FROM shipment s JOIN sales_order o ON o.id = s.order_id
                      JOIN client c ON c.id = o.client_id WHERE c.code = ? AND s.tracking_number = ? AND """ + PARCEL, client, row.get("tracking"));
        }
        String reference = row.get("reference");
        if (reference == null) {
            throw new IllegalArgumentException("tracking or reference is required");
        }
        if (!reference.contains(":")) {
            return jdbc.queryForList("""
                    SELECT s.id, s.order_id, s.tracking_number FROM shipment s JOIN sales_order o ON o.id = s.order_id
                      JOIN client c ON c.id = o.client_id WHERE c.code = ? AND CAST(o.id AS VARCHAR(20)) = ? AND """ + PARCEL, client, reference);
        }
        int colon = reference.indexOf(':');
        return jdbc.queryForList("""
                SELECT s.id, s.order_id, s.tracking_number FROM shipment s JOIN sales_order o ON o.id = s.order_id
                  JOIN client c ON c.id = o.client_id JOIN channel_account a ON a.id = o.channel_account_id
                 WHERE c.code = ? AND a.code = ? AND o.channel_order_id = ? AND """ + PARCEL,
                client, reference.substring(0, colon), reference.substring(colon + 1));
    }

    private void event(long orderId, String type, String detail, Timestamp now) {
        jdbc.update("INSERT INTO order_event (order_id, type, detail, created_at) VALUES (?, ?, ?, ?)", orderId, type, detail, now);
    }
}
