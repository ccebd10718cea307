package dev.kanal.stock;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One drain's hold on a channel account's writer, across all Kanal nodes: a row lease on
 * {@code channel_account} (owner and end). Whoever holds an unexpired lease is the only one
 * pushing the account's stock; a lease left by a node that died expires after {@link #LENGTH}.
 * A push that runs longer (10,000 WooCommerce updates on a slow shop, a Back Market task being
 * processed) keeps extending it, so no other node takes the account while its calls are in flight.
 */
public final class WriterLease {

    static final Duration LENGTH = Duration.ofMinutes(2);
    /** While a push runs, the lease is extended once this much has passed since the last time. */
    static final Duration KEEP_EVERY = LENGTH.dividedBy(4);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final long accountId;
    private final String owner;
    private final Kind kind;
    private Instant extendedAt;

    WriterLease(JdbcTemplate jdbc, Clock clock, long accountId, String owner) {
        this(jdbc, clock, accountId, owner, Kind.STOCK);
    }

    /** Whose lease: the stock writer's or the price writer's (columns of their own, so the two push side by side). */
    public enum Kind {
        STOCK("stock_lease_owner", "stock_lease_until"), PRICE("price_lease_owner", "price_lease_until");

        private final String owner;
        private final String until;

        Kind(String owner, String until) {
            this.owner = owner;
            this.until = until;
        }
    }

    public WriterLease(JdbcTemplate jdbc, Clock clock, long accountId, String owner, Kind kind) {
        this.kind = kind;
        this.jdbc = jdbc;
        this.clock = clock;
        this.accountId = accountId;
        this.owner = owner;
    }

    /** Takes the lease unless another owner holds one that has not expired; true when held now. */
    public boolean take() {
        Instant now = clock.instant();
        boolean taken = jdbc.update("""
                UPDATE channel_account SET %1$s = ?, %2$s = ?
                 WHERE id = ? AND (%2$s IS NULL OR %2$s < ? OR %1$s = ?)
                """.formatted(kind.owner, kind.until), owner, Timestamp.from(now.plus(LENGTH)), accountId, Timestamp.from(now), owner) == 1;
        if (taken) {
            extendedAt = now;
        }
        return taken;
    }

    /** Moves the lease's end to {@link #LENGTH} from now (if still ours). */
    public void extend() {
        Instant now = clock.instant();
        jdbc.update("UPDATE channel_account SET %2$s = ? WHERE id = ? AND %1$s = ?".formatted(kind.owner, kind.until),
                Timestamp.from(now.plus(LENGTH)), accountId, owner);
        extendedAt = now;
    }

    /** Called often while a push runs: extends the lease once {@link #KEEP_EVERY} has passed, else nothing. */
    public void keep() {
        if (extendedAt == null || !clock.instant().isBefore(extendedAt.plus(KEEP_EVERY))) {
            extend();
        }
    }

    public void release() {
        extendedAt = null;
        jdbc.update("UPDATE channel_account SET %1$s = NULL, %2$s = NULL WHERE id = ? AND %1$s = ?".formatted(kind.owner, kind.until),
                accountId, owner);
    }
}
