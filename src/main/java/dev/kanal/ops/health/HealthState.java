package dev.kanal.ops.health;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The stored health state of every source and channel account, read in two small queries and
 * reused for {@code stateMaxAge}: a health request that looks at twenty accounts, or a
 * Prometheus scrape of their gauges, reads the tables once. The read is time-limited, so a
 * database that hangs makes the state "unreadable" within the check timeout.
 */
public class HealthState {

    /** A client's source: its last good poll and its last failure. */
    public record SourceState(Instant lastGoodPollAt, Instant lastFailureAt, String lastFailure) {
    }

    /** A channel account's calls and webhooks; {@code failureKind} is null unless its calls are failing now. */
    public record AccountState(Instant lastSuccessAt, int consecutiveFailures, Instant lastFailureAt, FailureKind failureKind,
                               String lastFailure, Instant webhookRegisteredAt, Instant lastWebhookAt) {

        static final AccountState NONE = new AccountState(null, 0, null, null, null, null, null);
    }

    /**
     * What was read at {@code readAt}; {@code unreadable} says why nothing could be read (then the
     * maps are empty).
     */
    public record Snapshot(Map<String, SourceState> sources, Map<String, AccountState> accounts, Instant readAt, String unreadable) {

        public SourceState source(String client) {
            return sources.get(client);
        }

        public AccountState account(String client, String account) {
            return accounts.get(client + '/' + account);
        }

        public boolean readable() {
            return unreadable == null;
        }
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration maxAge;
    private final TimeLimitedCall<Snapshot> read;
    private volatile Snapshot last;

    public HealthState(JdbcTemplate jdbc, Clock clock, HealthProperties properties, HealthCheckThreads checks) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.maxAge = properties.stateMaxAge();
        this.read = checks.check(this::read, properties.checkTimeout(), Duration.ZERO);
    }

    /** The state, read again when the last read is older than the max age. */
    public Snapshot current() {
        Snapshot snapshot = last;
        Instant now = clock.instant();
        if (snapshot != null && Duration.between(snapshot.readAt(), now).compareTo(maxAge) < 0) {
            return snapshot;
        }
        try {
            snapshot = read.get();
        } catch (TimeoutException e) {
            snapshot = unreadable("health state not read: " + e.getMessage(), now);
        } catch (ExecutionException e) {
            snapshot = unreadable("health state not read: " + FailureClassifier.describe(e.getCause()), now);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unreadable("interrupted while reading the health state", now);
        }
        last = snapshot;
        return snapshot;
    }

    private static Snapshot unreadable(String why, Instant at) {
        return new Snapshot(Map.of(), Map.of(), at, why);
    }

    private Snapshot read() {
        Map<String, SourceState> sources = new HashMap<>();
        jdbc.query("SELECT client_code, last_good_poll_at, last_failure_at, last_failure FROM source_health", rs -> {
            sources.put(rs.getString(1), new SourceState(instant(rs, 2), instant(rs, 3), rs.getString(4)));
        });
        Map<String, AccountState> accounts = new HashMap<>();
        jdbc.query("""
                SELECT client_code, account_code, last_success_at, consecutive_failures, last_failure_at, failure_kind, last_failure,
                       webhook_registered_at, last_webhook_at
                  FROM channel_account_health""", rs -> {
            accounts.put(rs.getString(1) + '/' + rs.getString(2), new AccountState(instant(rs, 3), rs.getInt(4), instant(rs, 5),
                    FailureKind.ofLabel(rs.getString(6)), rs.getString(7), instant(rs, 8), instant(rs, 9)));
        });
        return new Snapshot(Map.copyOf(sources), Map.copyOf(accounts), clock.instant(), null);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp at = rs.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }
}
