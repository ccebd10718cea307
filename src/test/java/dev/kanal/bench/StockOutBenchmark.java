package dev.kanal.bench;

import dev.kanal.demo.DemoConfiguration;
import dev.kanal.TestEnvironment;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.connector.subiekt.SourceDataSources;
import dev.kanal.connector.subiekt.SourceStockRow;
import dev.kanal.connector.subiekt.SubiektStockReader;
import dev.kanal.inventory.SourceStockSync;
import dev.kanal.sandbox.subiekt.SubiektSandboxDatabase;
import dev.kanal.stock.ChannelStockWriter;
import dev.kanal.sandbox.subiekt.SubiektSandboxDatabase.StockRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.TriggerKey;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Flow 1 (stock out) at catalogue scale, on the whole application as it runs in production:
 * real PostgreSQL, the embedded Artemis broker with its journal on disk, the routes from
 * routes/, and the channel sandboxes over HTTP. Not a test: it measures and prints, and fails
 * only when the channels are not right within the time limit. Run it with
 * {@code ./mvnw -B test -Pbenchmark -Dtest=StockOutBenchmark} (docs/performance.md).
 *
 * <p>Steps: load N SKUs into the sandbox ERP and N listings on Back Market, WooCommerce, Walmart and BaseLinker with
 * the quantity Kanal will calculate (in sync, nothing to push); let the first poll store them
 * and import the listings; a warm-up round on other SKUs; then, in each measured round, change M
 * SKUs in the ERP in one transaction and time until every changed listing shows its new
 * quantity in every sandbox. Round 1 gives the headline figures; later rounds (same set-up,
 * thread dumps every 50 ms) show where the time goes.
 * Along the way: per-stage timings, latency from "change detected" to "channel call" per
 * listing, API calls per channel, heap, CPU per thread group and (with -Dbench.profile=true)
 * sampled thread stacks.
 *
 * <p>Boots the application like {@code KanalIntegrationTest} (fixed free port, run-unique client
 * whose ERP lives in its own PostgreSQL schema, fresh broker journal) with its own client file,
 * and without the test-only broker divert and routes, which would add work production does not do.
 */
@Tag("benchmark")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("test")
// the sandboxes, when they run in this JVM (bench.sandboxes-in-process); the broker's TCP acceptor for a second node
@Import({DemoConfiguration.class, BenchBrokerAcceptor.class})
class StockOutBenchmark {

    // ------------------------------------------------------------------ parameters (-Dbench.*)

    /**
     * Back Market's CSV tasks on (bulk-threshold 50, as the tests run them): the second, labelled
     * line. Off by default, as in production (bulk-threshold 0: one call per listing).
     */
    static final boolean BACKMARKET_TASKS = Boolean.getBoolean("bench.backmarket-tasks");
    /**
     * The sandboxes' real limits in the measured rounds (Back Market: Cloudflare's 200 requests /
     * 10 s and 2,000 SKU lines an hour; WooCommerce: a host limit per minute) and the accounts at
     * real budgets; off: the limits lifted and 10,000 calls a minute, so Kanal's own speed shows.
     */
    static final boolean REAL_LIMITS = Boolean.getBoolean("bench.real-limits");
    /** 2: a second Kanal node (the production main in its own JVM) on the same PostgreSQL and broker. */
    static final int NODES = Integer.getInteger("bench.nodes", 1);
    /**
     * Real limits: fewer SKUs, so importing at the real budgets takes minutes; 1,500 changes, the
     * hourly quota of 2,000 SKU lines with room for the updates Kanal sends again after a 429 in
     * a parallel push (with 2,000, those resends spent the quota and the last listings waited
     * for the next hour).
     */
    static final int SKUS = Integer.getInteger("bench.skus", REAL_LIMITS ? 10_000 : 100_000);
    static final int CHANGES = Integer.getInteger("bench.changes", REAL_LIMITS ? 1_500 : 10_000);
    /**
     * SKUs changed once (other SKUs than the measured ones) before the measured round, to warm the
     * JIT and pools as a service that has been running is; by default a burst as large as the
     * measured one, so the round does not pay for compiling its own code paths; 0: none.
     */
    static final int WARMUP = Integer.getInteger("bench.warmup", CHANGES);
    /**
     * Warm-up rounds: the JIT log of one showed a second burst still compiling and deoptimising
     * (about 1,200 compilations and 1 s of compiler CPU in the measured round after a single one).
     */
    static final int WARMUP_ROUNDS = Integer.getInteger("bench.warmup-rounds", REAL_LIMITS ? 1 : 2);
    static final String POLL_INTERVAL = System.getProperty("bench.poll-interval", "1s");
    /** Rows per ERP batch and listings per seeding request. */
    static final int CHUNK = Integer.getInteger("bench.chunk", 5_000);
    /** Wait after the last Back Market call before the measured round, so its rolling-minute budget starts unused. */
    static final int SETTLE_SECONDS = Integer.getInteger("bench.settle-seconds", 61);
    static final int TIMEOUT_SECONDS = Integer.getInteger("bench.timeout-seconds", REAL_LIMITS ? 1_200 : 300);
    /** Measured rounds in one run (the set-up is the slow part); the figures of round 1 are the headline. */
    static final int ROUNDS = Integer.getInteger("bench.rounds", REAL_LIMITS ? 1 : 2);
    /** How often the harness checks whether the round is over (cheap queries; the per-listing check runs only once they say so). */
    static final long PROGRESS_INTERVAL_MILLIS = Long.getLong("bench.progress-interval-ms", 100);
    /** Take thread dumps every 50 ms in rounds 2.. (never in round 1, whose figures are the headline). */
    static final boolean PROFILE = Boolean.parseBoolean(System.getProperty("bench.profile", "true"));
    static final boolean KEEP_DATA = Boolean.getBoolean("bench.keep-data");
    /**
     * Account budgets. Real limits: Back Market 1,200 a minute (its 200 requests / 10 s as a
     * minute, as the shipments benchmark and operators set it), WooCommerce 60 (Kanal's default,
     * at the host limit below); otherwise 10,000, the most a client file allows.
     */
    static final int BM_CALLS_PER_MINUTE = Integer.getInteger("bench.bm-calls-per-minute", REAL_LIMITS ? 1_200 : 10_000);
    static final int WOO_CALLS_PER_MINUTE = Integer.getInteger("bench.woo-calls-per-minute", REAL_LIMITS ? 60 : 10_000);
    /**
     * Walmart under real limits: 600 a minute, as the e2e client file sets it (half the sandbox's
     * 1,200 single updates a minute; feed status reads count too). BaseLinker: its own 100 a minute.
     */
    static final int WM_CALLS_PER_MINUTE = Integer.getInteger("bench.wm-calls-per-minute", REAL_LIMITS ? 600 : 10_000);
    static final int BL_CALLS_PER_MINUTE = Integer.getInteger("bench.bl-calls-per-minute", REAL_LIMITS ? 100 : 10_000);
    /**
     * Kanal's Walmart feed allowance (kanal.connectors.walmart.feed.per-hour, 10 by default, counted
     * per JVM over a rolling hour). Real limits: the default. Limits lifted: enough feeds for every
     * round, warm-ups included, so each round finds the allowance as a quiet hour leaves it, as the
     * budgets do after {@link #SETTLE_SECONDS}; set it to 10 to see the single calls Kanal falls back to.
     */
    static final int WM_FEEDS_PER_HOUR = Integer.getInteger("bench.wm-feeds-per-hour", REAL_LIMITS ? 10
            : Math.max(10, (WARMUP_ROUNDS + ROUNDS) * ((CHANGES + StockOutChannel.Walmart.FEED_ITEMS - 1) / StockOutChannel.Walmart.FEED_ITEMS)));
    /** WooCommerce's host limit under real limits (wc/v3 has none; hosts and WAFs do): requests in a rolling minute. */
    static final int WOO_HOST_LIMIT = Integer.getInteger("bench.woo-host-limit", 60);
    /** The second node's HTTP port and the broker's TCP acceptor, within the ports this benchmark may use. */
    static final int NODE2_PORT = Integer.getInteger("bench.node2-port", 19001);
    static final int BROKER_PORT = Integer.getInteger("bench.broker-port", 19002);
    /**
     * The channel sandboxes run in a JVM of their own by default, as real channels are elsewhere:
     * Kanal's heap figures then hold Kanal only. -Dbench.sandboxes-in-process=true serves them
     * from Kanal's JVM as the tests do.
     */
    static final boolean SANDBOXES_IN_PROCESS = Boolean.getBoolean("bench.sandboxes-in-process");
    static final String SANDBOX_HEAP = System.getProperty("bench.sandbox-heap", "2g");

