package dev.kanal.orders;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@code order_change} table: the outbox of the order-changes hop. It lives with orders, below
 * the appliers in {@code changes}, because the order import records changes too. A detector records a change
 * in its own transaction ({@link #record}), idempotent on the order and the change's key; the id
 * is then the hop's message. Plain JDBC, so the detectors (order import, ERP poll, admin) call it
 * inside whatever transaction they hold.
 */
public final class OrderChanges {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public OrderChanges(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A change to record: see {@link OrderChange}; {@code lines} empty = the whole order, null = not known yet. */
    public record NewChange(long orderId, OrderChange.Direction direction, OrderChange.Kind kind, OrderChange.Origin origin,
                            String changeKey, List<OrderChange.Units> lines, String reason, String channelRef) {
    }

    /**
     * Records the change unless the order has one with this key already (then nothing changes), in
     * the caller's transaction. Answers the id of the change with this key, new or not.
     */
    public long record(NewChange change) {
        record(jdbc, change, clock);
        return jdbc.queryForObject("SELECT id FROM order_change WHERE order_id = ? AND change_key = ?", Long.class,
                change.orderId(), change.changeKey());
    }

    /** As {@link #record(NewChange)}, for callers that hold only a JdbcTemplate; answers whether it was new. */
    public static boolean record(JdbcTemplate jdbc, NewChange change, Clock clock) {
        return jdbc.update("""
                INSERT INTO order_change (order_id, direction, kind, origin, change_key, lines, reason, channel_ref, status, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?)
                ON CONFLICT DO NOTHING""", change.orderId(), change.direction().name(), change.kind().name(),
                change.origin().name(), truncate(change.changeKey(), 200), change.lines() == null ? null : json(change.lines()),
                truncate(change.reason(), 1000), change.channelRef(), Timestamp.from(clock.instant())) == 1;
    }

    public Optional<OrderChange> find(long id) {
        return jdbc.query("""
                SELECT id, order_id, direction, kind, origin, change_key, lines, reason, channel_ref, status, detail, attempts, created_at
                  FROM order_change WHERE id = ?""", (rs, n) -> new OrderChange(rs.getLong(1), rs.getLong(2),
                OrderChange.Direction.valueOf(rs.getString(3)), OrderChange.Kind.valueOf(rs.getString(4)),
                OrderChange.Origin.valueOf(rs.getString(5)), rs.getString(6), lines(rs.getString(7)), rs.getString(8),
                rs.getString(9), OrderChange.Status.valueOf(rs.getString(10)), rs.getString(11), rs.getInt(12),
                rs.getTimestamp(13).toInstant()), id).stream().findFirst();
    }

    /** Whether the change's lines are still to be read from the channel (a refund listed without its lines). */
    public boolean linesUnknown(long id) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM order_change WHERE id = ? AND lines IS NULL", Integer.class, id) == 1;
    }

    /** The PENDING changes of an order no delivery has begun on: the import hands them on after it commits. */
    public List<Long> unsent(long orderId) {
        return jdbc.queryForList("SELECT id FROM order_change WHERE order_id = ? AND status = 'PENDING' AND attempts = 0 ORDER BY id",
                Long.class, orderId);
    }

    /**
     * Changes recorded more than {@code olderThan} ago that no delivery ever began on: their
     * message was lost (a crash between the detector's commit and the broker's). A change whose
     * deliveries all failed is in the dead-letter queue, for an operator, and is not sent again.
     */
    public List<Long> owed(Duration olderThan) {
        return jdbc.queryForList("""
                SELECT id FROM order_change WHERE status = 'PENDING' AND attempts = 0 AND created_at < ?
                 ORDER BY id FETCH FIRST 500 ROWS ONLY""", Long.class, Timestamp.from(clock.instant().minus(olderThan)));
    }

    /** Whether the order has a change still PENDING (in flight, or waiting for an operator). */
    public static boolean hasPending(JdbcTemplate jdbc, long orderId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM order_change WHERE order_id = ? AND status = 'PENDING'", Integer.class,
                orderId) > 0;
    }

    public static String json(List<OrderChange.Units> lines) {
        ArrayNode array = JSON.createArrayNode();
        lines.forEach(l -> array.addObject().put("orderLineId", l.orderLineId()).put("quantity", l.quantity()));
        return array.toString();
    }

    public static List<OrderChange.Units> lines(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            List<OrderChange.Units> lines = new ArrayList<>();
            for (JsonNode line : JSON.readTree(json)) {
                lines.add(new OrderChange.Units(line.path("orderLineId").asLong(), line.path("quantity").asInt()));
            }
            return lines;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("order_change.lines is not JSON: " + json, e);
        }
    }

    public static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
