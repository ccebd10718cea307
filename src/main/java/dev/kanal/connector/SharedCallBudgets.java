package dev.kanal.connector;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import javax.sql.DataSource;

/**
 * Call budgets kept in the database every Kanal node uses (tables {@code channel_call_budget}
 * and {@code channel_call_grant}, docs/decisions/0028), so N nodes together never make more than
 * an account's {@code callsPerMinute} calls in any rolling minute, and a 429 one node got pauses
 * all of them.
 *
 * <p>The rules are {@link CallBudget}'s: per account a ring of the last {@code callsPerMinute}
 * grant times; a call may go when the oldest is a minute old and no pause holds. Taking a call is
 * one short transaction on the account's row ({@code SELECT ... FOR UPDATE}, read the oldest
 * slot, write the new grant time): about a millisecond on a local PostgreSQL. Within a node, the
 * callers of one account queue on a lock first, so a node holds at most one database connection
 * per account for its budget; a caller that must wait sleeps without a connection or a lock.
 *
 * <p>Time is the database's clock on PostgreSQL ({@code clock_timestamp()}, read after the row
 * lock), so the nodes' clocks need not agree; on other databases (the demo's H2 file database,
 * which one JVM opens) it is this JVM's clock.
 */
public final class SharedCallBudgets implements CallBudgets {

    static final long MINUTE = TimeUnit.MINUTES.toMicros(1);
    private static final String POSTGRES_NOW = "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000000 AS BIGINT)";

    private final DataSource database;
    private final boolean postgres;
    /** Epoch microseconds when not the database's clock (tests, H2); null: PostgreSQL's clock_timestamp(). */
    private final LongSupplier clock;
    private final Map<String, Budget> budgets = new ConcurrentHashMap<>();

    /** Budgets on {@code database}, timed by PostgreSQL's clock (by this JVM's on other databases). */
    public SharedCallBudgets(DataSource database) {
        this(database, isPostgres(database) ? null : SharedCallBudgets::jvmMicros);
    }

    /** @param microClock epoch microseconds; every instance on one database must read the same clock */
    SharedCallBudgets(DataSource database, LongSupplier microClock) {
        this.database = database;
        this.postgres = isPostgres(database);
        this.clock = microClock;
    }

    @Override
    public AccountCallBudget of(String account, int callsPerMinute, BurstLimit burst) {
        if (callsPerMinute < 1) {
            throw new IllegalArgumentException("callsPerMinute must be at least 1");
        }
        int burstCalls = burst.binds(callsPerMinute) ? burst.calls() : 0;
        long burstWindow = burstCalls == 0 ? 0 : burst.window().toNanos() / 1_000;
        return budgets.compute(account, (name, current) ->
                current != null && current.callsPerMinute == callsPerMinute && current.burstCalls == burstCalls
                        && current.burstWindow == burstWindow ? current : new Budget(name, callsPerMinute, burstCalls, burstWindow));
    }

    private static boolean isPostgres(DataSource database) {
        try (Connection connection = database.getConnection()) {
            return "PostgreSQL".equalsIgnoreCase(connection.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot tell which database keeps the call budgets", e);
        }
    }

    private static long jvmMicros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }

    /** One account's budget as this node sees it; the state is in the database. */
    private final class Budget implements AccountCallBudget {

        private final String account;
        private final int callsPerMinute;
        /** Calls allowed in any {@code burstWindow} microseconds; 0 when the minute is the only limit. */
        private final int burstCalls;
        private final long burstWindow;

        private Budget(String account, int callsPerMinute, int burstCalls, long burstWindow) {
            this.account = account;
            this.callsPerMinute = callsPerMinute;
            this.burstCalls = burstCalls;
            this.burstWindow = burstWindow;
        }

        @Override
        public void acquire() throws InterruptedException {
            while (true) {
                long waitMicros = reserveOrWait();
                if (waitMicros == 0) {
                    return;
                }
                TimeUnit.MICROSECONDS.sleep(Math.max(waitMicros, 1_000));
            }
        }

        @Override
        public boolean tryAcquire() {
            return reserveOrWait() == 0;
        }

        @Override
        public synchronized void pause(Duration retryAfter) {
            inTransaction(connection -> {
                long[] state = lock(connection);
                int nextSlot = (int) state[0];
                long pausedUntil = Math.max(state[1], now(connection) + retryAfter.toNanos() / 1_000);
                update(connection, "UPDATE channel_call_budget SET paused_until = ? WHERE account = ?", pausedUntil, account);
                // the budget counts as spent at the steady rate up to pausedUntil, keeping any later real
                // grant: slot of rank r (0 = oldest) gets at least pausedUntil - 1 min + (r + 1) * step
                long step = MINUTE / callsPerMinute;
                update(connection, "UPDATE channel_call_grant SET granted_at = GREATEST(granted_at, ? + MOD(slot - ? + ?, ?) * ?)"
                        + " WHERE account = ?", pausedUntil - MINUTE + step, nextSlot, callsPerMinute, callsPerMinute, step, account);
                return 0L;
            });
        }