    // ------------------------------------------------------------------ the run (static: the client file precedes the app)

    /** Heap over the whole run, boot included. */
    static final HeapMonitor WHOLE_RUN = new HeapMonitor("run", 50);
    static final Path DATA_DIR = TestEnvironment.tempDir("kanal-bench-");
    static final int PORT = TestEnvironment.freePort();
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String CLIENT = "bench-" + RUN;
    static final String BM_TOKEN = "bm-bench-" + RUN;
    static final String WOO_KEY = "ck_bench_" + RUN;
    static final String WOO_SECRET = "cs_bench_" + RUN;
    static final String WM_CLIENT_ID = "wm-bench-" + RUN;
    static final String WM_SECRET = "wm-secret-" + RUN;
    static final String BL_TOKEN = "bl-bench-" + RUN;
    static final String ERP_SCHEMA = "erp_" + CLIENT.replace('-', '_');
    static final int SANDBOX_PORT = SANDBOXES_IN_PROCESS ? PORT : TestEnvironment.freePort();
    /** The channel sandboxes: Kanal's own port, or the sandbox JVM's. */
    static final BenchHttp SANDBOX_HTTP = new BenchHttp(SANDBOX_PORT);
    /**
     * The channels stock goes out to, one account each; everything per channel (client file,
     * seeding, limits, statistics, checks) goes through {@link StockOutChannel}, so another
     * channel is one more subclass and one more entry here.
     */
    static final List<StockOutChannel> CHANNELS = List.of(
            new StockOutChannel.BackMarket("bm", BM_CALLS_PER_MINUTE, SANDBOX_HTTP, BM_TOKEN),
            new StockOutChannel.WooCommerce("woo", WOO_CALLS_PER_MINUTE, SANDBOX_HTTP, WOO_KEY, WOO_SECRET, WOO_HOST_LIMIT, SKUS),
            new StockOutChannel.Walmart("wm", WM_CALLS_PER_MINUTE, SANDBOX_HTTP, WM_CLIENT_ID, WM_SECRET),
            new StockOutChannel.BaseLinker("bl", BL_CALLS_PER_MINUTE, SANDBOX_HTTP, BL_TOKEN));
    static final Path CLIENTS_DIR = writeClientFile();
    static final Process SANDBOXES = SANDBOXES_IN_PROCESS ? null : BenchSupport.startSandboxes(RUN, SANDBOX_HEAP, SANDBOX_PORT, CLIENTS_DIR, DATA_DIR.resolve("sandboxes"));

    static final String ADMIN = BenchHttp.basic("admin", "test-secret");

    @DynamicPropertySource
    static void runProperties(DynamicPropertyRegistry registry) {
        BenchSupport.runProperties(registry, RUN, DATA_DIR, CLIENTS_DIR, PORT, SANDBOXES_IN_PROCESS);
        registry.add("kanal.connectors.backmarket.bulk-threshold", () -> BACKMARKET_TASKS ? 50 : 0);
        registry.add("kanal.connectors.walmart.feed.per-hour", () -> WM_FEEDS_PER_HOUR);
        registry.add(BenchBrokerAcceptor.PROPERTY, () -> NODES > 1 ? "tcp://127.0.0.1:" + BROKER_PORT : "");
        if (NODES > 1) {
            nodePool().forEach((key, value) -> registry.add(key, () -> value));
        }
    }

    static {
        // a line per poll, calculator slice and push with its timings: where a burst's time goes
        // (system properties: the logging system reads its levels before any test property source)
        for (String logger : List.of("dev.kanal.stock.StockCalculation", "dev.kanal.stock.QuantityCalculator",
                "dev.kanal.stock.ChannelStockWriter", "dev.kanal.inventory.SourcePoller")) {
            System.setProperty("logging.level." + logger, "DEBUG");
        }
    }

    @Autowired JdbcTemplate jdbc;
    @Autowired ClientRegistry clients;
    @Autowired SourceDataSources sources;
    @Autowired CamelContext camel;
    @Autowired EmbeddedActiveMQ broker;
    @Autowired Scheduler quartz;
    @Autowired SourceStockSync sourceStockSync;
    @Value("${kanal.messaging.queues.stock-changed.name}") String stockChangedQueue;
    @Value("${kanal.stock.events-topic}") String stockEventsTopic;
    @Value("${kanal.messaging.queues.channel-stock.name}") String channelStockQueue;

    final BenchReport report = new BenchReport();
    final BenchHttp http = new BenchHttp(PORT);
    final BenchHttp sandboxHttp = SANDBOX_HTTP;
    final Plan plan = new Plan(SKUS, CHANGES, WARMUP);
    final SubiektSandboxDatabase erpSandbox = new SubiektSandboxDatabase();
    /** The second node, when there is one. */
    Process node2;
    long clientId;
    boolean recalculationTable;

    @Test
    void stockOut() throws Exception {
        try {
            run();
        } finally {
            report.write(Path.of("target", "benchmark", "stock-out-" + RUN + ".txt"));
            if (node2 != null) {
                node2.destroy();
                node2.waitFor();
            }
            if (SANDBOXES != null) {
                SANDBOXES.destroy();
            }
            if (!KEEP_DATA) {
                cleanUp();
            }
        }
    }

