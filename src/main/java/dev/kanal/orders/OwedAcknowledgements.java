package dev.kanal.orders;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The acknowledgements Kanal still owes its channels, read from the view
 * {@code acknowledgement_owed} (V13): lines the channel shows waiting for the seller, of a paid,
 * fully allocated open order (see {@link AcknowledgementPlan}). The acknowledgement sweep
 * ({@code routes/flows/orders-acknowledge.camel.yaml}) hands each such order to
 * {@link OrderAcknowledgement} again until the channel shows the line accepted or refused, or the
 * order moves on (cancelled, shipped).
 *
 * <p>Safe on several nodes at once: an order is claimed by moving its lines'
 * {@code channel_ack_attempted_at} on with a conditional update, so only one node re-sends it per
 * {@code retryAfter}.
 */
public class OwedAcknowledgements {

    private final JdbcTemplate jdbc;
    private final Duration retryAfter;
    private final Duration recheckAfter;
    private final Clock clock;
    private java.util.function.Supplier<java.util.Collection<String>> configured;

    public OwedAcknowledgements(JdbcTemplate jdbc, Duration retryAfter, Duration recheckAfter,
                                Clock clock) {
        this.jdbc = jdbc;
        this.retryAfter = retryAfter;
        this.recheckAfter = recheckAfter;
        this.clock = clock;
    }

    /**
     * The sweep then re-sends only what clients configured here owe: a client taken out of
     * clients/ keeps its owed lines until it is back, instead of a dead letter every sweep.
     */
    public OwedAcknowledgements ofClients(java.util.function.Supplier<java.util.Collection<String>> configured) {
        this.configured = configured;
        return this;
    }

    /** Lines whose acknowledgement is owed (not told, or told but not yet shown by the channel), for one client. */
    public int count(String client) {
        return jdbc.queryForObject("""
                SELECT COUNT(*) FROM acknowledgement_owed v JOIN client c ON c.id = v.client_id WHERE c.code = ?""",
                Integer.class, client);
    }

    /** Lines never told at all (no 2xx from the channel yet), for one client. */
    public int untold(String client) {
        return jdbc.queryForObject("""
                SELECT COUNT(*) FROM acknowledgement_owed v JOIN client c ON c.id = v.client_id
                 WHERE c.code = ? AND v.channel_ack IS NULL""", Integer.class, client);
    }

    /**
     * Orders to tell again now, each claimed for this node: an owed line not told, or told more
     * than {@code recheckAfter} ago while the channel still shows it waiting, and no try (or, for
     * a line never tried, no allocation) within {@code retryAfter}.
     */
    public List<Long> due() {
        Instant now = clock.instant();
        Timestamp retryCutoff = Timestamp.from(now.minus(retryAfter));
        List<Object> args = new ArrayList<>(List.of(Timestamp.from(now.minus(recheckAfter)), retryCutoff));
        String clients = "";
        if (configured != null) {
            java.util.Collection<String> codes = configured.get();
            if (codes.isEmpty()) {
                return List.of();
            }
            clients = " AND o.client_id IN (SELECT id FROM client WHERE code IN ("
                    + String.join(", ", java.util.Collections.nCopies(codes.size(), "?")) + "))";
            args.addAll(codes);
        }
        List<Long> candidates = jdbc.queryForList("""
                SELECT DISTINCT v.order_id FROM acknowledgement_owed v JOIN sales_order o ON o.id = v.order_id
                 WHERE (v.channel_ack IS NULL OR v.channel_ack_at <= ?)
                   AND COALESCE(v.channel_ack_attempted_at, o.allocated_at) <= ?""" + clients + " ORDER BY v.order_id",
                Long.class, args.toArray());
        List<Long> claimed = new ArrayList<>();
        for (long orderId : candidates) {
            int won = jdbc.update("""
                    UPDATE order_line SET channel_ack_attempted_at = ?
                     WHERE order_id = ? AND id IN (SELECT order_line_id FROM acknowledgement_owed WHERE order_id = ?)
                       AND (channel_ack_attempted_at IS NULL OR channel_ack_attempted_at <= ?)""",
                    Timestamp.from(now), orderId, orderId, retryCutoff);
            if (won > 0) {
                claimed.add(orderId);
            }
        }
        return claimed;
    }
}