        /** Microseconds to wait, or 0 when a call was taken. */
        private synchronized long reserveOrWait() {
            return inTransaction(connection -> {
                long[] state = lock(connection);
                int nextSlot = (int) state[0];
                // the oldest grant, and (with a burst limit) the one burstCalls grants ago: the newest is nextSlot - 1
                int burstSlot = burstCalls == 0 ? nextSlot : (nextSlot + callsPerMinute - burstCalls) % callsPerMinute;
                long oldest = -1;
                long burstGrant = Long.MIN_VALUE;
                long now = 0;
                try (PreparedStatement select = connection.prepareStatement("SELECT slot, granted_at"
                        + (clock == null ? ", " + POSTGRES_NOW : "") + " FROM channel_call_grant WHERE account = ? AND slot IN (?, ?)")) {
                    select.setString(1, account);
                    select.setInt(2, nextSlot);
                    select.setInt(3, burstSlot);
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            if (rows.getInt(1) == nextSlot) {
                                oldest = rows.getLong(2);
                            }
                            if (burstCalls > 0 && rows.getInt(1) == burstSlot) {
                                burstGrant = rows.getLong(2);
                            }
                            now = clock == null ? rows.getLong(3) : clock.getAsLong();
                        }
                    }
                }
                if (oldest < 0) {
                    throw new SQLException("call budget of " + account + " has no slot " + nextSlot);
                }
                long freeAt = Math.max(state[1], oldest + MINUTE);
                if (burstCalls > 0) {
                    freeAt = Math.max(freeAt, burstGrant + burstWindow);
                }
                if (now < freeAt) {
                    return freeAt - now;
                }
                update(connection, "UPDATE channel_call_grant SET granted_at = ? WHERE account = ? AND slot = ?", now, account, nextSlot);
                update(connection, "UPDATE channel_call_budget SET next_slot = ? WHERE account = ?",
                        (nextSlot + 1) % callsPerMinute, account);
                return 0L;
            });
        }

        /**
         * Locks the account's row and answers {next_slot, paused_until}; makes the row (the whole
         * budget free) on first use, and resizes the ring when calls-per-minute changed.
         */
        private long[] lock(Connection connection) throws SQLException {
            long[] state = selectForUpdate(connection);
            if (state == null) {
                update(connection, "INSERT INTO channel_call_budget (account, calls_per_minute, next_slot, paused_until)"
                        + " VALUES (?, ?, 0, 0) ON CONFLICT DO NOTHING", account, callsPerMinute);
                state = selectForUpdate(connection);
                if (state[2] == callsPerMinute && countSlots(connection) == 0) {
                    writeRing(connection, new long[callsPerMinute]);
                }
            }
            if (state[2] != callsPerMinute) {
                resize(connection, (int) state[0], (int) state[2]);
                state = selectForUpdate(connection);
            }
            return state;
        }

        private long[] selectForUpdate(Connection connection) throws SQLException {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT next_slot, paused_until, calls_per_minute FROM channel_call_budget WHERE account = ? FOR UPDATE")) {
                select.setString(1, account);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? new long[] {row.getInt(1), row.getLong(2), row.getInt(3)} : null;
                }
            }
        }

        private int countSlots(Connection connection) throws SQLException {
            try (PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM channel_call_grant WHERE account = ?")) {
                count.setString(1, account);
                try (ResultSet row = count.executeQuery()) {
                    row.next();
                    return row.getInt(1);
                }
            }
        }

        /**
         * Keeps the newest grants that fit the new size. Slots a larger ring adds count as taken
         * when the oldest kept grant was: grants a smaller ring dropped earlier are older still, so
         * a raised budget takes effect within a minute and is never exceeded meanwhile.
         */
        private void resize(Connection connection, int nextSlot, int oldSize) throws SQLException {
            List<Long> byAge = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT granted_at FROM channel_call_grant WHERE account = ? ORDER BY MOD(slot - ? + ?, ?)")) {
                select.setString(1, account);
                select.setInt(2, nextSlot);
                select.setInt(3, oldSize);
                select.setInt(4, oldSize);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        byAge.add(rows.getLong(1));
                    }
                }
            }
            long[] ring = new long[callsPerMinute];
            int kept = Math.min(byAge.size(), callsPerMinute);
            for (int i = 0; i < kept; i++) {
                ring[callsPerMinute - kept + i] = byAge.get(byAge.size() - kept + i);
            }
            for (int i = 0; i < callsPerMinute - kept && kept > 0; i++) {
                ring[i] = ring[callsPerMinute - kept];
            }
            update(connection, "DELETE FROM channel_call_grant WHERE account = ?", account);
            update(connection, "UPDATE channel_call_budget SET calls_per_minute = ?, next_slot = 0 WHERE account = ?",
                    callsPerMinute, account);
            writeRing(connection, ring);
        }

        private void writeRing(Connection connection, long[] grants) throws SQLException {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO channel_call_grant (account, slot, granted_at) VALUES (?, ?, ?)")) {
                for (int slot = 0; slot < grants.length; slot++) {
                    insert.setString(1, account);
                    insert.setInt(2, slot);
                    insert.setLong(3, grants[slot]);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }

        private long now(Connection connection) throws SQLException {
            if (clock != null) {
                return clock.getAsLong();
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT " + POSTGRES_NOW);
                 ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }

        private long inTransaction(Work work) {
            try (Connection connection = database.getConnection()) {
                boolean autoCommit = connection.getAutoCommit();
                connection.setAutoCommit(false);
                try {
                    if (postgres) {
                        // no WAL flush wait at commit: a database crash could lose the last grants
                        // (the channel would see a few calls more in that minute), a flush per call
                        // would cost milliseconds each (docs/decisions/0028)
                        try (Statement local = connection.createStatement()) {
                            local.execute("SET LOCAL synchronous_commit = off");
                        }
                    }
                    long result = work.run(connection);
                    connection.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                } finally {
                    connection.setAutoCommit(autoCommit);
                }
            } catch (SQLException e) {
                throw new ChannelUnavailableException("The call budget of " + account + " cannot be read from the database: "
                        + e.getMessage(), e);
            }
        }
    }

    @FunctionalInterface
    private interface Work {
        long run(Connection connection) throws SQLException;
    }

    private static void update(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }
}