    private void run() throws Exception {
        report.line("stock-out benchmark, run %s: skus=%d changes=%d rounds=%d warmup=%d x %d rounds poll-interval=%s chunk=%d profile=%s",
                RUN, SKUS, CHANGES, ROUNDS, plan.warmup, WARMUP_ROUNDS, POLL_INTERVAL, CHUNK, PROFILE ? "rounds 2.." + ROUNDS : "no");
        report.line("machine: %d cores, load average %s, JVM max heap %s MB, %s %s", Runtime.getRuntime().availableProcessors(),
                BenchSupport.loadAverage(), HeapMonitor.mb(HeapMonitor.maxHeap()), System.getProperty("java.vm.name"), System.getProperty("java.version"));
        report.line("mode: %s; Back Market %s; Walmart feeds for a burst (bulk-threshold 50, 1,000 items a feed, %d feeds an hour"
                + " allowed); %s; %d node%s", mode(), BACKMARKET_TASKS ? "CSV tasks (bulk-threshold 50)"
                : "single listing updates (bulk-threshold 0, the production default)", WM_FEEDS_PER_HOUR, REAL_LIMITS
                ? "the sandboxes' real limits in the measured rounds (lifted for set-up and warm-up)" : "the sandboxes' limits lifted",
                NODES, NODES > 1 ? "s" : "");
        for (StockOutChannel channel : CHANNELS) {
            report.line("account %s (%s): %d calls a minute; real limit %s", channel.account, channel.getClass().getSimpleName(),
                    channel.callsPerMinute, channel.limitInWords());
        }
        report.line("client %s: mapping sku, warehouse MAG", CLIENT);
        clientId = jdbc.queryForObject("SELECT id FROM client WHERE code = ?", Long.class, CLIENT);
        recalculationTable = jdbc.queryForObject("SELECT to_regclass('stock_recalculation') IS NOT NULL", Boolean.class);
        String pollRoute = "source-poll-" + CLIENT;
        DataSource erp = sources.of(CLIENT, clients.require(CLIENT).source());
        long v = System.nanoTime();
        vacuum();
        report.stage("0 VACUUM the tables earlier runs filled and emptied (autovacuum: " + jdbc.queryForObject("SHOW autovacuum", String.class) + ")", v);

        // ---- 1. load the ERP and the channels, in sync
        camel.getRouteController().stopRoute(pollRoute); // the first poll should see the whole catalogue
        long t = System.nanoTime();
        List<StockRow> rows = new ArrayList<>(CHUNK);
        for (int i = 0; i < SKUS; i++) {
            rows.add(plan.row(i, plan.onHand(i)));
            if (rows.size() == CHUNK || i == SKUS - 1) {
                erpSandbox.setStock(erp, rows);
                rows = new ArrayList<>(CHUNK);
            }
        }
        report.stage("1a load " + SKUS + " SKUs into the sandbox ERP (setStock)", t);

        long heapBeforeSandboxes = HeapMonitor.usedAfterFullGc();
        t = System.nanoTime();
        for (StockOutChannel channel : CHANNELS) {
            channel.seed(SKUS, CHUNK, plan::code, i -> plan.sellable(i, plan.onHand(i)));
            channel.liftLimits();
            report.stage("1b seed " + SKUS + " listings of account " + channel.account + " (control API)", t);
            t = System.nanoTime();
        }
        long heapWithSandboxes = HeapMonitor.usedAfterFullGc();
        report.line("heap after full GC: %s MB before seeding the channel sandboxes, %s MB after (%s)",
                HeapMonitor.mb(heapBeforeSandboxes), HeapMonitor.mb(heapWithSandboxes), SANDBOXES_IN_PROCESS
                        ? "the sandboxes share this JVM: they hold " + HeapMonitor.mb(heapWithSandboxes - heapBeforeSandboxes) + " MB"
                        : "the sandboxes run in their own JVM: Kanal's heap only");

        // ---- 2. first poll, listing import, in sync
        t = System.nanoTime();
        BenchSupport.managedRoute(camel, pollRoute).reset(true);
        camel.getRouteController().startRoute(pollRoute);
        BenchSupport.awaitTrue("stock levels of every SKU", 600, 200, () -> stockLevels() == SKUS);
        long firstPoll = report.stage("2a first poll stores " + SKUS + " stock levels", t);
        t = System.nanoTime();
        BenchSupport.awaitTrue("the first poll to announce every SKU and the calculator to take them", 600, 200,
                () -> BenchSupport.managedRoute(camel, pollRoute).getExchangesCompleted() >= 1 && queuesEmpty() && recalculationsPending() == 0);
        report.stage("2b first poll announced " + SKUS + " SKUs, calculator took them (no listings yet)", t);
        report.line("     poll route: %d polls so far, the longest (the first: inserts and announces everything) %d ms",
                BenchSupport.managedRoute(camel, pollRoute).getExchangesCompleted(), BenchSupport.managedRoute(camel, pollRoute).getMaxProcessingTime());

        for (StockOutChannel channel : CHANNELS) {
            JsonNode imported = importListings(channel.account, "2c import the listings of account " + channel.account + " (admin API)");
            assertThat(imported.path("unmapped").asInt()).as("unmapped listings of " + channel.account).isZero();
        }
        t = System.nanoTime();
        BenchSupport.awaitTrue("no listing pending", 600, 200, () -> pendingListings() == 0 && queuesEmpty());
        report.stage("2e no listing pending (targets equal channel quantities)", t);
        for (StockOutChannel channel : CHANNELS) {
            StockOutChannel.Stats totals = channel.stats(BenchHttp.JSON.createObjectNode(), channel.rawStats());
            report.line("     account %s while setting up: %d quantities pushed (must be 0, the catalogue was seeded in sync), %d calls; %s",
                    channel.account, totals.updates(), totals.calls(), totals.detail());
        }
        long steadyPoll = steadyPollMillis(pollRoute);
        report.line("     a poll that finds no change takes %d ms on average over 5 s (reads %d ERP rows and %d stock levels)",
                steadyPoll, SKUS, SKUS);
        pollParts(pollRoute, erp);

        prepareExpectations();
        if (NODES > 1) {
            t = System.nanoTime();
            node2 = BenchSupport.startNode(RUN, "node2", NODE2_PORT, "tcp://127.0.0.1:" + BROKER_PORT, CLIENTS_DIR,
                    DATA_DIR.resolve("node2"), nodeProperties());
            report.stage("2f second node up (pid " + node2.pid() + ", port " + NODE2_PORT + ", the production main in its own JVM, "
                    + "on this PostgreSQL and this node's broker over TCP " + BROKER_PORT + ")", t);
        }
        long lastBackMarketCall = System.nanoTime();
        if (plan.warmup > 0 && WARMUP_ROUNDS > 0) {
            for (int w = 1; w <= WARMUP_ROUNDS; w++) {
                Round warm = round("warmup-" + w, plan.warmupChanges(w), false, false);
                report.line("warm-up round %d: %d other SKUs changed, every channel right after %.2f s", w, plan.warmup,
                        warm.syncMillis() / 1000.0);
            }
            lastBackMarketCall = System.nanoTime();
        } else {
            report.line("no warm-up round (bench.warmup=0, or too few SKUs per change)");
        }

        // ---- 3.-8. the measured rounds
        List<String> figures = new ArrayList<>();
        for (int r = 1; r <= ROUNDS; r++) {
            long settle = SETTLE_SECONDS * 1_000_000_000L - (System.nanoTime() - lastBackMarketCall);
            if (settle > 0) {
                report.line("");
                report.line("waiting %.0f s: the accounts' budgets (calls in any rolling minute) start the round unused", settle / 1e9);
                Thread.sleep(settle / 1_000_000);
            }
            if (REAL_LIMITS) {
                for (StockOutChannel channel : CHANNELS) {
                    report.line("account %s: the sandbox's real limits on: %s", channel.account, channel.realLimits());
                }
            }
            figures.add(measuredRound(r, pollRoute, firstPoll, steadyPoll));
            lastBackMarketCall = System.nanoTime();
        }

        // ---- 7. heap held by the sandboxes
        long heapWithSandboxesAtEnd = HeapMonitor.usedAfterFullGc();
        for (StockOutChannel channel : CHANNELS) {
            channel.reset();
        }
        long heapWithoutSandboxes = HeapMonitor.usedAfterFullGc();
        sandboxHeap = heapWithSandboxesAtEnd - heapWithoutSandboxes;
        report.line("");
        report.line("heap (MB) over the whole run, boot, seeding and imports included: peak used %s, peak just before a GC %s, peak after a GC %s",
                HeapMonitor.mb(WHOLE_RUN.peakUsed()), HeapMonitor.mb(WHOLE_RUN.peakBeforeGc()), HeapMonitor.mb(WHOLE_RUN.peakAfterGc()));
        report.line("  after full GCs: %s before seeding the sandboxes, %s once seeded, %s after the rounds, %s after emptying the sandboxes",
                HeapMonitor.mb(heapBeforeSandboxes), HeapMonitor.mb(heapWithSandboxes), HeapMonitor.mb(heapWithSandboxesAtEnd),
                HeapMonitor.mb(heapWithoutSandboxes));
        report.line("  held by the seeded channel sandboxes: %s MB (measured when seeding) / %s MB (when emptying them at the end)",
                HeapMonitor.mb(heapWithSandboxes - heapBeforeSandboxes), HeapMonitor.mb(sandboxHeap));

        // ---- 8. figures
        report.line("");
        for (String line : figures) {
            report.line(line.replace("{sandboxHeapMb}", SANDBOXES_IN_PROCESS ? HeapMonitor.mb(sandboxHeap) : "ownJvm"));
        }
        report.line("run took %.0f s", report.elapsedSeconds());
        assertThat(budgetExceeded).as("an account's calls in some 60 s above its calls-per-minute (sandbox counts)").isFalse();
    }

    long sandboxHeap;
    boolean budgetExceeded;

