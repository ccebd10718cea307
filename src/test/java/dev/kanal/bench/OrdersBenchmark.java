package dev.kanal.bench;

import dev.kanal.demo.DemoConfiguration;
import dev.kanal.TestEnvironment;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.connector.ChannelOrderSource.RawOrder;
import dev.kanal.connector.subiekt.SourceDataSources;
import dev.kanal.orders.OrderPoller;
import dev.kanal.orders.ReceivedOrders;
import dev.kanal.sandbox.subiekt.SubiektSandboxDatabase;
import dev.kanal.sandbox.subiekt.SubiektSandboxDatabase.StockRow;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.camel.CamelContext;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Flow 2 (orders in) at volume, on the whole application as it runs in production: real
 * PostgreSQL, the embedded Artemis broker with its journal on disk, the routes from routes/, the
 * channel sandboxes and the Subiekt gateway sandbox over HTTP in a JVM of their own. Not a test:
 * it measures and prints, and fails only when the orders are not done within the time limit (then
 * it says where they are stuck). Run it with
 * {@code ./mvnw -B test -Pbenchmark -Dtest=OrdersBenchmark} (docs/performance.md).
 *
 * <p>Steps: a catalogue of S SKUs with plenty of stock in the sandbox ERP, listed in sync on every
 * channel account (Back Market sellers and WooCommerce shops); N orders created in the channel
 * sandboxes through their control APIs and read back raw by Kanal's own order poller (so their
 * JSON is exactly what the poll queues); the order-poll routes stay stopped. The clock starts
 * when the harness puts them on {@code kanal.orders.received} with the poll's headers
 * ({@link ReceivedOrders#receive}, what the poll route and the WooCommerce webhook call), at full
 * speed or at {@code -Dbench.rate} orders a second. An order is done when its ZK exists in the
 * ERP ({@code order_event} IN_ERP) and every listing of its SKUs on every account was sent a
 * quantity that counts its allocation (see {@link #pushTimes}). A warm-up batch of other orders
 * runs first, measured the same way but not counted.
 *
 * <p>Next to the figures, measured in the same run: PostgreSQL's single-row commit rate on this
 * machine (one connection and several) and the broker's persistent send+commit rate, the floors
 * every hop of the flow stands on.
 */
@Tag("benchmark")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("test")
@Import(DemoConfiguration.class) // the sandboxes, when they run in this JVM (bench.sandboxes-in-process)
class OrdersBenchmark {

    // ------------------------------------------------------------------ parameters (-Dbench.*)

    static final int ORDERS = Integer.getInteger("bench.orders", 10_000);
    /** Orders run through the flow before the measured ones (same path, not counted); 0: none. */
    static final int WARMUP = Integer.getInteger("bench.warmup", Math.min(500, Math.max(0, ORDERS / 10)));
    /** Channel accounts: every third a WooCommerce shop, the others Back Market sellers (3: bm-1, bm-2, woo-3). */
    static final int ACCOUNTS = Integer.getInteger("bench.accounts", 3);
    static final int SKUS = Integer.getInteger("bench.skus", 200);
    /** Orders a second put on the received queue; 0: as fast as the injectors go. */
    static final int RATE = Integer.getInteger("bench.rate", 0);
    /** Threads putting orders on the received queue (a poll queues from one thread per account). */
    static final int INJECTORS = Integer.getInteger("bench.injectors", 4);
    /** How often the harness reads the listings' last sent quantities (the push times come from Kanal's own column). */
    static final int SAMPLE_MILLIS = Integer.getInteger("bench.sample-ms", 50);
    static final int TIMEOUT_SECONDS = Integer.getInteger("bench.timeout-seconds", 300);
    /** Commits per figure of the PostgreSQL and broker commit-rate probes. */
    static final int PROBE_COMMITS = Integer.getInteger("bench.probe-commits", 2_000);
    static final int PROBE_CONNECTIONS = Integer.getInteger("bench.probe-connections", 4);
    /** Sends per commit of the batched broker probe. */
    static final int BROKER_BATCH = Integer.getInteger("bench.probe-broker-batch", 100);
    /** Thread dumps every 50 ms during the measured phase (costs some CPU: leave off for headline figures). */
    static final boolean PROFILE = Boolean.getBoolean("bench.profile");
    static final boolean KEEP_DATA = Boolean.getBoolean("bench.keep-data");
    static final String SANDBOX_HEAP = System.getProperty("bench.sandbox-heap", "1g");
    static final int CALLS_PER_MINUTE = 10_000;

    // ------------------------------------------------------------------ the run (static: the client file precedes the app)

    static final HeapMonitor WHOLE_RUN = new HeapMonitor("run", 50);
    static final Path DATA_DIR = TestEnvironment.tempDir("kanal-bench-");
    static final int PORT = TestEnvironment.freePort();
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String CLIENT = "bench-orders-" + RUN;
    static final String ERP_SCHEMA = "erp_" + CLIENT.replace('-', '_');
    static final List<Account> ACCOUNT_LIST = accounts();
    static final int SANDBOX_PORT = TestEnvironment.freePort();
    static final Path CLIENTS_DIR = writeClientFile();
    static final Process SANDBOXES = BenchSupport.startSandboxes(RUN, SANDBOX_HEAP, SANDBOX_PORT, CLIENTS_DIR, DATA_DIR.resolve("sandboxes"));
    static final String BM_CONTROL = "/sandbox/backmarket/_control";
    static final String ADMIN = BenchHttp.basic("admin", "test-secret");

    /** One channel account of the run: its id in the client file and its sandbox credentials. */
    record Account(String id, boolean woo, String token, String key, String secret) {

        String bmAuth() {
            return "Basic " + token;
        }

        String wooShop() {
            return "/sandbox/woocommerce/_control/shops/" + key;
        }
    }

    @DynamicPropertySource
    static void runProperties(DynamicPropertyRegistry registry) {
        BenchSupport.runProperties(registry, RUN, DATA_DIR, CLIENTS_DIR, PORT, false);
        // the harness queues the orders itself; the poll routes are stopped at once, and would find nothing new anyway
        registry.add("kanal.orders.poll-interval", () -> "1h");
        // production's default, not the test profile's look at every poll (the client's shipment poll runs every second)
        registry.add("kanal.orders.erp.deletion-check-every", () -> "60s");
    }

    @Autowired JdbcTemplate jdbc;
    @Autowired ClientRegistry clients;
    @Autowired SourceDataSources sources;
    @Autowired CamelContext camel;
    @Autowired EmbeddedActiveMQ broker;
    @Autowired ConnectionFactory jmsConnections;
    @Autowired OrderPoller orderPoller;
    @Autowired ReceivedOrders received;
    @Value("${kanal.messaging.queues.orders-received.name}") String receivedQueue;
    @Value("${kanal.messaging.queues.orders-translated.name}") String translatedQueue;
    @Value("${kanal.messaging.queues.orders-accepted.name}") String acceptedQueue;
    @Value("${kanal.messaging.queues.stock-changed.name}") String stockChangedQueue;
    @Value("${kanal.messaging.queues.channel-stock.name}") String channelStockQueue;
    @Value("${kanal.messaging.dead-letter-suffix:.dlq}") String dlqSuffix;

    final BenchReport report = new BenchReport();
    final BenchHttp http = new BenchHttp(PORT);
    final BenchHttp sandboxHttp = new BenchHttp(SANDBOX_PORT);
    final SubiektSandboxDatabase erpSandbox = new SubiektSandboxDatabase();
    final Plan plan = new Plan(SKUS, ACCOUNTS, WARMUP + ORDERS);
    /** Raw JSON and channel order id of each planned order (index = plan index). */
    final String[] json = new String[WARMUP + ORDERS];
    final String[] channelOrderId = new String[WARMUP + ORDERS];
    /** When each order was on the received queue (wall clock ms, comparable with Kanal's timestamps). */
    final long[] injectedAt = new long[WARMUP + ORDERS];
    long clientId;
    ListingSampler sampler;
    /** CPU per order by process and the database's commits, of the last phase (for the figures line). */
    String phaseFigures = "";

    @Test
    void orders() throws Exception {
        try {
            run();
        } finally {
            if (sampler != null) {
                sampler.close();
            }
            report.write(Path.of("target", "benchmark", "orders-" + RUN + ".txt"));
            SANDBOXES.destroy();
            if (!KEEP_DATA) {
                cleanUp();
            }
        }
    }

    private void run() throws Exception {
        report.line("orders benchmark, run %s: orders=%d warmup=%d accounts=%d skus=%d rate=%s injectors=%d sample-ms=%d profile=%s",
                RUN, ORDERS, WARMUP, ACCOUNTS, SKUS, RATE == 0 ? "full speed" : RATE + "/s", INJECTORS, SAMPLE_MILLIS, PROFILE);
        report.line("machine: %d cores, load average %s, JVM max heap %s MB, %s %s", Runtime.getRuntime().availableProcessors(),
                BenchSupport.loadAverage(), HeapMonitor.mb(HeapMonitor.maxHeap()), System.getProperty("java.vm.name"), System.getProperty("java.version"));
        report.line("client %s: accounts %s, mapping sku, warehouse MAG, %d calls a minute each; sandboxes and ERP gateway in their own JVM",
                CLIENT, ACCOUNT_LIST.stream().map(a -> a.id() + (a.woo() ? " (woocommerce)" : " (backmarket)")).toList(), CALLS_PER_MINUTE);
        clientId = jdbc.queryForObject("SELECT id FROM client WHERE code = ?", Long.class, CLIENT);
        for (Account a : ACCOUNT_LIST) {
            String route = "order-poll-" + CLIENT + "-" + a.id();
            if (camel.getRoute(route) != null) {
                camel.getRouteController().stopRoute(route);
            }
        }

        // ---- 0. the floors: PostgreSQL and broker commit rates on this machine, now
        String floors = commitFloors();

        // ---- 1. catalogue in the ERP and on every account, in sync
        String pollRoute = "source-poll-" + CLIENT;
        DataSource erp = sources.of(CLIENT, clients.require(CLIENT).source());
        long t = System.nanoTime();
        List<StockRow> rows = new ArrayList<>();
        for (int i = 0; i < SKUS; i++) {
            rows.add(new StockRow(plan.code(i), plan.code(i), "MAG", plan.onHand(), 0, false));
        }
        erpSandbox.setStock(erp, rows);
        for (Account a : ACCOUNT_LIST) {
            if (a.woo()) {
                sandboxHttp.send("POST", "/sandbox/woocommerce/_control/shops", null,
                        Map.of("consumer_key", a.key(), "consumer_secret", a.secret(), "currency", "EUR", "permissions", "read_write"), 200, 201);
                ArrayNode products = BenchHttp.JSON.createArrayNode();
                for (int i = 0; i < SKUS; i++) {
                    products.addObject().put("name", "Bench phone " + plan.code(i)).put("sku", plan.code(i))
                            .put("regular_price", "99.00").put("manage_stock", true).put("stock_quantity", plan.onHand());
                }
                sandboxHttp.sendDiscarding("POST", a.wooShop() + "/products", null, products, 200, 201);
            } else {
                sandboxHttp.send("PUT", BM_CONTROL + "/rate-limit", a.bmAuth(),
                        Map.of("requests", 1_000_000, "windowSeconds", 1, "blockSeconds", 0, "retryAfterHeader", false), 200);
                ArrayNode listings = BenchHttp.JSON.createArrayNode();
                for (int i = 0; i < SKUS; i++) {
                    listings.addObject().put("sku", plan.code(i)).put("quantity", plan.onHand()).put("price", "199.90")
                            .put("title", "Bench phone " + plan.code(i));
                }
                sandboxHttp.sendDiscarding("POST", BM_CONTROL + "/listings", a.bmAuth(), listings, 201);
            }
        }
        report.stage("1 load " + SKUS + " SKUs into the ERP and list them on " + ACCOUNTS + " accounts", t);
        t = System.nanoTime();
        BenchSupport.awaitTrue("stock levels of every SKU", 300, 200,
                () -> jdbc.queryForObject("SELECT COUNT(*) FROM stock_level WHERE client_id = ?", Long.class, clientId) == SKUS);
        for (Account a : ACCOUNT_LIST) {
            JsonNode summary = http.send("POST", "/admin/clients/" + CLIENT + "/accounts/" + a.id() + "/listings/import?wait=true", ADMIN, null, 200);
            assertThat(summary.path("unmapped").asInt()).as("unmapped listings of " + a.id()).isZero();
        }
        BenchSupport.awaitTrue("no listing pending", 300, 200, () -> pendingListings() == 0 && queuesEmpty());
        report.stage("2 first ERP poll, listings imported, nothing to push", t);

        // ---- 2. the orders, in the channel sandboxes, read back raw by Kanal's poller
        t = System.nanoTime();
        createOrders();
        report.stage("3 create " + (WARMUP + ORDERS) + " orders in the channel sandboxes (control APIs)", t);
        t = System.nanoTime();
        readRaw();
        report.stage("4 read them back raw with Kanal's order poller (not queued)", t);

        sampler = new ListingSampler();
        Set<Long> ourBackends = BenchSupport.ourBackends(jdbc, RUN);
        if (WARMUP > 0) {
            Phase warm = phase("warm-up", 0, WARMUP, ourBackends);
            report.line("warm-up: %d orders done after %.2f s (%s)", WARMUP, warm.wallMillis() / 1000.0, warm.complete() ? "all" : "NOT all");
            assertThat(warm.complete()).as("every warm-up order done within " + TIMEOUT_SECONDS + " s").isTrue();
        }
        BenchSupport.resetCamelStatistics(camel, flowRoutes());
        Map<String, JsonNode> callsBefore = channelStats();
        JsonNode gatewayBefore = gatewayStats();
        Map<String, Long> queueAdds = queueAdds();
        Phase measured = phase("measured", WARMUP, WARMUP + ORDERS, ourBackends);

        // ---- figures
        Latencies lat = latencies(WARMUP, WARMUP + ORDERS);
        report.line("");
        report.line("latency per order (ms) from put on kanal.orders.received, from Kanal's own timestamps:");
        lat.stats.forEach((name, values) -> report.line("  %-58s %s", name, Percentiles.describe(values)));
        long[] done = lat.stats.get("received -> done (ERP order created and all stock pushed)");
        long[] doneAt = lat.doneAt.clone();
        Arrays.sort(doneAt);
        long firstIn = Arrays.stream(injectedAt, WARMUP, WARMUP + ORDERS).min().orElse(0);
        long lastIn = Arrays.stream(injectedAt, WARMUP, WARMUP + ORDERS).max().orElse(0);
        double sustained = doneAt.length == 0 ? 0 : doneAt.length * 1000.0 / Math.max(1, doneAt[doneAt.length - 1] - firstIn);
        double steady = steadyRate(doneAt);
        double injectRate = ORDERS * 1000.0 / Math.max(1, lastIn - firstIn);
        report.line("");
        report.line("throughput: %d orders done of %d; %.0f orders/s sustained (first received -> last done, %.2f s); "
                        + "%.0f orders/s steady (done between the 10th and 90th percentile of completion times); injected at %.0f orders/s",
                doneAt.length, ORDERS, sustained, doneAt.length == 0 ? 0 : (doneAt[doneAt.length - 1] - firstIn) / 1000.0, steady, injectRate);

        if (RATE > 0) {
            long[] inErp = lat.stats.get("received -> ERP order created");
            report.line("offered %d orders/s (injected at %.0f/s): received -> in ERP p50 %d ms, p90 %d ms, p99 %d ms, max %d ms "
                            + "(target p99 under 1 s: %s)", RATE, injectRate, Percentiles.at(inErp, 50), Percentiles.at(inErp, 90),
                    Percentiles.at(inErp, 99), Percentiles.at(inErp, 100), Percentiles.at(inErp, 99) < 1000 ? "met" : "NOT met");
        }
        report.line("");
        report.line("API calls in the measured phase:");
        Map<String, JsonNode> callsAfter = channelStats();
        Map<String, Long> apiCalls = new LinkedHashMap<>();
        for (Account a : ACCOUNT_LIST) {
            JsonNode before = callsBefore.get(a.id());
            JsonNode after = callsAfter.get(a.id());
            if (a.woo()) {
                long calls = after.path("total_calls").asLong() - before.path("total_calls").asLong();
                apiCalls.put(a.id(), calls);
                report.line("  %s (WooCommerce): %d calls, %d batch calls, %d items updated; by endpoint since the start %s", a.id(), calls,
                        after.path("batch_calls").asLong() - before.path("batch_calls").asLong(),
                        after.path("items_updated").asLong() - before.path("items_updated").asLong(), after.path("calls"));
            } else {
                long calls = after.path("totalCalls").asLong() - before.path("totalCalls").asLong();
                apiCalls.put(a.id(), calls);
                report.line("  %s (Back Market): %d calls, %d listing updates, %d answered 429; by endpoint since the start %s", a.id(), calls,
                        after.path("listingUpdates").asLong() - before.path("listingUpdates").asLong(),
                        after.path("tooManyRequests").asLong() - before.path("tooManyRequests").asLong(), after.path("calls"));
            }
        }
        erpBatches();
        JsonNode gatewayAfter = gatewayStats();
        long erpAdds = gatewayAfter.path("ordersAdded").asLong() - gatewayBefore.path("ordersAdded").asLong();
        report.line("  ERP gateway: %d orders added; calls since the start %s", erpAdds, gatewayAfter.path("calls"));
        Map<String, Long> added = queueAdds();
        report.line("  broker messages added: %s", queueAdds.keySet().stream()
                .map(q -> q + " " + (added.get(q) - queueAdds.get(q))).toList());
        BenchSupport.camelStatistics(camel, flowRoutes(), report, "phase");

        HeapMonitor heap = measured.heap();
        report.line("");
        report.line("heap in the measured phase (MB; Kanal only, the sandboxes run in their own JVM): peak used %s, peak just before a GC %s, "
                        + "peak still used after a GC %s; %d GCs, %d ms", HeapMonitor.mb(heap.peakUsed()), HeapMonitor.mb(heap.peakBeforeGc()),
                HeapMonitor.mb(heap.peakAfterGc()), heap.collections(), heap.gcMillis());
        report.line("");
        report.line(floors);
        report.line("");
        report.line(String.format("BENCHMARK orders: orders=%d accounts=%d skus=%d rate=%s done=%d ordersPerSecond=%.0f steadyOrdersPerSecond=%.0f "
                        + "totalSeconds=%.2f p50Ms=%d p90Ms=%d p99Ms=%d maxMs=%d erpP99Ms=%d pushP99Ms=%d apiCalls=%s erpOrdersAdded=%d "
                        + "peakHeapMb=%s %s %s", ORDERS, ACCOUNTS, SKUS, RATE == 0 ? "max" : String.valueOf(RATE), doneAt.length, sustained, steady,
                measured.wallMillis() / 1000.0, Percentiles.at(done, 50), Percentiles.at(done, 90), Percentiles.at(done, 99),
                Percentiles.at(done, 100), Percentiles.at(lat.stats.get("received -> ERP order created"), 99),
                Percentiles.at(lat.stats.get("received -> all stock pushed"), 99), apiCalls, erpAdds, HeapMonitor.mb(heap.peakUsed()),
                phaseFigures, floors.replace("commit floors: ", "")));
        report.line("run took %.0f s", report.elapsedSeconds());
        assertThat(measured.complete()).as("every measured order done within " + TIMEOUT_SECONDS + " s").isTrue();
    }

    // ------------------------------------------------------------------ the orders

    /** Creates every planned order on its channel, as a customer would (paid), in a few threads. */
    private void createOrders() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < WARMUP + ORDERS; i++) {
                int k = i;
                work.add(pool.submit(() -> createOrder(k)));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void createOrder(int k) {
        Account a = ACCOUNT_LIST.get(plan.account(k));
        int[] skus = plan.skus(k);
        if (a.woo()) {
            ObjectNode body = BenchHttp.JSON.createObjectNode().put("status", "processing").put("set_paid", true).put("payment_method", "bacs");
            body.putObject("shipping").put("first_name", "Jan").put("last_name", "Bench" + k);
            ArrayNode lines = body.putArray("line_items");
            for (int s : skus) {
                lines.addObject().put("sku", plan.code(s)).put("quantity", 1);
            }
            channelOrderId[k] = sandboxHttp.send("POST", a.wooShop() + "/orders", null, body, 201).path("id").asText();
        } else {
            ObjectNode body = BenchHttp.JSON.createObjectNode().put("state", 1);
            body.putObject("shipping_address").put("firstName", "Luc").put("lastName", "Bench" + k).put("company", "");
            ArrayNode lines = body.putArray("orderlines");
            for (int s : skus) {
                lines.addObject().put("listing", plan.code(s)).put("quantity", 1).put("price", "199.90");
            }
            String id = sandboxHttp.send("POST", BM_CONTROL + "/orders", a.bmAuth(), body, 201).path("order_id").asText();
            channelOrderId[k] = id;
        }
    }

    /** The raw JSON of each order, as the account's order poll reads it (the cursor is not moved). */
    private void readRaw() {
        for (int ai = 0; ai < ACCOUNTS; ai++) {
            Account a = ACCOUNT_LIST.get(ai);
            Map<String, Integer> index = new HashMap<>();
            for (int k = 0; k < WARMUP + ORDERS; k++) {
                if (plan.account(k) == ai) {
                    index.put(channelOrderId[k], k);
                }
            }
            OrderPoller.Polled polled = orderPoller.poll(CLIENT, a.id());
            for (RawOrder raw : polled.orders()) {
                Integer k = index.get(raw.channelOrderId());
                if (k != null) {
                    json[k] = raw.json();
                }
            }
            long found = index.values().stream().filter(k -> json[k] != null).count();
            report.line("     %s: %d orders read by the poller, %d of the %d planned", a.id(), polled.count(), found, index.size());
            assertThat(found).as("orders of " + a.id() + " read back").isEqualTo(index.size());
        }
    }

    record Phase(long wallMillis, boolean complete, HeapMonitor heap) {
    }

    /**
     * Puts orders [from, to) on the received queue and waits until every one is in the ERP and
     * every listing shows the stock left once all of them were allocated; prints progress every
     * second. On a time-out, says where the orders are.
     */
    private Phase phase(String name, int from, int to, Set<Long> ourBackends) throws Exception {
        long heapBaseline = HeapMonitor.usedAfterFullGc();
        report.line("");
        report.line("=== %s: %d orders; heap after full GC before: %s MB; load average %s", name, to - from, HeapMonitor.mb(heapBaseline),
                BenchSupport.loadAverage());
        HeapMonitor heap = new HeapMonitor(name, 50);
        StackSampler profiler = PROFILE && !"warm-up".equals(name) ? new StackSampler(50) : null;
        CpuMeter.Snapshot cpuBefore = CpuMeter.take(ourBackends);
        long sandboxTicksBefore = processTicks(SANDBOXES.pid());
        long[] commitsBefore = databaseTransactions();
        long inErpBefore = inErp();
        long t0Nanos = System.nanoTime();
        AtomicReference<Throwable> injectFailure = new AtomicReference<>();
        AtomicInteger next = new AtomicInteger(from);
        AtomicInteger injected = new AtomicInteger();
        ExecutorService injectors = Executors.newFixedThreadPool(INJECTORS);
        for (int n = 0; n < INJECTORS; n++) {
            injectors.submit(() -> {
                try {
                    for (int k = next.getAndIncrement(); k < to; k = next.getAndIncrement()) {
                        if (RATE > 0) {
                            long due = t0Nanos + (long) ((k - from) * (1e9 / RATE));
                            long wait = due - System.nanoTime();
                            if (wait > 0) {
                                TimeUnit.NANOSECONDS.sleep(wait);
                            }
                        }
                        Account a = ACCOUNT_LIST.get(plan.account(k));
                        received.receive(CLIENT, a.id(), channelOrderId[k], "poll", json[k]);
                        injectedAt[k] = System.currentTimeMillis();
                        injected.incrementAndGet();
                    }
                } catch (Throwable e) {
                    injectFailure.compareAndSet(null, e);
                }
            });
        }
        injectors.shutdown();

        int units = plan.units(0, to);
        report.line("  %7s %9s %9s %9s %9s %9s %9s %9s %9s %9s", "t (s)", "injected", "q.recv", "q.transl", "q.accept", "q.stock",
                "q.chan", "in ERP", "alloc'd", "lst.todo");
        /** One look at where the phase's orders are: a progress line once a second; done when all are in. */
        class Progress {
            long nextPrint;
            long[] printed;
            long lastPrint;
            long doneNanos;
            long erpDone;

            /** True once the phase is done, or can no longer finish (injection failed, sandboxes gone). */
            boolean look() {
                if (injectFailure.get() != null || !SANDBOXES.isAlive()) {
                    return true;
                }
                erpDone = inErp() - inErpBefore;
                Map<Long, Long> allocated = allocatedBySku();
                long allocatedUnits = allocated.values().stream().mapToLong(Long::longValue).sum();
                int todo = sampler.listingsNotShowing(allocated);
                boolean done = injected.get() == to - from && erpDone >= to - from && allocatedUnits >= units && todo == 0;
                long now = System.nanoTime();
                if (done || now - t0Nanos >= nextPrint) {
                    long[] state = {injected.get(), depth(receivedQueue), depth(translatedQueue), depth(acceptedQueue),
                            depth(stockChangedQueue), depth(channelStockQueue), erpDone, allocatedUnits, todo};
                    if (done || !Arrays.equals(state, printed) || now - lastPrint >= 10_000_000_000L) {
                        report.line("  %7.2f %9d %9d %9d %9d %9d %9d %9d %9d %9d", (now - t0Nanos) / 1e9, state[0], state[1], state[2],
                                state[3], state[4], state[5], state[6], state[7], state[8]);
                        printed = state;
                        lastPrint = now;
                    }
                    nextPrint += 1_000_000_000L;
                }
                if (done) {
                    doneNanos = now;
                }
                return done;
            }

            /**
             * Each look counts every order and allocation of the run (PostgreSQL work growing with the
             * run, charged to the flow's figures): once a second, every 100 ms for the last 100 orders.
             */
            Duration untilNextLook() {
                return Duration.ofMillis(erpDone < to - from - 100 ? 1000 : 100);
            }
        }
        Progress progress = new Progress();
        long left = TIMEOUT_SECONDS * 1_000_000_000L - (System.nanoTime() - t0Nanos);
        try {
            Awaitility.await(name + " done").atMost(Duration.ofNanos(Math.max(left, 1_000_000_000L)))
                    .pollDelay(Duration.ZERO).pollInSameThread()
                    .pollInterval((polls, previous) -> progress.untilNextLook())
                    .until(progress::look);
        } catch (ConditionTimeoutException e) {
            // not done in time: said below, with where the orders are
        }
        long doneNanos = progress.doneNanos;
        injectors.shutdownNow();
        CpuMeter.Snapshot cpuAfter = CpuMeter.take(ourBackends);
        long sandboxTicks = processTicks(SANDBOXES.pid()) - sandboxTicksBefore;
        long[] commitsAfter = databaseTransactions();
        heap.close();
        if (profiler != null) {
            profiler.close();
        }
        if (injectFailure.get() != null) {
            report.line("  injection FAILED: %s", injectFailure.get());
        }
        if (!SANDBOXES.isAlive()) {
            report.line("  the sandbox JVM (channels and ERP gateway) exited with code %d: nothing more can finish; "
                    + "see target/benchmark/sandboxes-%s.log", SANDBOXES.exitValue(), RUN);
        }
        long wall = ((doneNanos == 0 ? System.nanoTime() : doneNanos) - t0Nanos) / 1_000_000;
        if (doneNanos == 0) {
            stuck(name, from, to);
        } else {
            report.line("  %s: every order in the ERP and every listing pushed after %.2f s (harness poll every 1 s, every 100 ms for the last 100 orders)", name, wall / 1000.0);
            int wrong = wrongOnChannels();
            report.line("  channel sandboxes showing a quantity other than the ERP stock minus the allocations: %d listings", wrong);
            report.line("");
            report.line("CPU during the %s phase (first order queued -> last order done):", name);
            report.lines(CpuMeter.report(cpuBefore, cpuAfter));
            double seconds = wall / 1000.0;
            long commits = commitsAfter[0] - commitsBefore[0];
            long rollbacks = commitsAfter[1] - commitsBefore[1];
            CpuMeter.PerProcess cpu = CpuMeter.perProcess(cpuBefore, cpuAfter, sandboxTicks);
            int orders = to - from;
            report.line("  sandbox JVM (channels and ERP gateway, pid %d) %.2f s CPU", SANDBOXES.pid(), cpu.sandboxSeconds());
            report.line("  CPU per order (core-ms): Kanal %.1f, PostgreSQL %.1f (all its processes; the sandbox ERP's schema is in it too), "
                            + "sandbox JVM %.1f; together %.1f", cpu.kanalSeconds() * 1000 / orders, cpu.postgresSeconds() * 1000 / orders,
                    cpu.sandboxSeconds() * 1000 / orders, (cpu.kanalSeconds() + cpu.postgresSeconds() + cpu.sandboxSeconds()) * 1000 / orders);
            report.line("  PostgreSQL transactions in database %s (pg_stat_database; Kanal, the sandbox ERP and the harness): "
                            + "%d commits (%.0f/s, %.1f per order), %d rollbacks", commitsAfter[2] == 0 ? "?" : jdbc.queryForObject(
                            "SELECT current_database()", String.class), commits, commits / Math.max(0.001, seconds), commits / (double) orders,
                    rollbacks);
            phaseFigures = String.format("kanalCpuMsPerOrder=%.1f pgCpuMsPerOrder=%.1f sandboxCpuMsPerOrder=%.1f pgCommitsPerSecondInRun=%.0f "
                            + "pgCommitsPerOrder=%.1f", cpu.kanalSeconds() * 1000 / orders, cpu.postgresSeconds() * 1000 / orders,
                    cpu.sandboxSeconds() * 1000 / orders, commits / Math.max(0.001, seconds), commits / (double) orders);
            if (profiler != null) {
                report.line("");
                report.line("sampled thread stacks during the %s phase:", name);
                report.lines(profiler.report(6));
            }
        }
        return new Phase(wall, doneNanos != 0, heap);
    }

    /** After a time-out: where the orders of the phase are, by status, and what the queues hold. */
    private void stuck(String name, int from, int to) {
        report.line("  %s NOT DONE (time-out %d s). Orders of the client by sales_order.status (hold reasons grouped):", name, TIMEOUT_SECONDS);
        jdbc.query("""
                SELECT status, COALESCE(LEFT(hold_reason, 80), ''), erp_order_ref IS NOT NULL, allocated_at IS NOT NULL, COUNT(*)
                  FROM sales_order WHERE client_id = ? GROUP BY 1, 2, 3, 4 ORDER BY 5 DESC LIMIT 20""", rs -> {
            report.line("    %-18s in ERP %-5s allocated %-5s %6d  %s", rs.getString(1), rs.getBoolean(3), rs.getBoolean(4), rs.getLong(5),
                    rs.getString(2));
        }, clientId);
        long imported = jdbc.queryForObject("SELECT COUNT(*) FROM sales_order WHERE client_id = ?", Long.class, clientId);
        report.line("    orders queued so far %d, imported %d", IntStream.range(0, to).filter(k -> injectedAt[k] > 0).count(), imported);
        jdbc.query("""
                SELECT e.type, COUNT(*), MAX(LEFT(e.detail, 120)) FROM order_event e JOIN sales_order o ON o.id = e.order_id
                 WHERE o.client_id = ? GROUP BY e.type ORDER BY 1""", rs -> {
            report.line("    order_event %-20s %6d  e.g. %s", rs.getString(1), rs.getLong(2), rs.getString(3));
        }, clientId);
        for (String q : List.of(receivedQueue, translatedQueue, acceptedQueue, stockChangedQueue, channelStockQueue)) {
            report.line("    queue %-32s %6d messages, dead-letter %d", q, depth(q), depth(q + dlqSuffix));
        }
        report.line("    listings not showing the stock left after the allocations: %d (of %d)", sampler.listingsNotShowing(allocatedBySku()),
                sampler.listingCount());
        jdbc.query("""
                SELECT a.code, COUNT(*) FILTER (WHERE l.push_error IS NOT NULL), MAX(l.push_error)
                  FROM listing_push l JOIN channel_account a ON a.id = l.channel_account_id WHERE a.client_id = ? GROUP BY a.code""", rs -> {
            report.line("    listings of %s with a push error: %d %s", rs.getString(1), rs.getLong(2), rs.getString(3) == null ? "" : rs.getString(3));
        }, clientId);
    }

    // ------------------------------------------------------------------ latency

    record Latencies(Map<String, long[]> stats, long[] doneAt) {
    }

    /**
     * Per order of [from, to): received (the harness's clock when the queue took it),
     * translated ({@code sales_order.received_at}, set by the import), allocated
     * ({@code sales_order.allocated_at}), in the ERP (the IN_ERP {@code order_event}), all stock
     * pushed ({@link #pushTimes}). Orders not done are left out (and counted by the caller).
     */
    private Latencies latencies(int from, int to) {
        Map<String, Integer> byKey = new HashMap<>();
        for (int k = from; k < to; k++) {
            byKey.put(ACCOUNT_LIST.get(plan.account(k)).id() + "/" + channelOrderId[k], k);
        }
        Map<Long, long[]> pushed = pushTimes();
        List<long[]> rows = new ArrayList<>();
        jdbc.query("""
                SELECT a.code, o.channel_order_id, o.id, o.received_at, o.allocated_at,
                       (SELECT MIN(e.created_at) FROM order_event e WHERE e.order_id = o.id AND e.type = 'IN_ERP')
                  FROM sales_order o JOIN channel_account a ON a.id = o.channel_account_id WHERE o.client_id = ?""", rs -> {
            Integer k = byKey.get(rs.getString(1) + "/" + rs.getString(2));
            if (k == null) {
                return;
            }
            long[] push = pushed.get(rs.getLong(3));
            Timestamp allocated = rs.getTimestamp(5);
            Timestamp erp = rs.getTimestamp(6);
            if (allocated == null || erp == null || push == null || push[1] > 0) {
                return;
            }
            long in = injectedAt[k];
            rows.add(new long[] {in, rs.getTimestamp(4).getTime(), allocated.getTime(), erp.getTime(), push[0]});
        }, clientId);
        Map<String, long[]> stats = new LinkedHashMap<>();
        stats.put("received -> translated (imported)", rows.stream().mapToLong(r -> r[1] - r[0]).toArray());
        stats.put("translated -> allocated (+ channel acceptance queued)", rows.stream().mapToLong(r -> r[2] - r[1]).toArray());
        stats.put("allocated -> ERP order created", rows.stream().mapToLong(r -> r[3] - r[2]).toArray());
        stats.put("allocated -> all stock pushed", rows.stream().mapToLong(r -> r[4] - r[2]).toArray());
        stats.put("received -> ERP order created", rows.stream().mapToLong(r -> r[3] - r[0]).toArray());
        stats.put("received -> all stock pushed", rows.stream().mapToLong(r -> r[4] - r[0]).toArray());
        stats.put("received -> done (ERP order created and all stock pushed)", rows.stream().mapToLong(r -> Math.max(r[3], r[4]) - r[0]).toArray());
        if (rows.size() < to - from) {
            report.line("  %d of %d orders are not done and are left out of the latencies", to - from - rows.size(), to - from);
        }
        return new Latencies(stats, rows.stream().mapToLong(r -> Math.max(r[3], r[4])).toArray());
    }

    /**
     * When every listing of each order's SKUs, on every account, was first sent a quantity that
     * counts the order's allocation: by order id, {time, listings never seen so}. Nothing but
     * orders changes the stock in the run, so the quantity a listing should show right after
     * allocation row A of SKU s is on hand minus every allocation of s up to A; allocation ids
     * of one SKU are in commit order (the allocator holds the SKU's row lock from insert to
     * commit). The first sampled {@code last_sent_quantity} at or below that value carries the
     * time of the push ({@code last_sent_at}, written by the channel writer); when two pushes fall
     * between two samples the later one is seen, so a push time can be late by up to one
     * push interval, never early.
     */
    private Map<Long, long[]> pushTimes() {
        Map<Long, List<Long>> listingsOfSku = new HashMap<>();
        jdbc.query("""
                SELECT m.sku_id, l.id FROM listing l JOIN listing_mapping m ON m.listing_id = l.id
                  JOIN channel_account a ON a.id = l.channel_account_id WHERE a.client_id = ?""",
                rs -> {
                    listingsOfSku.computeIfAbsent(rs.getLong(1), s -> new ArrayList<>()).add(rs.getLong(2));
                }, clientId);
        Map<Long, Long> cumulative = new HashMap<>();
        Map<Long, long[]> result = new HashMap<>();
        jdbc.query("""
                SELECT al.id, al.sku_id, al.quantity, ol.order_id FROM allocation al JOIN order_line ol ON ol.id = al.order_line_id
                  JOIN sales_order o ON o.id = ol.order_id WHERE o.client_id = ? ORDER BY al.id""", rs -> {
            long sku = rs.getLong(2);
            long after = cumulative.merge(sku, rs.getLong(3), Long::sum);
            long expected = plan.onHand() - after;
            long[] order = result.computeIfAbsent(rs.getLong(4), o -> new long[2]);
            for (long listing : listingsOfSku.getOrDefault(sku, List.of())) {
                long at = sampler.firstSentAtOrBelow(listing, expected);
                if (at < 0) {
                    order[1]++;
                } else {
                    order[0] = Math.max(order[0], at);
                }
            }
        }, clientId);
        return result;
    }

    /** Orders done per second between the 10th and the 90th percentile of completion times (start and tail left out). */
    private static double steadyRate(long[] sortedDoneAt) {
        if (sortedDoneAt.length < 20) {
            return 0;
        }
        int lo = sortedDoneAt.length / 10;
        int hi = sortedDoneAt.length * 9 / 10;
        return (hi - lo) * 1000.0 / Math.max(1, sortedDoneAt[hi] - sortedDoneAt[lo]);
    }

    /**
     * Reads every listing of the client every {@code bench.sample-ms}: each change of
     * {@code last_sent_quantity} / {@code last_sent_at} is kept, so a listing's pushes can be told
     * apart afterwards. 3 x 200 rows by an index: a small load next to the flow's.
     */
    final class ListingSampler implements AutoCloseable {

        private final Map<Long, List<long[]>> seen = new ConcurrentHashMap<>();
        private final Map<Long, Long> skuOf = new HashMap<>();
        private final Thread thread;
        private volatile boolean running = true;
        private volatile long queries;

        ListingSampler() {
            jdbc.query("""
                    SELECT l.id, m.sku_id FROM listing l JOIN listing_mapping m ON m.listing_id = l.id
                      JOIN channel_account a ON a.id = l.channel_account_id WHERE a.client_id = ?""",
                    rs -> {
                        skuOf.put(rs.getLong(1), rs.getLong(2));
                    }, clientId);
            sample();
            thread = new Thread(() -> {
                while (running) {
                    try {
                        sample();
                        Thread.sleep(SAMPLE_MILLIS);
                    } catch (InterruptedException e) {
                        return;
                    } catch (RuntimeException e) {
                        System.out.println(BenchReport.PREFIX + "listing sample failed: " + e);
                    }
                }
            }, "bench-listing-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        private void sample() {
            jdbc.query("""
                    SELECT l.listing_id, l.last_sent_quantity, l.last_sent_at FROM listing_push l JOIN channel_account a ON a.id = l.channel_account_id
                     WHERE a.client_id = ? AND l.last_sent_at IS NOT NULL""", rs -> {
                long id = rs.getLong(1);
                long quantity = rs.getLong(2);
                long at = rs.getTimestamp(3).getTime();
                List<long[]> list = seen.computeIfAbsent(id, x -> new ArrayList<>());
                synchronized (list) {
                    long[] last = list.isEmpty() ? null : list.get(list.size() - 1);
                    if (last == null || last[0] != quantity || last[1] != at) {
                        list.add(new long[] {quantity, at});
                    }
                }
            }, clientId);
            queries++;
        }

        /** The push time of the first sampled push of {@code listing} with a quantity at or below {@code quantity}; -1: none. */
        long firstSentAtOrBelow(long listing, long quantity) {
            List<long[]> list = seen.getOrDefault(listing, List.of());
            synchronized (list) {
                for (long[] push : list) {
                    if (push[0] <= quantity) {
                        return push[1];
                    }
                }
            }
            return -1;
        }

        /**
         * Listings whose last sent quantity is not yet on hand minus the SKU's open allocations; a
         * listing never sent anything shows what it was seeded with (on hand: the catalogue
         * starts in sync).
         */
        int listingsNotShowing(Map<Long, Long> allocatedBySku) {
            int todo = 0;
            for (Map.Entry<Long, Long> e : skuOf.entrySet()) {
                long expected = plan.onHand() - allocatedBySku.getOrDefault(e.getValue(), 0L);
                List<long[]> list = seen.getOrDefault(e.getKey(), List.of());
                synchronized (list) {
                    long shown = list.isEmpty() ? plan.onHand() : list.get(list.size() - 1)[0];
                    if (shown != expected) {
                        todo++;
                    }
                }
            }
            return todo;
        }

        int listingCount() {
            return skuOf.size();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join(2000);
            report.line("listing sampler: %d samples", queries);
        }
    }

    /** Listings whose quantity in the sandbox is not on hand minus the SKU's allocations (all accounts). */
    private int wrongOnChannels() {
        Map<String, Long> expected = new HashMap<>();
        Map<Long, Long> allocated = allocatedBySku();
        jdbc.query("SELECT id, code FROM sku WHERE client_id = ?", rs -> {
            expected.put(rs.getString(2), plan.onHand() - allocated.getOrDefault(rs.getLong(1), 0L));
        }, clientId);
        int[] wrong = {0};
        for (Account a : ACCOUNT_LIST) {
            if (a.woo()) {
                Map<Long, String> skuOfProduct = new HashMap<>();
                jdbc.query("""
                        SELECT l.channel_listing_id, k.code FROM listing l JOIN listing_mapping m ON m.listing_id = l.id
                          JOIN sku k ON k.id = m.sku_id JOIN channel_account a ON a.id = l.channel_account_id
                         WHERE a.client_id = ? AND a.code = ?""", rs -> {
                    skuOfProduct.put(Long.parseLong(rs.getString(1).replaceAll("\\D.*", "")), rs.getString(2));
                }, clientId, a.id());
                JsonNode stock = sandboxHttp.send("GET", a.wooShop() + "/stock", null, null, 200);
                skuOfProduct.forEach((product, sku) -> {
                    JsonNode quantity = stock.get(Long.toString(product));
                    if (quantity == null || quantity.asLong() != expected.get(sku)) {
                        wrong[0]++;
                    }
                });
            } else {
                sandboxHttp.streamArray("GET", BM_CONTROL + "/listings", a.bmAuth(), null, listing -> {
                    Long quantity = expected.get(listing.path("sku").asText());
                    if (quantity != null && listing.path("quantity").asLong() != quantity) {
                        wrong[0]++;
                    }
                });
            }
        }
        return wrong[0];
    }

    // ------------------------------------------------------------------ floors: PostgreSQL and broker commits

    /**
     * How many single-row transactions PostgreSQL commits a second on this machine, now: one
     * connection (each INSERT waits for its own WAL flush) and several at once (flushes shared);
     * and how many persistent messages the embedded broker takes a second, each sent and
     * committed in a transacted session (a journal sync each). Every hop of the flow pays at
     * least one of each.
     */
    private String commitFloors() throws Exception {
        String url = TestEnvironment.dbUrl();
        String user = TestEnvironment.dbUser();
        String password = TestEnvironment.dbPassword();
        jdbc.execute("CREATE TABLE " + ERP_SCHEMA + ".bench_commit (id BIGSERIAL PRIMARY KEY, worker INTEGER, at TIMESTAMPTZ DEFAULT now())");
        String synchronous = jdbc.queryForObject("SHOW synchronous_commit", String.class);
        double one = pgCommits(url, user, password, 1);
        double many = pgCommits(url, user, password, PROBE_CONNECTIONS);
        double broker;
        double batched;
        String brokerNote = "";
        try {
            broker = brokerCommits(1);
            batched = brokerCommits(BROKER_BATCH);
        } catch (Exception e) {
            broker = 0;
            batched = 0;
            brokerNote = " (broker probe failed: " + e + ")";
        }
        String line = String.format("commit floors: pgCommitsPerSecond1=%.0f pgCommitsPerSecond%d=%.0f brokerSendCommitsPerSecond=%.0f "
                + "brokerSendsPerSecondBatched%d=%.0f", one, PROBE_CONNECTIONS, many, broker, BROKER_BATCH, batched);
        report.line("PostgreSQL single-row INSERT + COMMIT (synchronous_commit=%s): %.0f/s on one connection, %.0f/s on %d connections "
                + "(%d commits each figure); broker persistent send + commit, one transacted session: %.0f/s; the same with %d sends "
                + "per commit: %.0f messages/s%s", synchronous, one, many, PROBE_CONNECTIONS, PROBE_COMMITS, broker, BROKER_BATCH, batched,
                brokerNote);
        return line;
    }

    private double pgCommits(String url, String user, String password, int connections) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        try {
            List<Connection> open = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                open.add(DriverManager.getConnection(url, user, password));
            }
            int each = PROBE_COMMITS / connections;
            long t = System.nanoTime();
            List<Future<Void>> work = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                Connection db = open.get(c);
                int worker = c;
                work.add(pool.submit(() -> {
                    db.setAutoCommit(true);
                    try (PreparedStatement insert = db.prepareStatement("INSERT INTO " + ERP_SCHEMA + ".bench_commit (worker) VALUES (?)")) {
                        for (int i = 0; i < each; i++) {
                            insert.setInt(1, worker);
                            insert.executeUpdate();
                        }
                    }
                    return null;
                }));
            }
            for (Future<Void> f : work) {
                f.get();
            }
            double rate = each * connections * 1e9 / (System.nanoTime() - t);
            for (Connection db : open) {
                db.close();
            }
            return rate;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Persistent messages a second through one transacted session, {@code perCommit} sends to a commit. */
    private double brokerCommits(int perCommit) throws Exception {
        String probe = "kanal.bench.probe-" + RUN + "-" + perCommit;
        try (JMSContext context = jmsConnections.createContext(JMSContext.SESSION_TRANSACTED)) {
            jakarta.jms.Queue queue = context.createQueue(probe);
            JMSProducer producer = context.createProducer().setDeliveryMode(jakarta.jms.DeliveryMode.PERSISTENT);
            producer.send(queue, "warm");
            context.commit();
            int messages = PROBE_COMMITS * Math.max(1, Math.min(perCommit, 10));
            long t = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                producer.send(queue, "{\"probe\":" + i + "}");
                if ((i + 1) % perCommit == 0 || i == messages - 1) {
                    context.commit();
                }
            }
            return messages * 1e9 / (System.nanoTime() - t);
        } finally {
            try {
                broker.getActiveMQServer().destroyQueue(SimpleString.of(probe), null, false, true);
            } catch (Exception ignored) {
                // the probe queue stays in this run's throw-away journal
            }
        }
    }

    // ------------------------------------------------------------------ the Kanal side

    /**
     * The ERP writer's batches (orders written under one writer-lock acquisition share their
     * {@code erp_attempted_at}): how many, how big, and the time from the attempts counted to the
     * ZKs stored, per order: the serial part of the flow.
     */
    private void erpBatches() {
        jdbc.query("""
                SELECT COUNT(*), AVG(n), MAX(n), SUM(ms) / NULLIF(SUM(n), 0), SUM(ms) / 1000.0
                  FROM (SELECT o.erp_attempted_at, COUNT(*) AS n,
                               EXTRACT(EPOCH FROM MAX(e.created_at) - o.erp_attempted_at) * 1000 AS ms
                          FROM sales_order o JOIN order_event e ON e.order_id = o.id AND e.type = 'IN_ERP'
                         WHERE o.client_id = ? AND o.erp_attempted_at IS NOT NULL GROUP BY o.erp_attempted_at) b""", rs -> {
            report.line("  ERP writer (the whole run): %d batches under one writer lock each, %.1f orders a batch on average, %d at most; "
                    + "%.1f ms an order from the attempts counted to the ZKs stored (%.1f s of writing in all)", rs.getLong(1), rs.getDouble(2),
                    rs.getLong(3), rs.getDouble(4), rs.getDouble(5));
        }, clientId);
    }

    /** utime + stime of a process, in clock ticks (/proc/<pid>/stat); 0 when unreadable. */
    static long processTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** {xact_commit, xact_rollback, 1} of this database (pg_stat_database; {0, 0, 0} when unreadable). */
    private long[] databaseTransactions() {
        try {
            jdbc.execute("SELECT pg_stat_clear_snapshot()");
            return jdbc.queryForObject("SELECT xact_commit, xact_rollback FROM pg_stat_database WHERE datname = current_database()",
                    (rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), 1});
        } catch (RuntimeException e) {
            return new long[] {0, 0, 0};
        }
    }

    private long inErp() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM sales_order WHERE client_id = ? AND erp_order_ref IS NOT NULL", Long.class, clientId);
    }

    /** Open allocations per SKU id of the client. */
    private Map<Long, Long> allocatedBySku() {
        Map<Long, Long> sums = new HashMap<>();
        jdbc.query("""
                SELECT al.sku_id, SUM(al.quantity) FROM allocation al JOIN sku k ON k.id = al.sku_id
                 WHERE k.client_id = ? AND al.status = 'OPEN' GROUP BY al.sku_id""", rs -> {
            sums.put(rs.getLong(1), rs.getLong(2));
        }, clientId);
        return sums;
    }

    private long pendingListings() {
        return jdbc.queryForObject("""
                SELECT COUNT(*) FROM listing_push l JOIN channel_account a ON a.id = l.channel_account_id
                 WHERE a.client_id = ? AND (l.target_quantity IS NULL
                       OR COALESCE(l.last_sent_quantity, l.channel_quantity) IS DISTINCT FROM l.target_quantity)
                """, Long.class, clientId);
    }

    private boolean queuesEmpty() {
        return depth(stockChangedQueue) == 0 && depth(channelStockQueue) == 0;
    }

    private long depth(String name) {
        Queue queue = broker.getActiveMQServer().locateQueue(SimpleString.of(name));
        return queue == null ? 0 : queue.getMessageCount();
    }

    private Map<String, Long> queueAdds() {
        Map<String, Long> adds = new LinkedHashMap<>();
        for (String name : List.of(receivedQueue, translatedQueue, acceptedQueue, stockChangedQueue, channelStockQueue)) {
            Queue queue = broker.getActiveMQServer().locateQueue(SimpleString.of(name));
            adds.put(name, queue == null ? 0 : queue.getMessagesAdded());
        }
        return adds;
    }

    private Map<String, JsonNode> channelStats() {
        Map<String, JsonNode> stats = new HashMap<>();
        for (Account a : ACCOUNT_LIST) {
            stats.put(a.id(), a.woo() ? sandboxHttp.send("GET", a.wooShop() + "/stats", null, null, 200)
                    : sandboxHttp.send("GET", BM_CONTROL + "/stats", a.bmAuth(), null, 200));
        }
        return stats;
    }

    private JsonNode gatewayStats() {
        return sandboxHttp.send("GET", "/sandbox/subiekt/" + CLIENT + "/_control/gateway", null, null, 200);
    }

    /** The routes of flow 2 and of the stock pushes its allocations cause. */
    private List<String> flowRoutes() {
        return camel.getRoutes().stream().map(org.apache.camel.Route::getRouteId)
                .filter(id -> id.startsWith("order") || id.startsWith("stock-") || id.startsWith("channel-stock") || id.startsWith("nudge-")
                        || id.equals("source-poll-" + CLIENT))
                .sorted().toList();
    }

    // ------------------------------------------------------------------ set-up and clean-up

    /** Removes what this run stored: its client's rows in Kanal's database and its ERP schema. */
    private void cleanUp() {
        try {
            // every poll of the client (source, shipments, invoices, orders): a running one would store its cursor again
            for (org.apache.camel.Route route : camel.getRoutes()) {
                if (route.getRouteId().contains(CLIENT)) {
                    camel.getRouteController().stopRoute(route.getRouteId());
                }
            }
            try {
                Awaitility.await("queues empty").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(this::queuesEmpty);
            } catch (ConditionTimeoutException e) {
                // cleaned up all the same; a message still on its way finds no client and is dead-lettered
            }
            String orders = "(SELECT id FROM sales_order WHERE client_id = " + clientId + ")";
            String accounts = "(SELECT id FROM channel_account WHERE client_id = " + clientId + ")";
            jdbc.update("DELETE FROM order_event WHERE order_id IN " + orders);
            jdbc.update("DELETE FROM allocation WHERE order_line_id IN (SELECT id FROM order_line WHERE order_id IN " + orders + ")");
            jdbc.update("DELETE FROM order_line WHERE order_id IN " + orders);
            jdbc.update("DELETE FROM sales_order WHERE client_id = ?", clientId);
            jdbc.update("DELETE FROM erp_writer_lock WHERE client_id = ?", clientId);
            // the polls' cursors of the client (its shipment, invoice, correction and source polls ran during the run)
            for (String cursor : List.of("shipment_import_cursor", "invoice_import_cursor", "erp_correction_cursor", "source_read_cursor",
                    "source_order_cursor")) {
                jdbc.update("DELETE FROM " + cursor + " WHERE client_id = ?", clientId);
            }
            jdbc.update("DELETE FROM order_import_cursor WHERE channel_account_id IN " + accounts);
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
            jdbc.update("DELETE FROM stock_recalculation WHERE client_code = ?", CLIENT);
            jdbc.update("DELETE FROM client WHERE id = ?", clientId);
            jdbc.execute("DROP SCHEMA IF EXISTS " + ERP_SCHEMA + " CASCADE");
            System.out.println(BenchReport.PREFIX + "removed the run's data (client " + CLIENT + ", schema " + ERP_SCHEMA + ")");
        } catch (Exception e) {
            System.out.println(BenchReport.PREFIX + "clean-up incomplete: " + e);
        }
    }

    private static List<Account> accounts() {
        List<Account> list = new ArrayList<>();
        for (int i = 1; i <= ACCOUNTS; i++) {
            boolean woo = i % 3 == 0;
            String id = (woo ? "woo-" : "bm-") + i;
            list.add(new Account(id, woo, "bm-bench-" + RUN + "-" + i, "ck_bench_" + RUN + "_" + i, "cs_bench_" + RUN + "_" + i));
        }
        return List.copyOf(list);
    }

    private static Path writeClientFile() {
        TestEnvironment.ErpDatabase erp = TestEnvironment.sandboxErpSchema(ERP_SCHEMA, "kanal-bench-erp-" + RUN);
        String sandbox = "http://127.0.0.1:" + SANDBOX_PORT + "/sandbox";
        StringBuilder yaml = new StringBuilder("""
                id: %1$s
                name: Orders benchmark client
                source:
                  type: subiekt
                  jdbc-url: "%2$s"
                  jdbc-user: %3$s
                  jdbc-password: "%4$s"
                  gateway-url: %5$s/subiekt
                  poll-interval: 1s
                fulfilment-centres:
                  - {warehouse: MAG, priority: 1}
                inventory-statuses: [available]
                channel-accounts:
                """.formatted(CLIENT, erp.url(), erp.user(), erp.password(), sandbox));
        for (Account a : ACCOUNT_LIST) {
            if (a.woo()) {
                yaml.append("""
                          - id: %1$s
                            type: woocommerce
                            base-url: %2$s/woocommerce/wp-json/wc/v3
                            credentials: {consumer-key: %3$s, consumer-secret: %4$s}
                            mapping-mode: sku
                            organization-type: shipping-name
                            status-map: {pending: awaiting-payment, processing: to-fulfil, on-hold: awaiting-payment,
                                         completed: shipped, cancelled: cancelled, refunded: refunded, failed: ignore}
                            warehouses: [MAG]
                            inventory-statuses: [available]
                            calls-per-minute: %5$d
                        """.formatted(a.id(), sandbox, a.key(), a.secret(), CALLS_PER_MINUTE));
            } else {
                yaml.append("""
                          - id: %1$s
                            type: backmarket
                            base-url: %2$s/backmarket
                            credentials: {token: %3$s, user-agent: "BM-Kanal-Bench;bench@kanal.test", accept-language: fr-fr}
                            mapping-mode: sku
                            organization-type: channel-name
                            status-map: {"0": awaiting-payment, "8": awaiting-payment, "9": awaiting-payment, "1": to-fulfil,
                                         "2": to-fulfil, "3": shipped, "4": cancelled, "5": refunded, "6": refunded, "7": cancelled}
                            warehouses: [MAG]
                            inventory-statuses: [available]
                            calls-per-minute: %4$d
                        """.formatted(a.id(), sandbox, a.token(), CALLS_PER_MINUTE));
            }
        }
        Path dir = TestEnvironment.tempDir("kanal-bench-clients-");
        try {
            Files.writeString(dir.resolve(CLIENT + ".yaml"), yaml.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    // ------------------------------------------------------------------ the data

    /**
     * SKU {@code BENCH-000..} with the same ample stock each (no order is ever short); order k
     * goes to account k mod A and buys one unit of one SKU, every fourth order a second SKU too,
     * spread over the catalogue.
     */
    static final class Plan {

        final int skus;
        final int accounts;
        final int orders;

        Plan(int skus, int accounts, int orders) {
            if (skus < 2 || accounts < 1) {
                throw new IllegalArgumentException("bench.skus must be at least 2 and bench.accounts at least 1");
            }
            this.skus = skus;
            this.accounts = accounts;
            this.orders = orders;
        }

        String code(int i) {
            return String.format("BENCH-%06d", i);
        }

        /** Units per SKU in MAG: twice what all orders take from it, and 100 more. */
        long onHand() {
            return 2L * (orders * 5L / 4 / skus + 1) + 100;
        }

        int account(int k) {
            return k % accounts;
        }

        int[] skus(int k) {
            int first = (int) ((k * 7L) % skus);
            return k % 4 == 0 ? new int[] {first, (first + 1) % skus} : new int[] {first};
        }

        /** Units ordered by orders [from, to). */
        int units(int from, int to) {
            return IntStream.range(from, to).map(k -> skus(k).length).sum();
        }
    }
}
