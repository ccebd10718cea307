package dev.kanal.stock;

import dev.kanal.client.config.ChannelAccountConfig;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelStockConnector;
import dev.kanal.connector.ChannelUnavailableException;
import dev.kanal.connector.PushResult;
import dev.kanal.connector.QuantityUpdate;
import dev.kanal.connector.RateLimitedException;
import dev.kanal.ops.health.Failure;
import dev.kanal.ops.health.FailureClassifier;
import dev.kanal.ops.health.HealthRecorder;
import dev.kanal.connector.TlsTrust;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The channel writer of one account: pushes every listing whose target quantity differs from
 * what the channel is known to show, in batches, through the account's connector.
 *
 * <p>Coalescing is in the data, not in messages: a listing changed 50 times holds only its
 * latest target, so it is pushed once with the latest value. One writer per account runs at a
 * time across all Kanal nodes (a lease row). A 429 pauses the account's call budget and the
 * writer carries on when it allows; 5xx and timeouts back off; nothing is dropped: an unpushed
 * target stays pending in the database until it is sent.
 */
public class ChannelStockWriter {

    private static final Logger log = LoggerFactory.getLogger(ChannelStockWriter.class);
    private static final int MAX_UNAVAILABLE_IN_A_ROW = 5;
    /** How long a writer waits for the next answered part of a push before it looks whether the push is over. */
    private static final Duration ANSWER_LOOK = Duration.ofMillis(20);
    /** How often a gathering writer looks whether the calculator is done with the burst. */
    private static final Duration GATHER_LOOK = Duration.ofMillis(25);

    /**
     * A push row is pending while its target differs from what the channel is known to show (the
     * last quantity it accepted, else what it reported at import) and was not refused as such.
     * PostgreSQL's partial index ix_listing_push_pending holds exactly these rows (a query must
     * use this text word for word for the planner to prove it).
     */
    public static final String IS_PENDING = """
            p.target_quantity IS NOT NULL
               AND (COALESCE(p.last_sent_quantity, p.channel_quantity) IS NULL OR COALESCE(p.last_sent_quantity, p.channel_quantity) <> p.target_quantity)
               AND (p.rejected_quantity IS NULL OR p.rejected_quantity <> p.target_quantity)""";

    private static final String PENDING = """
            SELECT p.listing_id, l.channel_listing_id, p.target_quantity, p.target_at, l.channel_sku
              FROM listing_push p JOIN listing l ON l.id = p.listing_id
             WHERE p.channel_account_id = ? AND %s
             ORDER BY p.target_at, p.listing_id
             LIMIT ?
            """.formatted(IS_PENDING);

    /** Pending rows of an account, counted up to a limit: "at least a push's worth?" needs no more. */
    private static final String PENDING_UP_TO = """
            SELECT count(*) FROM (SELECT 1 FROM listing_push p
             WHERE p.channel_account_id = ? AND %s
             FETCH FIRST ? ROWS ONLY) pending
            """.formatted(IS_PENDING);