    /** Steps 3 to 6 for one measured round; answers its figures line ({sandboxHeapMb} filled in at the end). */
    private String measuredRound(int r, String pollRoute, long firstPoll, long steadyPoll) throws Exception {
        String phase = "measured-" + r;
        boolean profiled = PROFILE && r >= 2;
        Map<String, JsonNode> channelsBefore = new LinkedHashMap<>();
        for (StockOutChannel channel : CHANNELS) {
            channel.clearStats();
            channelsBefore.put(channel.account, channel.rawStats());
        }
        BenchSupport.resetCamelStatistics(camel, flowRoutes(pollRoute));
        long stockEventsBefore = stockEvents();
        long channelStockAdded = queue(channelStockQueue).getMessagesAdded();
        long heapBaseline = HeapMonitor.usedAfterFullGc();
        report.line("");
        report.line("=== round %d of %d%s; heap after full GC before the change: %s MB; load average %s", r, ROUNDS,
                profiled ? " (profiled: thread dumps every 50 ms)" : "", HeapMonitor.mb(heapBaseline), BenchSupport.loadAverage());
        Round round = round(phase, plan.measuredChanges(r), true, profiled);

        // ---- 5. latency from change detected to channel call
        report.line("");
        report.line("latency per changed listing (ms), from the stock_level.updated_at, listing_push.target_at, last_sent_at (call) and "
                + "last_confirmed_at (answer) Kanal wrote:");
        List<long[]> listingTimes = listingTimes(phase);
        Map<String, long[]> stats = latencies(listingTimes, round.t0Millis());
        stats.forEach((name, values) -> report.line("  %-58s %s", name, Percentiles.describe(values)));
        timeline(listingTimes);
        long[] total = stats.get(CALL);
        long[] confirmed = stats.get(CONFIRMED);

        // ---- 6. API calls per channel, the budgets, and (real limits) the channels' own bound
        report.line("");
        report.line("API calls in the round:");
        StringBuilder callFigures = new StringBuilder();
        long[][] lastTimes = new long[CHANNELS.size()][2];
        for (long[] row : listingTimes) {
            lastTimes[(int) row[0]][0] = Math.max(lastTimes[(int) row[0]][0], row[3]);
            lastTimes[(int) row[0]][1] = Math.max(lastTimes[(int) row[0]][1], row[4]);
        }
        boolean budgetsHeld = true;
        double minimumSeconds = 0;
        for (StockOutChannel channel : CHANNELS) {
            StockOutChannel.Stats calls = channel.stats(channelsBefore.get(channel.account), channel.rawStats());
            boolean held = calls.maxCallsPer60s() <= channel.callsPerMinute;
            budgetsHeld &= held;
            double minimum = channel.minimumSeconds(callsNeeded(channel, CHANGES));
            minimumSeconds = Math.max(minimumSeconds, minimum);
            report.line("  %s: %d calls, %d quantities updated for %d changes (%d sent again), %d answered 429; at most %d calls in any "
                            + "60 s (%s), budget %d a minute: %s; %s",
                    channel.account, calls.calls(), calls.updates(), CHANGES, calls.updates() - CHANGES, calls.tooManyRequests(), calls.maxCallsPer60s(),
                    channel instanceof StockOutChannel.WooCommerce ? "this round" : "whole run", channel.callsPerMinute,
                    held ? "never exceeded" : "EXCEEDED", calls.detail());
            double lastCall = (lastTimes[channelIndex(channel.account)][0] - round.t0Millis()) / 1000.0;
            double converged = (lastTimes[channelIndex(channel.account)][1] - round.t0Millis()) / 1000.0;
            report.line("    %.3f calls a change; last call %.2f s, converged (last answer recorded) %.2f s after the change; under its real "
                            + "limit (%s) %d calls are needed for %d changes, least time (calls / limit) %.1f s%s", calls.calls() / (double) CHANGES,
                    lastCall, converged, channel.limitInWords(), callsNeeded(channel, CHANGES), CHANGES, minimum,
                    REAL_LIMITS ? " (on in this round)" : " (lifted in this round)");
            callFigures.append(String.format(" calls.%s=%d callsPerChange.%s=%.3f sentAgain.%s=%d tooMany.%s=%d maxCallsPer60s.%s=%d "
                            + "convergedSeconds.%s=%.2f leastSeconds.%s=%.1f", channel.account, calls.calls(), channel.account,
                    calls.calls() / (double) CHANGES, channel.account, calls.updates() - CHANGES, channel.account, calls.tooManyRequests(),
                    channel.account, calls.maxCallsPer60s(), channel.account, converged, channel.account, minimum));
        }
        report.line("  broker: %d stock.changed events published, %d channel-stock nudges",
                stockEvents() - stockEventsBefore, queue(channelStockQueue).getMessagesAdded() - channelStockAdded);
        report.line("  writer leases (one node per account at a time) held in the round by: %s", round.leaseHolders());
        String limitFigures = "";
        if (REAL_LIMITS) {
            Overhead overhead = overhead(listingTimes, round);
            limitFigures = String.format(" minimumSeconds=%.1f syncOverMinimum=%.2f budgetWaitP50Ms=%d budgetWaitP99Ms=%d overheadP50Ms=%d "
                            + "overheadP99Ms=%d overheadMaxMs=%d", minimumSeconds, round.syncMillis() / 1000.0 / minimumSeconds,
                    Percentiles.at(overhead.budgetWait(), 50), Percentiles.at(overhead.budgetWait(), 99), Percentiles.at(overhead.own(), 50),
                    Percentiles.at(overhead.own(), 99), Percentiles.at(overhead.own(), 100));
        }
        BenchSupport.camelStatistics(camel, flowRoutes(pollRoute), report, "round");

        HeapMonitor heap = round.heap();
        report.line("");
        report.line("heap in the round (MB; " + (SANDBOXES_IN_PROCESS ? "the channel sandboxes run in this JVM and are in every figure"
                : "Kanal only, the channel sandboxes run in their own JVM") + "): peak used %s (sampled every 50 ms, "
                        + "%d samples), peak just before a GC %s, peak still used after a GC %s; %d GCs, %d ms",
                HeapMonitor.mb(heap.peakUsed()), heap.samples(), HeapMonitor.mb(heap.peakBeforeGc()), HeapMonitor.mb(heap.peakAfterGc()),
                heap.collections(), heap.gcMillis());
        if (!budgetsHeld) {
            report.line("  AN ACCOUNT'S BUDGET WAS EXCEEDED (see the calls above)");
            budgetExceeded = true;
        }
        return String.format("BENCHMARK stock-out%s%s: skus=%d changes=%d syncSeconds=%.2f lastCallSeconds=%.2f p50Ms=%d p99Ms=%d maxMs=%d "
                        + "p50ConfirmedMs=%d p99ConfirmedMs=%d%s%s budgetsHeld=%s peakHeapMb=%s peakHeapAfterGcMb=%s "
                        + "sandboxHeapMb={sandboxHeapMb} firstPollSeconds=%.2f pollIntervalMs=%d steadyPollMs=%d",
                label(), r == 1 ? "" : " round " + r + (profiled ? " (profiled)" : ""), SKUS, CHANGES, round.syncMillis() / 1000.0,
                round.lastCallMillis() / 1000.0, Percentiles.at(total, 50), Percentiles.at(total, 99), Percentiles.at(total, 100),
                Percentiles.at(confirmed, 50), Percentiles.at(confirmed, 99), limitFigures, callFigures, budgetsHeld, HeapMonitor.mb(heap.peakUsed()),
                HeapMonitor.mb(heap.peakAfterGc()), firstPoll / 1000.0, clients.require(CLIENT).source().pollInterval().toMillis(),
                steadyPoll);
    }

    private JsonNode importListings(String account, String stage) {
        long t = System.nanoTime();
        CpuMeter.Snapshot before = CpuMeter.take(BenchSupport.ourBackends(jdbc, RUN));
        JsonNode summary;
        try (HeapMonitor heap = new HeapMonitor("import", 50)) {
            summary = http.send("POST", "/admin/clients/" + CLIENT + "/accounts/" + account + "/listings/import?wait=true", ADMIN, null, 200);
            report.stage(stage, t);
            report.line("     %s", summary);
            report.line("     heap meanwhile: peak used %s MB, peak still used after a GC %s MB", HeapMonitor.mb(heap.peakUsed()),
                    HeapMonitor.mb(heap.peakAfterGc()));
        }
        report.line("     CPU meanwhile: %s", CpuMeter.compact(before, CpuMeter.take(BenchSupport.ourBackends(jdbc, RUN))));
        return summary;
    }

    // ------------------------------------------------------------------ one round of changes

    /**
     * @param pausesUntil per account, the ends (epoch ms) of the pauses a 429 set on its shared budget, as sampled every check
     * @param leaseHolders per account, the nodes seen holding its stock writer's lease
     */
    record Round(long t0Millis, long syncMillis, long lastCallMillis, HeapMonitor heap, Map<String, Set<Long>> pausesUntil,
                 Map<String, Set<String>> leaseHolders) {
    }

