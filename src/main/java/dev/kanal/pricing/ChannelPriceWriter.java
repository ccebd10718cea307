package dev.kanal.pricing;

import dev.kanal.client.config.ChannelAccountConfig;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelPriceConnector;
import dev.kanal.connector.ChannelUnavailableException;
import dev.kanal.connector.PriceResult;
import dev.kanal.connector.PriceUpdate;
import dev.kanal.connector.PricesWithheldException;
import dev.kanal.connector.RateLimitedException;
import dev.kanal.stock.AccountRef;
import dev.kanal.stock.ChannelAccounts;
import dev.kanal.stock.WriterLease;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The price writer of one account: pushes every listing whose target price differs from what
 * the channel is known to show, a page at a time, through the account's connector, within the
 * account's call budget (the same budget as its quantity pushes: the connection is the same).
 * It works as the stock writer does, on the same pieces: targets coalesced in the data
 * ({@code listing_price}), a lease per account across nodes ({@link WriterLease}, the price
 * writer's own columns), a 429 waits on the budget, 5xx backs off, a refusal is recorded and not
 * retried for that same price, nothing is dropped. Held prices (under the floor) are never read.
 * Prices the connector withholds because the account is not set up to take them (decision 0050)
 * keep the reason on every pending price of the account, stay pending and end the drain: the
 * sweep offers them again, and they go out once the account is fixed.
 */
public class ChannelPriceWriter {

    private static final Logger log = LoggerFactory.getLogger(ChannelPriceWriter.class);
    private static final int MAX_UNAVAILABLE_IN_A_ROW = 5;

    /**
     * A price row is pending while its target is not held and differs from what the channel is
     * known to show and was not refused as such. The partial index ix_listing_price_pending holds
     * exactly these rows (the text must match it word for word).
     */
    static final String IS_PENDING = """
            p.target_price IS NOT NULL AND NOT p.held
               AND (COALESCE(p.last_sent_price, p.channel_price) IS NULL OR COALESCE(p.last_sent_price, p.channel_price) <> p.target_price)
               AND (p.rejected_price IS NULL OR p.rejected_price <> p.target_price)""";

    private static final String PENDING = """
            SELECT p.listing_id, l.channel_listing_id, p.target_price, p.currency FROM listing_price p
              JOIN listing l ON l.id = p.listing_id
             WHERE p.channel_account_id = ? AND %s
             ORDER BY p.target_at, p.listing_id
             LIMIT ?""".formatted(IS_PENDING);

    private final JdbcTemplate jdbc;
    private final ClientRegistry clients;
    private final ChannelAccounts accounts;
    private final Clock clock = Clock.systemUTC();
    private final String node = "kanal-" + UUID.randomUUID();
    private final Duration maxDrain;

    public ChannelPriceWriter(JdbcTemplate jdbc, ClientRegistry clients, ChannelAccounts accounts, Duration maxDrain) {
        this.jdbc = jdbc;
        this.clients = clients;
        this.accounts = accounts;
        this.maxDrain = maxDrain;
    }

    /**
     * Why the pending prices of an account wait, on each of them (push_error without a refused
     * price: the breakdown's {@code withheld}); they stay pending.
     */
    private static final String WITHHOLD = """
            UPDATE listing_price p SET push_error = ?, rejected_price = NULL
             WHERE p.channel_account_id = ? AND %s""".formatted(IS_PENDING);

    /** What one drain did. */
    public record DrainResult(int pushed, int rejected, boolean leaseHeld) {
    }

    /** Pushes every pending price of the account; returns at once if another writer holds it. */
    public DrainResult drain(String client, String account) throws InterruptedException {
        AccountRef ref = new AccountRef(client, account);
        ChannelAccountConfig config = clients.find(client).flatMap(c -> c.account(account)).orElse(null);
        if (config == null || !config.live() || !config.pricesPushed()) {
            // no file, dry-run, or no price rule (any more): the targets stay as they are
            return new DrainResult(0, 0, false);
        }
        ChannelPriceConnector connector = connector(ref);
        if (connector == null) {
            log.warn("Channel type {} takes no prices from Kanal (account {}): price targets stay pending", config.type(), ref);
            return new DrainResult(0, 0, false);
        }
        long accountId = accounts.id(ref);
        WriterLease lease = new WriterLease(jdbc, clock, accountId, node + "/" + UUID.randomUUID(), WriterLease.Kind.PRICE);
        int[] counts = {0, 0, 0};
        // a target set while the lease was held by the last round was skipped by its nudge: one more round
        // (not after the connector withheld the account's prices: that waits for the sweep)
        for (int round = 0; round < 2 && (round == 0 || (counts[2] == 0 && hasPending(accountId))); round++) {
            if (!lease.take()) {
                return new DrainResult(counts[0], counts[1], round > 0);
            }
            try {
                int[] pushed = pushPending(ref, accountId, connector, lease);
                counts[0] += pushed[0];
                counts[1] += pushed[1];
                counts[2] += pushed[2];
            } finally {
                lease.release();
            }
        }
        return new DrainResult(counts[0], counts[1], true);
    }

    private boolean hasPending(long accountId) {
        return !jdbc.query(PENDING, (rs, n) -> rs.getLong(1), accountId, 1).isEmpty();
    }

    /** The account's connector when it takes prices, else null. */
    ChannelPriceConnector connector(AccountRef ref) {
        return accounts.connector(ref) instanceof ChannelPriceConnector prices ? prices : null;
    }

    /** Accounts with prices waiting to be pushed (the periodic sweep nudges them). */
    public List<AccountRef> accountsWithPendingPrices() {
        return jdbc.query("""
                SELECT DISTINCT c.code, a.code FROM listing_price p
                  JOIN channel_account a ON a.id = p.channel_account_id JOIN client c ON c.id = a.client_id
                 WHERE a.active AND %s""".formatted(IS_PENDING),
                        (rs, n) -> new AccountRef(rs.getString(1), rs.getString(2))).stream()
                .filter(ref -> clients.find(ref.client()).flatMap(c -> c.account(ref.account()))
                        .filter(a -> a.live() && a.pricesPushed()).isPresent())
                .toList();
    }

    private int[] pushPending(AccountRef ref, long accountId, ChannelPriceConnector connector, WriterLease lease)
            throws InterruptedException {
        ChannelConnection connection = accounts.connection(ref);
        Instant deadline = clock.instant().plus(maxDrain);
        int[] counts = {0, 0, 0};
        int unavailableInARow = 0;
        int page = Math.max(1, connector.maxPricesPerPush());
        while (clock.instant().isBefore(deadline)) {
            List<Object[]> batch = jdbc.query(PENDING, (rs, n) -> new Object[] {rs.getLong(1), rs.getString(2),
                    rs.getBigDecimal(3), rs.getString(4)}, accountId, page);
            if (batch.isEmpty()) {
                break;
            }
            lease.extend();
            Map<String, Long> byListing = new HashMap<>();
            List<PriceUpdate> updates = new ArrayList<>(batch.size());
            for (Object[] row : batch) {
                byListing.put((String) row[1], (Long) row[0]);
                updates.add(new PriceUpdate((String) row[1], (BigDecimal) row[2], (String) row[3]));
            }
            try {
                connector.pushPrices(connection, updates, results -> {
                    lease.keep();
                    record(results, byListing, ref, counts);
                });
                unavailableInARow = 0;
            } catch (PricesWithheldException e) {
                // nothing was sent: the reason goes on every pending price, which stay pending for the sweep
                int waiting = jdbc.update(WITHHOLD, truncate(e.getMessage()), accountId);
                log.warn("Prices of {} withheld ({} waiting): {}", ref, waiting, e.getMessage());
                counts[2] = 1;
                break;
            } catch (RateLimitedException e) {
                // the connector paused the account's budget: the next call waits as the channel asked
                log.info("Rate-limited pushing prices to {}; waiting {} and keeping the unsent prices", ref, e.retryAfter());
            } catch (ChannelUnavailableException e) {
                unavailableInARow++;
                if (unavailableInARow >= MAX_UNAVAILABLE_IN_A_ROW) {
                    throw e; // the hop is redelivered later; the targets stay pending
                }
                Duration backOff = Duration.ofMillis(Math.min(30_000, 500L << unavailableInARow));
                log.warn("Channel unavailable pushing prices to {} ({}); retrying in {}", ref, e.getMessage(), backOff);
                Thread.sleep(backOff.toMillis());
            }
        }
        return counts;
    }

    /** Accepted prices become what the channel shows; refused ones are kept with the reason and not sent again as such. */
    private void record(List<PriceResult> results, Map<String, Long> byListing, AccountRef ref, int[] counts) {
        Timestamp now = Timestamp.from(clock.instant());
        List<Object[]> sent = new ArrayList<>();
        List<Object[]> refused = new ArrayList<>();
        for (PriceResult result : results) {
            Long listing = byListing.get(result.channelListingId());
            if (listing == null) {
                continue;
            }
            if (result.accepted()) {
                sent.add(new Object[] {result.price(), now, result.price(), listing});
                counts[0]++;
            } else {
                refused.add(new Object[] {result.price(), truncate(result.error()), listing});
                log.warn("Channel refused price {} for listing {} of {}: {}", result.price(), result.channelListingId(), ref,
                        result.error());
                counts[1]++;
            }
        }
        if (!sent.isEmpty()) {
            jdbc.batchUpdate("""
                    UPDATE listing_price SET last_sent_price = ?, last_sent_at = ?, channel_price = ?, rejected_price = NULL,
                           push_error = NULL WHERE listing_id = ?""", sent);
        }
        if (!refused.isEmpty()) {
            jdbc.batchUpdate("UPDATE listing_price SET rejected_price = ?, push_error = ? WHERE listing_id = ?", refused);
        }
    }

    private static String truncate(String error) {
        return error == null ? null : error.length() <= 500 ? error : error.substring(0, 500);
    }
}
