package dev.kanal.stock;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import dev.kanal.support.ArrayParameters;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The two bulk writes of a burst on {@code listing_push}: the calculator's new targets and the
 * writer's accepted quantities, 2,000 rows or more each.
 *
 * <p>On PostgreSQL each is one statement over arrays ({@code UPDATE ... FROM unnest(...)}): one
 * plan and one pass instead of a statement per row. Other databases (the demo's H2) take a JDBC
 * batch of the same rows. Both give the same result.
 */
public class PushStateWrites {

    /** A calculated target quantity for a listing of a channel account. */
    public record Target(long listingId, long accountId, int quantity) {
    }

    /** One accepted push: the listing, the quantity the channel took, when the call that carried it went out. */
    public record Sent(long listingId, int quantity, Instant calledAt) {
    }

    private static final String TARGETS_SET_BASED = """
            UPDATE listing_push p SET target_quantity = v.quantity, target_at = ?
              FROM unnest(?::bigint[], ?::int[]) AS v(listing_id, quantity)
             WHERE p.listing_id = v.listing_id AND (p.target_quantity IS NULL OR p.target_quantity <> v.quantity)
            RETURNING p.channel_account_id""";

    // the guard keeps a concurrent calculation that wrote the same value from counting twice
    private static final String TARGET_ROW = """
            UPDATE listing_push SET target_quantity = ?, target_at = ?
             WHERE listing_id = ? AND (target_quantity IS NULL OR target_quantity <> ?)""";

    // call times travel as epoch milliseconds: a timestamp array would take the JVM's zone;
    // a confirmed quantity is what the channel shows now, so channel_quantity follows it
    private static final String SENT_SET_BASED = """
            UPDATE listing_push p SET last_sent_quantity = v.quantity, last_sent_at = to_timestamp(v.called_ms / 1000.0),
                   last_confirmed_at = ?, channel_quantity = v.quantity, rejected_quantity = NULL, push_error = NULL
              FROM unnest(?::bigint[], ?::int[], ?::bigint[]) AS v(listing_id, quantity, called_ms)
             WHERE p.listing_id = v.listing_id""";

    private static final String SENT_ROW = """
            UPDATE listing_push SET last_sent_quantity = ?, last_sent_at = ?, last_confirmed_at = ?, channel_quantity = ?,
                   rejected_quantity = NULL, push_error = NULL
             WHERE listing_id = ?""";

    private final JdbcTemplate jdbc;
    private volatile Boolean setBased;

    public PushStateWrites(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Decided once: PostgreSQL writes with arrays, anything else in batches. */
    PushStateWrites(JdbcTemplate jdbc, boolean setBased) {
        this.jdbc = jdbc;
        this.setBased = setBased;
    }

    /**
     * Stores new target quantities where they differ from the stored ones; returns the channel
     * accounts of the rows that changed. Rows are written in listing id order, so two
     * calculations touching the same listings lock them in the same order.
     */
    public Set<Long> writeTargets(Collection<Target> targets, Instant at) {
        if (targets.isEmpty()) {
            return Set.of();
        }
        List<Target> ordered = targets.stream().sorted(Comparator.comparingLong(Target::listingId)).toList();
        Timestamp time = Timestamp.from(at);
        Set<Long> accounts = new LinkedHashSet<>();
        if (setBased()) {
            jdbc.query(con -> {
                PreparedStatement ps = con.prepareStatement(TARGETS_SET_BASED);
                ps.setTimestamp(1, time);
                ps.setArray(2, ArrayParameters.longs(con, ordered.stream().map(Target::listingId).toList()));
                ps.setArray(3, ArrayParameters.ints(con, ordered.stream().map(Target::quantity).toList()));
                return ps;
            }, rs -> {
                accounts.add(rs.getLong(1));
            });
            return accounts;
        }
        int[][] counts = jdbc.batchUpdate(TARGET_ROW, ordered, 1000, (ps, t) -> {
            ps.setInt(1, t.quantity());
            ps.setTimestamp(2, time);
            ps.setLong(3, t.listingId());
            ps.setInt(4, t.quantity());
        });
        int i = 0;
        for (int[] batch : counts) {
            for (int count : batch) {
                if (count != 0) {
                    accounts.add(ordered.get(i).accountId());
                }
                i++;
            }
        }
        return accounts;
    }

    /**
     * Records quantities the channel accepted: each as sent when its call went out, all confirmed
     * at {@code confirmedAt} (when the answer came: for a Back Market task, once it was processed).
     * The confirmed quantity is also what the channel now shows ({@code channel_quantity}), until
     * the next import or reconciliation reads it again. Clears any earlier refusal. One statement
     * for the whole list on PostgreSQL.
     */
    public void recordSent(List<Sent> sent, Instant confirmedAt) {
        if (sent.isEmpty()) {
            return;
        }
        Timestamp confirmed = Timestamp.from(confirmedAt);
        if (setBased()) {
            jdbc.update(con -> {
                PreparedStatement ps = con.prepareStatement(SENT_SET_BASED);
                ps.setTimestamp(1, confirmed);
                ps.setArray(2, ArrayParameters.longs(con, sent.stream().map(Sent::listingId).toList()));
                ps.setArray(3, ArrayParameters.ints(con, sent.stream().map(Sent::quantity).toList()));
                ps.setArray(4, ArrayParameters.longs(con, sent.stream().map(s -> s.calledAt().toEpochMilli()).toList()));
                return ps;
            });
            return;
        }
        jdbc.batchUpdate(SENT_ROW, sent, 1000, (ps, s) -> {
            ps.setInt(1, s.quantity());
            ps.setTimestamp(2, Timestamp.from(s.calledAt()));
            ps.setTimestamp(3, confirmed);
            ps.setInt(4, s.quantity());
            ps.setLong(5, s.listingId());
        });
    }

    private boolean setBased() {
        Boolean decided = setBased;
        if (decided == null) {
            decided = ArrayParameters.supported(jdbc);
            setBased = decided;
        }
        return decided;
    }
}