    /**
     * Changes the SKUs in one ERP transaction, then polls the Kanal database every 100 ms until
     * every listing of those SKUs on every channel was sent its new quantity, and checks the
     * sandboxes themselves show it.
     */
    private Round round(String phase, List<Plan.Change> changes, boolean measured, boolean profiled) throws Exception {
        List<StockRow> rows = changes.stream().map(c -> plan.row(c.index(), c.onHand())).toList();
        DataSource erp = sources.of(CLIENT, clients.require(CLIENT).source());
        HeapMonitor heap = measured ? new HeapMonitor("round", 50) : null;
        CpuMeter.Snapshot cpuBefore = CpuMeter.take(BenchSupport.ourBackends(jdbc, RUN));
        StackSampler profiler = profiled ? new StackSampler(50) : null;

        long setStockStart = System.nanoTime();
        erpSandbox.setStock(erp, rows);
        long t0 = System.currentTimeMillis();
        long t0Nanos = System.nanoTime();
        long setStockMillis = (t0Nanos - setStockStart) / 1_000_000;
        report.line("");
        report.line("%s round: %d SKUs changed in the ERP in one transaction (setStock took %d ms); clock starts when it committed",
                phase, changes.size(), setStockMillis);

        long deadline = t0Nanos + TIMEOUT_SECONDS * 1_000_000_000L;
        long nextPrint = 0;
        long queryNanos = 0;
        int ticks = 0;
        int refreshes = 0;
        long doneNanos = 0;
        long[] printed = null;
        long lastPrint = 0;
        Progress progress = new Progress(phase);
        long firstChangedSku = jdbc.queryForObject("SELECT id FROM sku WHERE client_id = ? AND code = ?", Long.class, clientId,
                plan.code(changes.get(0).index()));
        long[] accounts = CHANNELS.stream().mapToLong(c -> accountId(c.account)).toArray();
        Map<String, Set<Long>> pausesUntil = new LinkedHashMap<>();
        Map<String, Set<String>> leaseHolders = new LinkedHashMap<>();
        StringBuilder header = new StringBuilder(String.format("  %7s %10s %10s %10s", "t (s)", "stock.chg", "recalc", "chan.stock"));
        for (StockOutChannel channel : CHANNELS) {
            header.append(String.format(" %12s", "pending " + channel.account));
            pausesUntil.put(channel.account, new java.util.TreeSet<>());
            leaseHolders.put(channel.account, new java.util.TreeSet<>());
        }
        report.line("%s", header);
        while (System.nanoTime() < deadline) {
            // cheap every tick, each stopping at its first row (an index probe, the calculator's
            // queue, the writers' pending index), in the order the pipeline empties; the counts for
            // the progress line once a second; the per-listing check only once all say "over"
            long q = System.nanoTime();
            long now = System.nanoTime();
            boolean print = now - t0Nanos >= nextPrint;
            boolean done = false;
            sampleBudgetsAndLeases(pausesUntil, leaseHolders);
            if (jdbc.queryForObject("SELECT count(*) FROM stock_level WHERE sku_id = ? AND updated_at >= ?", Long.class,
                    firstChangedSku, new Timestamp(t0)) > 0 && !exists("SELECT 1 FROM stock_recalculation WHERE client_code = ?", CLIENT)
                    && Arrays.stream(accounts).noneMatch(account -> exists(
                            "SELECT 1 FROM listing_push p WHERE p.channel_account_id = ? AND " + ChannelStockWriter.IS_PENDING, account))) {
                progress.refresh();
                refreshes++;
                done = progress.remaining() == 0;
            }
            now = System.nanoTime(); // the round is over no later than the check that saw it
            if (done || print) {
                long[] state = new long[3 + accounts.length];
                state[0] = queue(stockChangedQueue).getMessageCount();
                state[1] = recalculationsPending();
                state[2] = queue(channelStockQueue).getMessageCount();
                for (int a = 0; a < accounts.length; a++) {
                    state[3 + a] = pendingPushes(accounts[a]);
                }
                // a line a second while something moves, one every 10 s while nothing does
                if (done || !Arrays.equals(state, printed) || now - lastPrint >= 10_000_000_000L) {
                    StringBuilder line = new StringBuilder(String.format("  %7.2f %10d %10d %10d", (now - t0Nanos) / 1e9, state[0], state[1], state[2]));
                    for (int a = 0; a < accounts.length; a++) {
                        line.append(String.format(" %12d", state[3 + a]));
                    }
                    report.line("%s", line);
                    printed = state;
                    lastPrint = now;
                }
                nextPrint += 1_000_000_000L;
            }
            queryNanos += System.nanoTime() - q;
            ticks++;
            if (done) {
                doneNanos = now;
                break;
            }
            Thread.sleep(PROGRESS_INTERVAL_MILLIS);
        }
        CpuMeter.Snapshot cpuAfter = CpuMeter.take(BenchSupport.ourBackends(jdbc, RUN));
        if (heap != null) {
            heap.close();
        }
        if (profiler != null) {
            profiler.close();
        }
        if (doneNanos == 0) {
            stuck(phase);
        }
        assertThat(doneNanos).as(phase + ": every changed listing sent its new quantity within " + TIMEOUT_SECONDS + " s").isPositive();
        long syncMillis = (doneNanos - t0Nanos) / 1_000_000;
        long[] last = jdbc.queryForObject("SELECT MAX(l.last_sent_at), MAX(l.last_confirmed_at) FROM " + ERP_SCHEMA
                + ".bench_expected e JOIN listing_push l ON l.listing_id = e.listing_id WHERE e.phase = ?",
                (rs, n) -> new long[] {rs.getTimestamp(1).getTime(), rs.getTimestamp(2).getTime()}, phase);
        long lastSent = last[0];
        report.line("  harness: %d progress checks, %.1f ms each on average, %d of them read every listing of the round", ticks,
                queryNanos / 1e6 / ticks, refreshes);

        // the sandboxes themselves, not only what Kanal recorded
        long checkStart = System.nanoTime();
        int wrong = wrongOnChannels(changes);
        while (wrong > 0 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            wrong = wrongOnChannels(changes);
            syncMillis = (System.nanoTime() - t0Nanos) / 1_000_000;
        }
        assertThat(wrong).as(phase + ": listings showing a wrong quantity in the sandboxes").isZero();
        report.line("  every sandbox shows every new quantity (checked in %d ms, not counted)", (System.nanoTime() - checkStart) / 1_000_000);
        report.line("  %s: every channel right after %.2f s (harness poll); last channel call %.2f s, last answer recorded %.2f s "
                + "after the change", phase, syncMillis / 1000.0, (lastSent - t0) / 1000.0, (last[1] - t0) / 1000.0);
        if (measured) {
            report.line("");
            report.line("CPU during the round (change committed -> every channel right):");
            report.lines(CpuMeter.report(cpuBefore, cpuAfter));
            if (profiler != null) {
                report.line("");
                report.line("sampled thread stacks during the round:");
                report.lines(profiler.report(6));
            }
        }
        return new Round(t0, syncMillis, lastSent - t0, heap, pausesUntil, leaseHolders);
    }


    /** After a time-out: the listings not sent their new quantity, with what Kanal holds for them. */
    private void stuck(String phase) {
        report.line("  TIMED OUT; listings not sent their new quantity (at most 20):");
        jdbc.query("""
                SELECT e.account, k.code, e.quantity, s.quantity, s.updated_at, l.target_quantity, l.target_at, l.last_sent_quantity,
                       l.last_sent_at, l.channel_quantity, l.rejected_quantity, l.push_error
                  FROM %s.bench_expected e JOIN listing_push l ON l.listing_id = e.listing_id
                  JOIN listing_mapping m ON m.listing_id = l.listing_id JOIN sku k ON k.id = m.sku_id
                  LEFT JOIN stock_level s ON s.sku_id = k.id
                 WHERE e.phase = ? AND l.last_sent_quantity IS DISTINCT FROM e.quantity
                 ORDER BY k.code, e.account LIMIT 20
                """.formatted(ERP_SCHEMA), rs -> {
            report.line("    %s %s: expected %d; stock level %d (updated %s); target %s (at %s); last sent %s (at %s); channel %s; rejected %s %s",
                    rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getTimestamp(5), rs.getObject(6), rs.getTimestamp(7),
                    rs.getObject(8), rs.getTimestamp(9), rs.getObject(10), rs.getObject(11), rs.getString(12));
        }, phase);
        if (recalculationTable) {
            report.line("  stock_recalculation rows of the client: %d", recalculationsPending());
        }
    }

    /**
     * Which listings of a round were sent their new quantity. Each refresh reads only the listings
     * not sent yet, by primary key, so it gets cheaper as the round progresses; the round loop
     * calls it only once cheaper checks say the round may be over.
     */
    final class Progress {

        private final Map<Long, Integer> expected = new HashMap<>();
        private final Set<Long> remaining = new HashSet<>();

        Progress(String phase) {
            jdbc.query("SELECT listing_id, quantity FROM " + ERP_SCHEMA + ".bench_expected WHERE phase = ?", rs -> {
                expected.put(rs.getLong(1), rs.getInt(2));
            }, phase);
            remaining.addAll(expected.keySet());
        }

