package dev.kanal.ops.overview;

import dev.kanal.client.config.ChannelAccountConfig;
import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.ClientRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every client's channel accounts at a glance, read from what the flows record (health, push
 * state, orders): the console's overview and the operations metrics read the same snapshot,
 * taken at most once per {@link OverviewProperties#cacheFor()}.
 *
 * <p>Sync latency is a listing's target quantity changing (the calculator saw the ERP's change)
 * to the channel accepting the new quantity, over listings pushed in the last hour, one sample
 * per listing (its newest push). It is read from the database, so every node shows the same
 * figures whichever node pushed.
 */
public class Overview {

    private static final Duration WINDOW = Duration.ofHours(1);

    private final ClientRegistry clients;
    private final JdbcTemplate jdbc;
    private final OverviewProperties properties;
    private final Clock clock;
    private final boolean budgetsShared;
    private volatile Snapshot cached;

    /** The accounts, read at {@code at}. */
    public record Snapshot(Instant at, List<AccountOverview> accounts) {
    }

    /** @param budgetsShared the call budgets are kept in the database ({@code kanal.connectors.call-budgets: shared}), so their use can be read */
    public Overview(ClientRegistry clients, JdbcTemplate jdbc, OverviewProperties properties, Clock clock, boolean budgetsShared) {
        this.clients = clients;
        this.budgetsShared = budgetsShared;
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    /** The accounts, from a reading at most {@code cacheFor} old. */
    public Snapshot current() {
        Snapshot snapshot = cached;
        if (snapshot == null || snapshot.at().plus(properties.cacheFor()).isBefore(clock.instant())) {
            snapshot = read();
            cached = snapshot;
        }
        return snapshot;
    }

    /** A fresh reading. */
    public Snapshot read() {
        Instant now = clock.instant();
        Map<String, Map<String, Object>> health = byKey("""
                SELECT client_code || '/' || account_code AS k, last_success_at, consecutive_failures, last_failure_at,
                       last_failure, last_webhook_at FROM channel_account_health""");
        Map<String, Map<String, Object>> sources = byKey("SELECT client_code AS k, last_good_poll_at FROM source_health");
        Map<String, Map<String, Object>> listings = byKey("""
                SELECT c.code || '/' || a.code AS k, COUNT(l.id) AS listings, MAX(p.last_sent_at) AS last_push,
                       SUM(CASE WHEN l.id IS NOT NULL AND m.id IS NULL
                                 AND NOT EXISTS (SELECT 1 FROM bundle_component b WHERE b.listing_id = l.id)
                                THEN 1 ELSE 0 END) AS unmapped
                  FROM channel_account a JOIN client c ON c.id = a.client_id
                  LEFT JOIN listing l ON l.channel_account_id = a.id
                  LEFT JOIN listing_push p ON p.listing_id = l.id
                  LEFT JOIN listing_mapping m ON m.listing_id = l.id
                 GROUP BY c.code, a.code""");
        Map<String, Map<String, Object>> orders = byKey("""
                SELECT c.code || '/' || a.code AS k, MAX(o.received_at) AS last_import,
                       SUM(CASE WHEN o.status = 'HELD' THEN 1 ELSE 0 END) AS held
                  FROM sales_order o JOIN channel_account a ON a.id = o.channel_account_id JOIN client c ON c.id = a.client_id
                 GROUP BY c.code, a.code""");
        Map<String, Budget> budgets = budgetsShared ? budgets(now) : Map.of();
        Map<String, List<Duration>> latencies = new HashMap<>();
        jdbc.query("""
                SELECT c.code || '/' || a.code, p.target_at, p.last_sent_at
                  FROM listing_push p JOIN channel_account a ON a.id = p.channel_account_id JOIN client c ON c.id = a.client_id
                 WHERE p.last_sent_at >= ? AND p.target_at IS NOT NULL AND p.last_sent_at >= p.target_at""",
                rs -> {
                    latencies.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(Duration.between(rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant()));
                }, Timestamp.from(now.minus(WINDOW)));

        List<AccountOverview> accounts = new ArrayList<>();
        for (ClientConfig client : clients.all()) {
            Instant erpPoll = instant(sources.get(client.id()), "last_good_poll_at");
            for (ChannelAccountConfig account : client.channelAccounts()) {
                String key = client.id() + "/" + account.id();
                Map<String, Object> h = health.get(key);
                Map<String, Object> l = listings.get(key);
                Map<String, Object> o = orders.get(key);
                List<Duration> samples = latencies.getOrDefault(key, List.of());
                Budget budget = budgets.getOrDefault(key, Budget.UNUSED);
                accounts.add(new AccountOverview(client.id(), account.id(), account.type().name(), erpPoll,
                        instant(h, "last_success_at"), instant(l, "last_push"), instant(o, "last_import"),
                        Percentiles.of(samples, 0.5), Percentiles.of(samples, 0.99), samples.size(),
                        properties.syncLatencyTarget(), (int) number(h, "consecutive_failures"),
                        h == null ? null : (String) h.get("last_failure"), instant(h, "last_failure_at"),
                        account.callsPerMinute() == null ? ChannelAccountConfig.DEFAULT_CALLS_PER_MINUTE : account.callsPerMinute(),
                        budgetsShared ? budget.lastMinute() : null, budget.pausedUntil(),
                        account.webhookSecret() != null, instant(h, "last_webhook_at"),
                        account.ordersImported(),
                        number(l, "listings"), number(l, "unmapped"), number(o, "held")));
            }
        }
        return new Snapshot(now, List.copyOf(accounts));
    }

    /** One account's shared budget (decision 0028): calls granted in the last minute, and a 429's pause still running. */
    private record Budget(int lastMinute, Instant pausedUntil) {
        static final Budget UNUSED = new Budget(0, null);
    }

    /** The shared budgets by account ({@code client/account}); their times are epoch microseconds. */
    private Map<String, Budget> budgets(Instant now) {
        long nowMicros = ChronoUnit.MICROS.between(Instant.EPOCH, now);
        Map<String, Budget> budgets = new HashMap<>();
        jdbc.query("""
                SELECT b.account, b.paused_until, SUM(CASE WHEN g.granted_at > ? THEN 1 ELSE 0 END)
                  FROM channel_call_budget b LEFT JOIN channel_call_grant g ON g.account = b.account
                 GROUP BY b.account, b.paused_until""", rs -> {
                    long pausedUntil = rs.getLong(2);
                    budgets.put(rs.getString(1), new Budget(rs.getInt(3),
                            pausedUntil > nowMicros ? Instant.EPOCH.plus(pausedUntil, ChronoUnit.MICROS) : null));
                }, nowMicros - 60_000_000L);
        return budgets;
    }

    private Map<String, Map<String, Object>> byKey(String sql) {
        Map<String, Map<String, Object>> rows = new HashMap<>();
        for (Map<String, Object> row : jdbc.queryForList(sql)) {
            rows.put((String) row.get("k"), row);
        }
        return rows;
    }

    private static Instant instant(Map<String, Object> row, String column) {
        Object value = row == null ? null : row.get(column);
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime t) {
            return t.toInstant();
        }
        return null;
    }

    private static long number(Map<String, Object> row, String column) {
        Object value = row == null ? null : row.get(column);
        return value instanceof Number n ? n.longValue() : 0;
    }
}