    private final JdbcTemplate jdbc;
    private final PushStateWrites writes;
    private final ClientRegistry clients;
    private final ChannelAccounts accounts;
    private final WriterGate gate;
    private final MeterRegistry meters;
    private final HealthRecorder health;
    private final Clock clock;
    /** Names this JVM in lease rows; each drain adds its own suffix, so two threads never share a lease. */
    private final String node = "kanal-" + UUID.randomUUID();
    private final Duration maxDrain;
    private final Duration coalesceWindow;
    private final Duration maxGather;
    private final AtomicLong listingsRecorded = new AtomicLong();
    private final AtomicInteger drainsRunning = new AtomicInteger();
    /** Runs pushes, so the writer's own thread records answers while the push's calls are still in flight. */
    private final ExecutorService pushThreads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "stock-push");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param coalesceWindow how long a writer waits after being nudged before it reads pending
     *                       listings, so a burst of changes to one listing becomes one call
     * @param maxGather      how long in all (coalesce window included) a writer keeps waiting
     *                       while a burst's targets are still arriving (see {@link #gatherBurst})
     */
    public ChannelStockWriter(JdbcTemplate jdbc, ClientRegistry clients, ChannelAccounts accounts,
                              WriterGate gate, MeterRegistry meters, HealthRecorder health, Duration maxDrain,
                              Duration coalesceWindow, Duration maxGather) {
        this.jdbc = jdbc;
        this.writes = new PushStateWrites(jdbc);
        this.clients = clients;
        this.accounts = accounts;
        this.gate = gate;
        this.meters = meters;
        this.health = health;
        this.clock = Clock.systemUTC();
        this.maxDrain = maxDrain;
        this.coalesceWindow = coalesceWindow;
        this.maxGather = maxGather;
    }

    /** What one drain did. */
    public record DrainResult(int pushed, int rejected, boolean leaseHeld) {
    }

    /** Pushes every pending listing of the account; returns quickly if another writer holds it. */
    public DrainResult drain(String client, String account) throws InterruptedException {
        drainsRunning.incrementAndGet();
        try {
            return drainAccount(client, account);
        } finally {
            drainsRunning.decrementAndGet();
        }
    }

    private DrainResult drainAccount(String client, String account) throws InterruptedException {
        AccountRef ref = new AccountRef(client, account);
        if (clients.find(client).flatMap(c -> c.account(account)).isEmpty()) {
            // its client file was removed or edited: the listings stay as they are until it is back
            log.warn("Not pushing stock for {}/{}: no client file declares that account", client, account);
            return new DrainResult(0, 0, false);
        }
        if (!accounts.config(ref).live()) {
            // dry-run: the pending targets are the account's preview, pushed once it is live
            log.debug("Not pushing stock for {}/{}: the account is in dry-run", client, account);
            return new DrainResult(0, 0, false);
        }
        long accountId = accounts.id(ref);
        int pushed = 0;
        int rejected = 0;
        boolean ranOnce = false;
        WriterLease lease = new WriterLease(jdbc, clock, accountId, node + "/" + UUID.randomUUID());
        // this nudge is handled (by us, or by the drain holding the lease, which looks for
        // pending listings again after releasing it): a change from now on needs a new nudge
        gate.draining(ref);
        do {
            if (!lease.take()) {
                return new DrainResult(pushed, rejected, ranOnce);
            }
            ranOnce = true;
            try {
                gate.draining(ref);
                // a full push already waiting (a burst's first slice) goes now: waiting would
                // coalesce nothing, a later target of a listing is what the next read finds anyway
                if (!fullPushPending(ref, accountId)) {
                    Thread.sleep(coalesceWindow.toMillis());
                    gatherBurst(ref, accountId);
                }
                int[] counts = pushPending(ref, accountId, lease);
                pushed += counts[0];
                rejected += counts[1];
            } finally {
                lease.release();
            }
            // a target set while we released the lease found it held and was skipped: look again
        } while (hasPending(accountId));
        return new DrainResult(pushed, rejected, true);
    }

    /**
     * A burst of changes reaches the writers a calculator slice at a time. While less than one
     * push's worth is pending ({@link ChannelStockConnector#updatesWorthStarting}) and the
     * calculator still has recalculation requests of this client, wait, up to {@code maxGather}
     * in all: the burst then goes out as a few full bulk writes (one Back Market CSV task,
     * WooCommerce pushes of 2,000) instead of many small ones. A lone change waits only the
     * coalesce window: by then its request is long calculated.
     */
    private void gatherBurst(AccountRef ref, long accountId) throws InterruptedException {
        ChannelStockConnector connector = accounts.connector(ref);
        if (connector == null || coalesceWindow.isZero() || coalesceWindow.isNegative()) {
            return;
        }
        int full = worthStarting(connector);
        Instant until = clock.instant().plus(maxGather).minus(coalesceWindow); // the first window has passed
        for (int look = 0; clock.instant().isBefore(until); look++) {
            if (!recalculating(ref.client())) {
                return;
            }
            // the count reads up to a push's worth of pending rows: every fourth look is often enough
            if (look % 4 == 0 && pendingUpTo(accountId, full) >= full) {
                return;
            }
            Thread.sleep(GATHER_LOOK.toMillis());
        }
    }

    /** Whether a push worth starting at once is pending. */
    private boolean fullPushPending(AccountRef ref, long accountId) {
        ChannelStockConnector connector = accounts.connector(ref);
        if (connector == null) {
            return false;
        }
        int full = worthStarting(connector);
        return pendingUpTo(accountId, full) >= full;
    }

    private static int worthStarting(ChannelStockConnector connector) {
        return Math.max(1, connector.updatesWorthStarting());
    }

    private int pendingUpTo(long accountId, int limit) {
        Integer count = jdbc.queryForObject(PENDING_UP_TO, Integer.class, accountId, limit);
        return count == null ? 0 : count;
    }

    /** Whether a drain is running on this node now. */
    public boolean draining() {
        return drainsRunning.get() > 0;
    }

    /** Listings whose pushed quantity this writer has recorded since it started (each a rewritten push row). */
    public long listingsRecorded() {
        return listingsRecorded.get();
    }

    /** Whether the calculator still has recalculation requests of the client (the first row found ends the scan). */
    private boolean recalculating(String client) {
        return !jdbc.queryForList("SELECT id FROM stock_recalculation WHERE client_code = ? FETCH FIRST 1 ROWS ONLY", Long.class,
                client).isEmpty();
    }

    /** Accounts with listings waiting to be pushed (the periodic sweep nudges them). */
    public List<AccountRef> accountsWithPendingPushes() {
        return jdbc.query("""
                SELECT DISTINCT c.code, a.code FROM listing_push p
                  JOIN channel_account a ON a.id = p.channel_account_id JOIN client c ON c.id = a.client_id
                 WHERE a.active AND %s
                """.formatted(IS_PENDING), (rs, n) -> new AccountRef(rs.getString(1), rs.getString(2))).stream()
                .filter(ref -> clients.find(ref.client()).flatMap(c -> c.account(ref.account()))
                        .filter(ChannelAccountConfig::live).isPresent())
                .toList();
    }

    private int[] pushPending(AccountRef ref, long accountId, WriterLease lease) throws InterruptedException {
        ChannelAccountConfig config = accounts.config(ref);
        ChannelStockConnector connector = accounts.connector(ref);
        if (connector == null) {
            log.warn("No stock connector for channel type {} (account {}): targets stay pending", config.type(), ref);
            return new int[] {0, 0};
        }
        ChannelConnection connection = accounts.connection(ref);
        Timer latency = Timer.builder("kanal.stock.push.latency")
                .description("From a listing's target quantity changing to the channel accepting it")
                .tag("channel", config.type().name()).publishPercentiles(0.5, 0.99)
                .register(meters);
        Instant deadline = clock.instant().plus(maxDrain);
        int pushed = 0;
        int rejected = 0;
        int unavailableInARow = 0;
        // as many as the connector's bulk write takes at once: a Back Market drain of 10,000
        // listings is one CSV task, not 100 pushes of 100
        int batchSize = Math.max(1, connector.maxUpdatesPerPush());
        while (clock.instant().isBefore(deadline)) {
            long started = System.nanoTime();
            List<Pending> batch = jdbc.query(PENDING, (rs, n) -> new Pending(rs.getLong(1), rs.getString(2), rs.getInt(3),
                    rs.getTimestamp(4).toInstant(), rs.getString(5)), accountId, batchSize);
            if (batch.isEmpty()) {
                break;
            }
            lease.extend();
            List<QuantityUpdate> updates = batch.stream().map(p -> new QuantityUpdate(p.channelListingId(), p.quantity(), p.channelSku())).toList();
            Map<String, Pending> byListing = new HashMap<>();
            batch.forEach(p -> byListing.put(p.channelListingId(), p));
            // the push runs on a thread of its own and hands over each part as the channel answers
            // it (a WooCommerce batch call while the push's other calls are in flight); this thread
            // records what has arrived, several parts to a statement, so no call waits for the
            // database. A failure leaves the unanswered rest pending.
            int[] booked = new int[2];
            try {
                pushAndRecord(connector, connection, updates, lease::keep, parts -> {
                    int[] counts = record(parts, byListing, latency, ref, config.type().name());
                    booked[0] += counts[0];
                    booked[1] += counts[1];
                });
                unavailableInARow = 0;
                health.channelSucceeded(ref.client(), ref.account());
            } catch (RateLimitedException e) {
                // the connector paused the account's budget: the next call waits as the channel asked
                log.info("Channel {} rate-limited account {}; waiting {} and keeping the unsent updates", config.type(), ref,
                        e.retryAfter());
                continue;
            } catch (ChannelUnavailableException e) {
                pushFailed(ref, config, accountId, e);
                unavailableInARow++;
                if (unavailableInARow >= MAX_UNAVAILABLE_IN_A_ROW) {
                    throw e; // the hop is redelivered later; the targets stay pending
                }
                Duration backOff = Duration.ofMillis(Math.min(30_000, 500L << unavailableInARow));
                log.warn("Channel {} unavailable for account {} ({}); retrying in {}", config.type(), ref, e.getMessage(), backOff);
                Thread.sleep(backOff.toMillis());
                continue;
            } catch (RuntimeException e) {
                pushFailed(ref, config, accountId, e);
                throw e;
            } finally {
                pushed += booked[0];
                rejected += booked[1];
            }
            if (log.isDebugEnabled()) {
                log.debug("Pushed {} listings of {} in {} ms, each part recorded as it was answered", batch.size(), ref,
                        (System.nanoTime() - started) / 1_000_000);
            }
        }
        return new int[] {pushed, rejected};
    }

    /**
     * Runs one push on a push thread and hands what the channel answered to {@code record} on
     * this thread as it arrives, all parts waiting at that moment together. Returns when the push
     * is over and everything it answered is recorded; rethrows the push's failure.
     */
    private void pushAndRecord(ChannelStockConnector connector, ChannelConnection connection, List<QuantityUpdate> updates,
                               Runnable keepLease, Consumer<List<PushResult>> record) throws InterruptedException {
        BlockingQueue<List<PushResult>> answered = new LinkedBlockingQueue<>();
        Future<?> push = pushThreads.submit(() -> connector.pushQuantities(connection, updates, answered::add));
        try {
            while (true) {
                keepLease.run();
                List<PushResult> part = answered.poll(ANSWER_LOOK.toMillis(), TimeUnit.MILLISECONDS);
                if (part == null) {
                    if (push.isDone() && answered.isEmpty()) {
                        break;
                    }
                    continue;
                }
                List<List<PushResult>> parts = new ArrayList<>();
                parts.add(part);
                answered.drainTo(parts);
                record.accept(parts.stream().flatMap(List::stream).toList());
            }
            push.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException("Push failed", e.getCause());
        } catch (InterruptedException e) {
            push.cancel(true);
            throw e;
        }
    }

    /** Stores the channel's answers: accepted quantities become the last sent; refused ones are kept with the reason. */
    private int[] record(List<PushResult> results, Map<String, Pending> byListing, Timer latency, AccountRef ref, String channel) {
        int pushed = 0;
        int rejected = 0;
        Instant now = clock.instant();
        List<PushStateWrites.Sent> sent = new java.util.ArrayList<>();
        for (PushResult result : results) {
            Pending p = byListing.get(result.channelListingId());
            if (p == null) {
                continue;
            }
            if (result.accepted()) {
                sent.add(new PushStateWrites.Sent(p.id(), result.quantity(), result.calledAt() != null ? result.calledAt() : now));
                latency.record(Duration.between(p.targetAt(), now));
                pushed++;
                listingsRecorded.incrementAndGet();
            } else {
                jdbc.update("UPDATE listing_push SET rejected_quantity = ?, push_error = ? WHERE listing_id = ?",
                        result.quantity(), truncate(result.error()), p.id());
                log.warn("Channel {} refused quantity {} for listing {} of {}: {}", channel, result.quantity(),
                        result.channelListingId(), ref, result.error());
                rejected++;
            }
        }
        writes.recordSent(sent, now);
        return new int[] {pushed, rejected};
    }

    /**
     * A push the channel did not answer: health records it, and when the credentials were refused
     * or the certificate is not trusted, every listing of the account still waiting to be pushed
     * says so in its push error (what an operator looking at a listing sees). Those listings stay
     * pending: the next push after the account is fixed sends them, and clears the error.
     */
    private void pushFailed(AccountRef ref, ChannelAccountConfig config, long accountId, RuntimeException e) {
        Failure failure = FailureClassifier.classify(e, config.baseUrl());
        health.channelFailed(ref.client(), ref.account(), failure);
        if (failure.kind().needsConfiguration()) {
            String error = truncate(failure.message());
            int marked = jdbc.update("UPDATE listing_push p SET push_error = ? WHERE p.channel_account_id = ? AND "
                    + IS_PENDING + " AND (p.push_error IS NULL OR p.push_error <> ?)", error, accountId, error);
            log.warn("Channel {} account {}: {} ({} waiting listings marked)", config.type(), ref, failure.message(), marked);
        }
    }

    static ChannelConnection connection(AccountRef ref, ChannelAccountConfig config, TlsTrust trust) {
        return new ChannelConnection(ref.client() + "/" + ref.account(), URI.create(config.baseUrl()),
                config.credentials(), config.settings(), config.callsPerMinute(), trust);
    }

    private boolean hasPending(long accountId) {
        return !jdbc.query(PENDING, (rs, n) -> rs.getLong(1), accountId, 1).isEmpty();
    }


    private static String truncate(String error) {
        return error == null ? null : error.length() <= 500 ? error : error.substring(0, 500);
    }

    private record Pending(long id, String channelListingId, int quantity, Instant targetAt, String channelSku) {
    }
}