        void refresh() {
            Long[] ids = remaining.toArray(new Long[0]);
            jdbc.query(con -> {
                java.sql.PreparedStatement ps = con.prepareStatement(
                        "SELECT listing_id, last_sent_quantity FROM listing_push WHERE listing_id = ANY (?)");
                ps.setArray(1, con.createArrayOf("bigint", ids));
                return ps;
            }, rs -> {
                long id = rs.getLong(1);
                int last = rs.getInt(2);
                if (!rs.wasNull() && last == expected.get(id)) {
                    remaining.remove(id);
                }
            });
        }

        int remaining() {
            return remaining.size();
        }
    }

    /** Listings of the changed SKUs whose quantity in the sandbox is not the new one, every channel. */
    private int wrongOnChannels(List<Plan.Change> changes) {
        Map<String, Integer> expected = new HashMap<>();
        for (Plan.Change c : changes) {
            expected.put(plan.code(c.index()), plan.sellable(c.index(), c.onHand()));
        }
        int wrong = 0;
        for (StockOutChannel channel : CHANNELS) {
            wrong += channel.wrongQuantities(expected);
        }
        return wrong;
    }

    /** The 429 pauses on the accounts' shared budgets and the stock writers' lease holders, as they are now. */
    private void sampleBudgetsAndLeases(Map<String, Set<Long>> pausesUntil, Map<String, Set<String>> leaseHolders) {
        jdbc.query("SELECT account, paused_until FROM channel_call_budget WHERE account LIKE ?", rs -> {
            String account = rs.getString(1).substring(CLIENT.length() + 1);
            long until = rs.getLong(2) / 1000; // epoch microseconds of the database's clock
            if (pausesUntil.containsKey(account) && until > 0) {
                pausesUntil.get(account).add(until);
            }
        }, CLIENT + "/%");
        jdbc.query("SELECT code, stock_lease_owner FROM channel_account WHERE client_id = ? AND stock_lease_owner IS NOT NULL", rs -> {
            String owner = rs.getString(2);
            leaseHolders.computeIfAbsent(rs.getString(1), a -> new java.util.TreeSet<>()).add(owner.substring(0, owner.indexOf('/') < 0
                    ? owner.length() : owner.indexOf('/')));
        }, clientId);
    }

    /**
     * Per-listing timings of a phase, in epoch ms: {account (its index in {@link #CHANNELS}), detected
     * (stock_level.updated_at, set by the poll), target calculated (listing_push.target_at, by the
     * calculator), channel call (listing_push.last_sent_at: when the call carrying the quantity
     * went out), confirmed (listing_push.last_confirmed_at: when the writer had the channel's
     * answer; for a Back Market task, once Back Market had processed it)}.
     */
    private List<long[]> listingTimes(String phase) {
        List<long[]> rows = new ArrayList<>();
        jdbc.query("""
                SELECT e.account, s.updated_at, l.target_at, l.last_sent_at, l.last_confirmed_at
                  FROM %s.bench_expected e JOIN listing_push l ON l.listing_id = e.listing_id
                  JOIN listing_mapping m ON m.listing_id = l.listing_id
                  JOIN stock_level s ON s.sku_id = m.sku_id
                 WHERE e.phase = ?
                """.formatted(ERP_SCHEMA), rs -> {
            rows.add(new long[] {channelIndex(rs.getString(1)), rs.getTimestamp(2).getTime(), rs.getTimestamp(3).getTime(),
                    rs.getTimestamp(4).getTime(), rs.getTimestamp(5).getTime()});
        }, phase);
        return rows;
    }

    private static Map<String, long[]> latencies(List<long[]> rows, long t0) {
        Map<String, long[]> stats = new LinkedHashMap<>();
        stats.put("change committed -> detected (poll), per SKU", rows.stream().mapToLong(r -> r[1] - t0).toArray());
        stats.put("detected -> target calculated", rows.stream().mapToLong(r -> r[2] - r[1]).toArray());
        stats.put("target calculated -> channel call", rows.stream().mapToLong(r -> r[3] - r[2]).toArray());
        for (int c = 0; c < CHANNELS.size(); c++) {
            int index = c;
            stats.put("detected -> channel call, " + CHANNELS.get(c).account, rows.stream().filter(r -> r[0] == index).mapToLong(r -> r[3] - r[1]).toArray());
        }
        stats.put(CALL, rows.stream().mapToLong(r -> r[3] - r[1]).toArray());
        for (int c = 0; c < CHANNELS.size(); c++) {
            int index = c;
            stats.put("detected -> confirmed, " + CHANNELS.get(c).account, rows.stream().filter(r -> r[0] == index).mapToLong(r -> r[4] - r[1]).toArray());
        }
        stats.put(CONFIRMED, rows.stream().mapToLong(r -> r[4] - r[1]).toArray());
        stats.put("change committed -> confirmed, every channel", rows.stream().mapToLong(r -> r[4] - t0).toArray());
        return stats;
    }

    static final String CALL = "detected -> channel call, every channel";
    static final String CONFIRMED = "detected -> confirmed, every channel";

    /**
     * How the round's listings went through the pipeline, in 100 ms steps after the first
     * detection: targets calculated, channel calls made and answers recorded per account, cumulative.
     */
    private void timeline(List<long[]> rows) {
        long start = rows.stream().mapToLong(r -> r[1]).min().orElse(0);
        long end = rows.stream().mapToLong(r -> r[4]).max().orElse(start);
        report.line("");
        report.line("timeline: listings calculated, called and confirmed so far, by ms after the first detection");
        int n = CHANNELS.size();
        StringBuilder header = new StringBuilder(String.format("  %7s", "ms"));
        for (String stage : List.of("calc", "call", "conf")) {
            for (StockOutChannel channel : CHANNELS) {
                header.append(String.format(" %9s", stage + " " + channel.account));
            }
        }
        report.line("%s", header);
        // a line per 100 ms, or per second when the round is long (real limits)
        long step = end - start > 30_000 ? 1000 : 100;
        for (long at = step; at < end - start + step; at += step) {
            long bucket = start + at;
            long[] counts = new long[3 * n];
            for (long[] r : rows) {
                int account = (int) r[0];
                for (int stage = 0; stage < 3; stage++) {
                    if (r[2 + stage] < bucket) {
                        counts[n * stage + account]++;
                    }
                }
            }
            StringBuilder line = new StringBuilder(String.format("  %7d", at));
            for (long count : counts) {
                line.append(String.format(" %9d", count));
            }
            report.line("%s", line);
        }
    }

    // ------------------------------------------------------------------ the Kanal side

