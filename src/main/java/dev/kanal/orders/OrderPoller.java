package dev.kanal.orders;

import dev.kanal.client.config.ChannelAccountConfig;
import dev.kanal.connector.ChannelConnector;
import dev.kanal.connector.ChannelConnectors;
import dev.kanal.connector.ChannelOrderSource.RawOrder;
import dev.kanal.connector.ChannelOrderSource;
import dev.kanal.connector.IncompletePoll;
import dev.kanal.ops.health.FailureClassifier;
import dev.kanal.ops.health.HealthRecorder;
import dev.kanal.stock.AccountRef;
import dev.kanal.stock.ChannelAccounts;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One order poll of one channel account: the orders the channel changed since the account's
 * cursor, raw. The cursor is the newest channel modification time seen, stored per account;
 * each poll asks from {@code overlap} before it, because a change stamped just before the cursor
 * may become visible only after the last poll read (re-reading is harmless: import is idempotent).
 * The first poll of an account looks back {@code firstLookback}.
 *
 * <p>The route advances the cursor ({@link #advance}) only after every polled order is on the
 * received queue, so a failed send re-reads them next time instead of losing them.
 */
public class OrderPoller {

    private static final Logger log = LoggerFactory.getLogger(OrderPoller.class);

    /** What one poll read, and where the cursor goes once it is all queued. */
    public record Polled(String client, String account, List<RawOrder> orders, Instant cursor) {

        public int count() {
            return orders.size();
        }
    }

    private final JdbcTemplate jdbc;
    private final ChannelAccounts accounts;
    private final ChannelConnectors connectors;
    private final Duration overlap;
    private final Duration firstLookback;
    private final HealthRecorder health;
    /** The last failure logged per account, so a channel that stays down is not logged every poll. */
    private final Map<String, String> lastFailure = new ConcurrentHashMap<>();

    public OrderPoller(JdbcTemplate jdbc, ChannelAccounts accounts, ChannelConnectors connectors, Duration overlap,
                       Duration firstLookback, HealthRecorder health) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.connectors = connectors;
        this.overlap = overlap;
        this.firstLookback = firstLookback;
        this.health = health;
    }

    /**
     * The account's changed orders. A channel that refuses or fails is logged (once until it
     * changes) and polled again next time; nothing is lost because the cursor stays.
     */
    public Polled poll(String client, String account) {
        AccountRef ref = new AccountRef(client, account);
        ChannelAccountConfig config = accounts.config(ref);
        ChannelOrderSource source = connectors.capability(config.type(), ChannelConnector::orderSource).orElse(null);
        if (!config.ordersImported() || source == null) {
            return new Polled(client, account, List.of(), null);
        }
        Instant cursor = cursor(accounts.id(ref));
        Instant since = cursor == null ? Instant.now().minus(firstLookback) : cursor.minus(overlap);
        List<RawOrder> orders;
        Instant started = Instant.now();
        try {
            orders = source.changedSince(accounts.connection(ref), since);
        } catch (RuntimeException e) {
            health.channelFailed(client, account, FailureClassifier.classify(e, config.baseUrl()));
            String message = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (!message.equals(lastFailure.put(client + "/" + account, message))) {
                log.warn("Order poll of {}/{} failed; polling again next time: {}", client, account, message);
            }
            return new Polled(client, account, List.of(), null);
        }
        health.channelSucceeded(client, account);
        if (lastFailure.remove(client + "/" + account) != null) {
            log.info("Order poll of {}/{} works again", client, account);
        }
        if (orders instanceof IncompletePoll) {
            // pages were left unread: their orders may be older than the newest read, so the cursor stays
            return new Polled(client, account, orders, cursor);
        }
        Instant newest = orders.stream().map(RawOrder::modifiedAt).filter(Objects::nonNull).max(Instant::compareTo).orElse(null);
        return new Polled(client, account, orders, nextCursor(cursor, newest, started));
    }

    /**
     * Where the cursor goes after a complete poll: the newest modification seen, but never past
     * the moment the poll began, and never back. A channel pages its changed orders by offset
     * over a set that grows while Kanal reads it: an order changed during the poll can land on a
     * page already read and be missed, while one changed later in the poll is seen and would move
     * the cursor past it. Every order such paging can miss was changed after the poll began, so
     * the next poll (from there, less the overlap) reads it.
     */
    static Instant nextCursor(Instant cursor, Instant newestSeen, Instant pollStarted) {
        if (newestSeen == null) {
            return cursor;
        }
        Instant next = newestSeen.isAfter(pollStarted) ? pollStarted : newestSeen;
        return cursor != null && cursor.isAfter(next) ? cursor : next;
    }

    /** Moves the account's cursor forward (never back) once the polled orders are queued. */
    public void advance(Polled polled) {
        if (polled.cursor() == null) {
            return;
        }
        long accountId = accounts.id(new AccountRef(polled.client(), polled.account()));
        Timestamp at = Timestamp.from(polled.cursor());
        Timestamp now = Timestamp.from(Instant.now());
        int updated = jdbc.update("UPDATE order_import_cursor SET modified_since = ?, updated_at = ? "
                + "WHERE channel_account_id = ? AND modified_since < ?", at, now, accountId, at);
        if (updated == 0) {
            jdbc.update("INSERT INTO order_import_cursor (channel_account_id, modified_since, updated_at) VALUES (?, ?, ?) "
                    + "ON CONFLICT DO NOTHING", accountId, at, now);
        }
    }

    private Instant cursor(long accountId) {
        List<Timestamp> at = jdbc.queryForList("SELECT modified_since FROM order_import_cursor WHERE channel_account_id = ?",
                Timestamp.class, accountId);
        return at.isEmpty() ? null : at.get(0).toInstant();
    }
}