    private long stockLevels() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM stock_level WHERE client_id = ?", Long.class, clientId);
    }

    private boolean exists(String query, Object argument) {
        return !jdbc.queryForList(query + " FETCH FIRST 1 ROWS ONLY", Integer.class, argument).isEmpty();
    }

    /** Push rows of the account waiting for their writer, counted over the writers' own pending index. */
    private long pendingPushes(long accountId) {
        return jdbc.queryForObject("SELECT count(*) FROM listing_push p WHERE p.channel_account_id = ? AND " + ChannelStockWriter.IS_PENDING,
                Long.class, accountId);
    }

    private long accountId(String account) {
        return jdbc.queryForObject("SELECT id FROM channel_account WHERE client_id = ? AND code = ?", Long.class, clientId, account);
    }

    private long pendingListings() {
        return jdbc.queryForObject("""
                SELECT COUNT(*) FROM listing_push l JOIN channel_account a ON a.id = l.channel_account_id
                 WHERE a.client_id = ? AND (l.target_quantity IS NULL
                       OR COALESCE(l.last_sent_quantity, l.channel_quantity) IS DISTINCT FROM l.target_quantity)
                """, Long.class, clientId);
    }

    /** Which listing gets which quantity in each round, by listing id, kept in the run's own ERP schema. */
    private void prepareExpectations() {
        jdbc.execute("CREATE TABLE " + ERP_SCHEMA + ".bench_change (phase VARCHAR(16), sku_code VARCHAR(64), quantity INTEGER)");
        jdbc.execute("CREATE TABLE " + ERP_SCHEMA + ".bench_expected (phase VARCHAR(16), listing_id BIGINT, account VARCHAR(64), "
                + "quantity INTEGER, PRIMARY KEY (phase, listing_id))");
        List<Object[]> changes = new ArrayList<>();
        for (int w = 1; w <= WARMUP_ROUNDS; w++) {
            String phase = "warmup-" + w;
            plan.warmupChanges(w).forEach(c -> changes.add(new Object[] {phase, plan.code(c.index()), plan.sellable(c.index(), c.onHand())}));
        }
        for (int r = 1; r <= ROUNDS; r++) {
            String phase = "measured-" + r;
            plan.measuredChanges(r).forEach(c -> changes.add(new Object[] {phase, plan.code(c.index()), plan.sellable(c.index(), c.onHand())}));
        }
        jdbc.batchUpdate("INSERT INTO " + ERP_SCHEMA + ".bench_change (phase, sku_code, quantity) VALUES (?, ?, ?)", changes);
        int expected = jdbc.update("""
                INSERT INTO %s.bench_expected (phase, listing_id, account, quantity)
                SELECT c.phase, l.id, a.code, c.quantity FROM %s.bench_change c
                  JOIN sku k ON k.client_id = ? AND k.code = c.sku_code
                  JOIN listing_mapping m ON m.sku_id = k.id
                  JOIN listing l ON l.id = m.listing_id
                  JOIN channel_account a ON a.id = l.channel_account_id
                """.formatted(ERP_SCHEMA, ERP_SCHEMA), clientId);
        assertThat(expected).as("listings of the changed SKUs, one per channel each").isEqualTo(CHANNELS.size() * changes.size());
        jdbc.execute("ANALYZE " + ERP_SCHEMA + ".bench_expected");
    }

    /** SKUs recorded for recalculation and not yet recalculated (the calculator's table; 0 before it existed). */
    private long recalculationsPending() {
        if (!recalculationTable) {
            return 0;
        }
        return jdbc.queryForObject("SELECT COUNT(*) FROM stock_recalculation WHERE client_code = ?", Long.class, CLIENT);
    }

    /**
     * What one poll of an unchanged ERP is made of, timed here with the poll route stopped: the
     * ERP read (SubiektStockReader) and the comparison with Kanal's stock levels (SourceStockSync,
     * which writes nothing when nothing changed). Best of three each.
     */
    private void pollParts(String pollRoute, DataSource erp) throws Exception {
        camel.getRouteController().stopRoute(pollRoute);
        try {
            SubiektStockReader reader = new SubiektStockReader();
            long read = Long.MAX_VALUE;
            long compare = Long.MAX_VALUE;
            List<SourceStockRow> rows = List.of();
            for (int i = 0; i < 3; i++) {
                long t = System.nanoTime();
                rows = reader.readStock(erp);
                read = Math.min(read, System.nanoTime() - t);
            }
            for (int i = 0; i < 3; i++) {
                long t = System.nanoTime();
                Set<String> changed = sourceStockSync.apply(CLIENT, rows);
                compare = Math.min(compare, System.nanoTime() - t);
                assertThat(changed).as("an unchanged ERP changes nothing").isEmpty();
            }
            report.line("     of which: reading %d rows from the ERP %d ms, comparing them with Kanal's stock levels %d ms (best of 3, poll stopped)",
                    rows.size(), read / 1_000_000, compare / 1_000_000);
        } finally {
            camel.getRouteController().startRoute(pollRoute);
        }
    }

    private boolean queuesEmpty() {
        return queue(stockChangedQueue).getMessageCount() == 0 && queue(channelStockQueue).getMessageCount() == 0;
    }

    /** Messages published on the stock events topic so far, whether a subscriber took them or not. */
    private long stockEvents() {
        var address = broker.getActiveMQServer().getAddressInfo(SimpleString.of(stockEventsTopic));
        return address == null ? 0 : address.getRoutedMessageCount() + address.getUnRoutedMessageCount();
    }

    private Queue queue(String name) {
        return broker.getActiveMQServer().locateQueue(SimpleString.of(name));
    }

    /** Mean time of the polls that ran during 5 s with nothing changing. */
    private long steadyPollMillis(String pollRoute) throws Exception {
        BenchSupport.managedRoute(camel, pollRoute).reset(true);
        Thread.sleep(5000);
        return BenchSupport.managedRoute(camel, pollRoute).getMeanProcessingTime();
    }

    /** The routes of flow 1 (whatever their number: the pipeline changes), and this run's poll route. */
    private List<String> flowRoutes(String pollRoute) {
        return camel.getRoutes().stream().map(org.apache.camel.Route::getRouteId)
                .filter(id -> id.equals(pollRoute) || id.startsWith("stock-") || id.startsWith("channel-stock") || id.startsWith("nudge-"))
                .sorted().toList();
    }

    // ------------------------------------------------------------------ modes and the budgets' share of the latency

    /**
     * Connections per node when there are two: the PostgreSQL server this runs on is shared
     * (max_connections 100, most taken by other builds), so each node keeps 10 at most, 2 idle,
     * instead of 16 always open.
     */
    static Map<String, String> nodePool() {
        return Map.of("spring.datasource.hikari.maximum-pool-size", System.getProperty("bench.node-pool", "10"),
                "spring.datasource.hikari.minimum-idle", "2");
    }

    /** The second node's settings that differ from production's defaults: the same as this node's. */
    static Map<String, String> nodeProperties() {
        Map<String, String> properties = new LinkedHashMap<>(nodePool());
        properties.put("kanal.connectors.backmarket.bulk-threshold", BACKMARKET_TASKS ? "50" : "0");
        properties.put("kanal.connectors.walmart.feed.per-hour", Integer.toString(WM_FEEDS_PER_HOUR));
        return properties;
    }

    /** What this run measures, for the report and the figures line. */
    static String mode() {
        return (BACKMARKET_TASKS ? "Back Market CSV tasks" : "production path") + (REAL_LIMITS ? ", real limits" : ", limits lifted")
                + ", " + NODES + (NODES > 1 ? " nodes" : " node");
    }

    /** Nothing for the headline (production path, limits lifted, one node); the mode in brackets for every other line. */
    static String label() {
        return !BACKMARKET_TASKS && !REAL_LIMITS && NODES == 1 ? "" : " [" + mode() + "]";
    }

    private static int channelIndex(String account) {
        for (int c = 0; c < CHANNELS.size(); c++) {
            if (CHANNELS.get(c).account.equals(account)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no channel " + account);
    }

    /** Calls a burst of {@code changes} needs on a channel (Back Market's CSV tasks: one per 100 lines, as the writer gathers). */
    static long callsNeeded(StockOutChannel channel, int changes) {
        int perCall = channel instanceof StockOutChannel.BackMarket && BACKMARKET_TASKS ? 100 : channel.updatesPerCall();
        return (changes + perCall - 1) / perCall;
    }

    /** Per listing: the wait the budget imposed and Kanal's own part of detected -> call. */
    record Overhead(long[] budgetWait, long[] own) {
    }

    /**
     * Splits each listing's detected -> call into the wait its account's budget imposed and the
     * rest, Kanal's own overhead. The account's calls in call order (listings sharing a call time
     * share a call): the k-th call's slot is free at the round's start (the budget starts it
     * unused), or a minute after call k - callsPerMinute (the rolling minute), and after a pause
     * a 429 set (its end sampled from the shared budget) the j-th call no earlier than its end
     * plus (j + 1) x 60 s / callsPerMinute (the steady rate CallBudget resumes at). A listing's
     * wait is from its detection to the later of that and its detection; its own overhead is the
     * rest. Calls answered 429 took slots too and are not in this list, so the budget looks
     * a little freer here than it was and the overhead is, if anything, overstated.
     */
    private Overhead overhead(List<long[]> rows, Round round) {
        List<Long> wait = new ArrayList<>();
        List<Long> own = new ArrayList<>();
        for (int c = 0; c < CHANNELS.size(); c++) {
            int index = c;
            StockOutChannel channel = CHANNELS.get(c);
            int budget = channel.callsPerMinute;
            long step = 60_000L / budget;
            List<long[]> listings = rows.stream().filter(r -> r[0] == index).sorted((a, b) -> Long.compare(a[3], b[3])).toList();
            List<Long> calls = new ArrayList<>();
            int[] callOf = new int[listings.size()];
            for (int i = 0; i < listings.size(); i++) {
                long at = listings.get(i)[3];
                if (calls.isEmpty() || channel.updatesPerCall() == 1 || calls.get(calls.size() - 1) != at) {
                    calls.add(at);
                }
                callOf[i] = calls.size() - 1;
            }
            long[] free = new long[calls.size()];
            for (int k = 0; k < calls.size(); k++) {
                free[k] = k < budget ? round.t0Millis() : calls.get(k - budget) + 60_000;
            }
            for (long until : round.pausesUntil().getOrDefault(channel.account, Set.of())) {
                int first = 0;
                while (first < calls.size() && calls.get(first) < until) {
                    first++;
                }
                for (int k = first; k < Math.min(calls.size(), first + budget); k++) {
                    free[k] = Math.max(free[k], until + (k - first + 1) * step);
                }
            }
            for (int i = 0; i < listings.size(); i++) {
                long[] r = listings.get(i);
                long allowed = Math.max(r[1], free[callOf[i]]);
                wait.add(allowed - r[1]);
                own.add(Math.max(0, r[3] - allowed));
            }
        }
        report.line("");
        report.line("detected -> channel call split (real limits; model in StockOutBenchmark.overhead), every channel:");
        Overhead split = new Overhead(wait.stream().mapToLong(Long::longValue).sorted().toArray(),
                own.stream().mapToLong(Long::longValue).sorted().toArray());
        report.line("  %-58s %s", "wait the budget imposed (slot free or detected, later)", Percentiles.describe(split.budgetWait()));
        report.line("  %-58s %s", "Kanal's own overhead (that moment -> call)", Percentiles.describe(split.own()));
        report.line("  pauses a 429 set on the shared budgets (ends, epoch ms): %s", round.pausesUntil());
        return split;
    }

    // ------------------------------------------------------------------ set-up and clean-up

    /** Removes what this run stored: its client's rows in Kanal's database, its ERP schema, its poll job. */
    private void cleanUp() {
        try {
            camel.getRouteController().stopRoute("source-poll-" + CLIENT);
            quartz.unscheduleJob(TriggerKey.triggerKey(CLIENT, "kanal-source-poll"));
            quartz.deleteJob(JobKey.jobKey(CLIENT, "kanal-source-poll"));
            long start = System.nanoTime();
            while (!queuesEmpty() && System.nanoTime() - start < 60_000_000_000L) {
                Thread.sleep(200);
            }
            String accounts = "(SELECT id FROM channel_account WHERE client_id = " + clientId + ")";
            jdbc.update("DELETE FROM listing_mapping WHERE listing_id IN (SELECT id FROM listing WHERE channel_account_id IN " + accounts + ")");
            jdbc.update("DELETE FROM listing_push WHERE channel_account_id IN " + accounts);
            jdbc.update("DELETE FROM listing WHERE channel_account_id IN " + accounts);
            jdbc.update("DELETE FROM channel_account_warehouse WHERE channel_account_id IN " + accounts);
            jdbc.update("DELETE FROM channel_account_status WHERE channel_account_id IN " + accounts);
            jdbc.update("DELETE FROM channel_account WHERE client_id = ?", clientId);
            jdbc.update("DELETE FROM stock_level WHERE client_id = ?", clientId);
            jdbc.update("DELETE FROM sku WHERE client_id = ?", clientId);
            jdbc.update("DELETE FROM warehouse WHERE client_id = ?", clientId);
            jdbc.update("DELETE FROM inventory_status WHERE client_id = ?", clientId);
            for (String table : List.of("erp_writer_lock", "shipment_import_cursor", "invoice_import_cursor", "erp_correction_cursor")) {
                if (jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class, table)) {
                    jdbc.update("DELETE FROM " + table + " WHERE client_id = ?", clientId); // the client's cursors and lock, started with it
                }
            }
            jdbc.update("DELETE FROM client WHERE id = ?", clientId);
            if (jdbc.queryForObject("SELECT to_regclass('stock_recalculation') IS NOT NULL", Boolean.class)) {
                jdbc.update("DELETE FROM stock_recalculation WHERE client_code = ?", CLIENT);
            }
            jdbc.execute("DROP SCHEMA IF EXISTS " + ERP_SCHEMA + " CASCADE");
            vacuum();
            System.out.println(BenchReport.PREFIX + "removed the run's data (client " + CLIENT + ", schema " + ERP_SCHEMA + ")");
        } catch (Exception e) {
            System.out.println(BenchReport.PREFIX + "clean-up incomplete: " + e);
        }
    }

    /**
     * Where autovacuum is off (this machine), the 200,000 listings and 100,000 SKUs an earlier
     * run deleted stay in the tables and their indexes as dead rows, and every later run plans
     * and scans through them: the calculator's query took 47-74 ms to plan instead of 7 on a
     * database four runs old. Each run therefore starts from, and leaves, vacuumed tables.
     */
    private void vacuum() {
        for (String table : List.of("listing_mapping", "listing_push", "listing", "stock_level", "sku", "stock_recalculation")) {
            if (jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class, table)) {
                jdbc.execute("VACUUM (ANALYZE) " + table);
            }
        }
    }

    private static Path writeClientFile() {
        TestEnvironment.ErpDatabase erp = TestEnvironment.sandboxErpSchema(ERP_SCHEMA, "kanal-bench-erp-" + RUN);
        String sandbox = "http://127.0.0.1:" + SANDBOX_PORT + "/sandbox";
        String yaml = """
                id: %1$s
                name: Benchmark client
                source:
                  type: subiekt
                  jdbc-url: "%2$s"
                  jdbc-user: %3$s
                  jdbc-password: "%4$s"
                  gateway-url: %5$s/subiekt
                  poll-interval: %6$s
                fulfilment-centres:
                  - {warehouse: MAG, priority: 1}
                inventory-statuses: [available]
                channel-accounts:
                """.formatted(CLIENT, erp.url(), erp.user(), erp.password(), sandbox, POLL_INTERVAL);
        for (StockOutChannel channel : CHANNELS) {
            yaml += channel.clientFileEntry(sandbox);
        }
        Path dir = TestEnvironment.tempDir("kanal-bench-clients-");
        try {
            Files.writeString(dir.resolve(CLIENT + ".yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    // ------------------------------------------------------------------ the data

    /**
     * The catalogue: SKU {@code BENCH-000000..} with 2..41 units in MAG, one reserved on every
     * fifth; each measured round changes every (N/M)-th SKU (see {@link #measuredChanges}); the warm-up round changes SKUs halfway between those.
     */
    static final class Plan {

        record Change(int index, long onHand) {
        }

        final int skus;
        final int changes;
        final int stride;
        final int warmup;

        Plan(int skus, int changes, int warmup) {
            if (changes < 1 || changes > skus) {
                throw new IllegalArgumentException("bench.changes must be between 1 and bench.skus");
            }
            this.skus = skus;
            this.changes = changes;
            this.stride = skus / changes;
            this.warmup = stride >= 2 ? Math.min(warmup, changes) : 0;
        }

        String code(int i) {
            return String.format("BENCH-%06d", i);
        }

        int index(String code) {
            return Integer.parseInt(code.substring("BENCH-".length()));
        }

        long onHand(int i) {
            return 2 + i % 40;
        }

        long reserved(int i) {
            return i % 5 == 0 ? 1 : 0;
        }

        /** What Kanal calculates for every account: on hand minus reserved in MAG (no buffer, no cap). */
        int sellable(int i, long onHand) {
            return (int) Math.max(0, onHand - reserved(i));
        }

        StockRow row(int i, long onHand) {
            return new StockRow(code(i), code(i), "MAG", onHand, reserved(i), false);
        }

        /** Round r (1..): every tenth SKU sells out in odd rounds; the others get +1..+7 units, and 10 more each round. */
        List<Change> measuredChanges(int r) {
            List<Change> list = new ArrayList<>(changes);
            for (int k = 0; k < changes; k++) {
                int i = k * stride;
                list.add(new Change(i, k % 10 == 0 && r % 2 == 1 ? reserved(i) : onHand(i) + 1 + (k + r) % 7 + 10L * r));
            }
            return list;
        }

        /**
         * Warm-up round w (1..): the SKUs halfway between the measured ones, changed as a measured
         * round changes its own (every tenth sells out in odd rounds, the others get more units),
         * so the rounds run code the JIT has already compiled for them.
         */
        List<Change> warmupChanges(int w) {
            List<Change> list = new ArrayList<>(warmup);
            for (int j = 0; j < warmup; j++) {
                int i = j * stride + stride / 2;
                list.add(new Change(i, j % 10 == 0 && w % 2 == 1 ? reserved(i) : onHand(i) + 10 + w));
            }
            return list;
        }
    }
}
