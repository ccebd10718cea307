package dev.kanal.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.TestEnvironment;
import dev.kanal.demo.DemoConfiguration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.EventNotifier;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Flow 3 (fulfilment back) at volume, on the whole application as it runs in production: real
 * PostgreSQL, the embedded broker with its journal on disk, the routes from routes/, the channel
 * sandboxes and the Subiekt sandbox in a JVM of their own. Not a test: it measures and prints, and
 * fails only when the shipments are not all on their channels in time. Run it with
 * {@code ./mvnw -B test -Pbenchmark -Dtest=ShipmentsBenchmark} (docs/performance.md).
 *
 * <p>Set-up (outside the measurement): N paid orders created in the channel sandboxes through their
 * control APIs and carried by Kanal's own flow 2 (order polls, allocation, Back Market acceptance,
 * ZK in the ERP) until every one is a ZK and every Back Market line is accepted. Then all N ZKs are
 * realized into WZs in one ERP transaction ({@code POST /sandbox/subiekt/<c>/_control/shipments/batch}),
 * so every document becomes visible to the shipment poll at the same commit. Measured from that
 * commit until every shipment is confirmed by its channel ({@code shipment.channel_confirmed_at}),
 * then checked on the channels themselves.
 *
 * <p>Per shipment: detected = {@code shipment.detected_at}, when the ERP read that returned its
 * document answered (a poll reads 100 documents at a time and records them in groups), or the
 * commit if that was later; the poll's start is reported as a stage of its own; recorded =
 * {@code shipment.created_at}; taken by the writer = the {@code shipments-out} exchange's creation;
 * the ship call = the Back Market sandbox's own time of the {@code new_state 3} update, for
 * WooCommerce {@code channel_confirmed_at} (after the PUT and the note: late, never early).
 */
@Tag("benchmark")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("test")
@Import({DemoConfiguration.class, ShipmentsBenchmark.Timings.class})
class ShipmentsBenchmark {

    // ------------------------------------------------------------------ parameters (-Dbench.*)

    static final int SHIPMENTS = Integer.getInteger("bench.shipments", 5_000);
    /** Channel accounts: every third a WooCommerce shop, the others Back Market sellers (3: bm-1, bm-2, woo-3). */
    static final int ACCOUNTS = Integer.getInteger("bench.accounts", 3);
    static final int SKUS = Integer.getInteger("bench.skus", 200);
    /** Each account's outbound budget; 1,200 a minute is Back Market's documented 200 requests per 10 s. */
    static final int CALLS_PER_MINUTE = Integer.getInteger("bench.calls-per-minute", 1_200);
    /** The ERP poll interval (stock and shipments); empty: the client file leaves it out, so the production default applies. */
    static final String ERP_POLL_INTERVAL = System.getProperty("bench.erp-poll-interval", "");
    /** Order polls during the set-up only (the shipments do not depend on them). */
    static final String ORDER_POLL_INTERVAL = System.getProperty("bench.order-poll-interval", "2s");
    static final int SETUP_TIMEOUT_SECONDS = Integer.getInteger("bench.setup-timeout-seconds", 1_800);
    static final int TIMEOUT_SECONDS = Integer.getInteger("bench.timeout-seconds", 1_800);
    static final boolean KEEP_DATA = Boolean.getBoolean("bench.keep-data");
    static final String SANDBOX_HEAP = System.getProperty("bench.sandbox-heap", "1g");

    // ------------------------------------------------------------------ the run

    static final Path DATA_DIR = TestEnvironment.tempDir("kanal-bench-");
    static final int PORT = TestEnvironment.freePort();
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String CLIENT = "bench-ship-" + RUN;
    static final String ERP_SCHEMA = "erp_" + CLIENT.replace('-', '_');
    static final List<Account> ACCOUNT_LIST = accounts();
    static final int SANDBOX_PORT = TestEnvironment.freePort();
    static final Path CLIENTS_DIR = writeClientFile();
    static final Process SANDBOXES = BenchSupport.startSandboxes(RUN, SANDBOX_HEAP, SANDBOX_PORT, CLIENTS_DIR, DATA_DIR.resolve("sandboxes"));
    static final String BM_CONTROL = "/sandbox/backmarket/_control";
    static final String ADMIN = BenchHttp.basic("admin", "test-secret");

    record Account(String id, boolean woo, String token, String key, String secret) {

        String bmAuth() {
            return "Basic " + token;
        }

        String wooShop() {
            return "/sandbox/woocommerce/_control/shops/" + key;
        }
    }

    /** Starts of the client's shipment polls, and when the shipments-out hop took each shipment (wall clock ms). */
    static final List<Long> POLL_STARTS = new CopyOnWriteArrayList<>();
    static final Map<Long, Long> WRITER_TOOK = new ConcurrentHashMap<>();
    static final Map<Long, Integer> WRITER_DELIVERIES = new ConcurrentHashMap<>();

    /** A Camel event notifier (picked up as a bean at start-up) noting the poll starts and the writer's exchanges. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Timings {

        @Bean
        EventNotifier shipmentTimings() {
            EventNotifierSupport notifier = new EventNotifierSupport() {
                @Override
                public void notify(CamelEvent event) {
                    if (!(event instanceof CamelEvent.ExchangeCreatedEvent created)) {
                        return;
                    }
                    String route = created.getExchange().getFromRouteId();
                    if (("shipment-poll-" + CLIENT).equals(route)) {
                        // the split's copies are created in the same route: a poll is the Quartz exchange itself
                        if (created.getExchange().getProperty(org.apache.camel.ExchangePropertyKey.CORRELATION_ID) != null
                                || created.getExchange().getIn().getBody() != null) {
                            return;
                        }
                        POLL_STARTS.add(System.currentTimeMillis());
                    } else if ("shipments-out".equals(route)) {
                        Long id = created.getExchange().getIn().getHeader("kanalShipmentId", Long.class);
                        if (id != null) {
                            WRITER_TOOK.putIfAbsent(id, System.currentTimeMillis());
                            WRITER_DELIVERIES.merge(id, 1, Integer::sum);
                        }
                    }
                }
            };
            notifier.setIgnoreExchangeCompletedEvent(true);
            notifier.setIgnoreExchangeFailedEvents(true);
            notifier.setIgnoreExchangeSendingEvents(true);
            notifier.setIgnoreExchangeSentEvents(true);
            notifier.setIgnoreExchangeRedeliveryEvents(true);
            notifier.setIgnoreStepEvents(true);
            notifier.setIgnoreCamelContextEvents(true);
            notifier.setIgnoreRouteEvents(true);
            notifier.setIgnoreServiceEvents(true);
            return notifier;
        }
    }

    @DynamicPropertySource
    static void runProperties(DynamicPropertyRegistry registry) {
        BenchSupport.runProperties(registry, RUN, DATA_DIR, CLIENTS_DIR, PORT, false);
        registry.add("kanal.orders.poll-interval", () -> ORDER_POLL_INTERVAL);
    }

    @Autowired JdbcTemplate jdbc;
    @Autowired CamelContext camel;
    @Autowired EmbeddedActiveMQ broker;

    final BenchReport report = new BenchReport();
    final BenchHttp http = new BenchHttp(PORT);
    final BenchHttp sandboxHttp = new BenchHttp(SANDBOX_PORT);
    final OrdersBenchmark.Plan plan = new OrdersBenchmark.Plan(SKUS, ACCOUNTS, SHIPMENTS);
    final String[] channelOrderId = new String[SHIPMENTS];
    long clientId;

    @Test
    void shipments() throws Exception {
        try {
            run();
        } finally {
            report.write(Path.of("target", "benchmark", "shipments-" + RUN + ".txt"));
            SANDBOXES.destroy();
            if (!KEEP_DATA) {
                cleanUp();
            }
        }
    }

    private void run() throws Exception {
        report.line("shipments benchmark, run %s: shipments=%d accounts=%d skus=%d calls-per-minute=%d erp-poll-interval=%s order-poll-interval=%s (set-up)",
                RUN, SHIPMENTS, ACCOUNTS, SKUS, CALLS_PER_MINUTE, ERP_POLL_INTERVAL.isEmpty() ? "production default (30s)" : ERP_POLL_INTERVAL,
                ORDER_POLL_INTERVAL);
        report.line("machine: %d cores, load average %s, JVM max heap %s MB, %s %s", Runtime.getRuntime().availableProcessors(),
                BenchSupport.loadAverage(), HeapMonitor.mb(HeapMonitor.maxHeap()), System.getProperty("java.vm.name"), System.getProperty("java.version"));
        clientId = jdbc.queryForObject("SELECT id FROM client WHERE code = ?", Long.class, CLIENT);

        // ---- 1. catalogue in the ERP and on every account
        long t = System.nanoTime();
        ArrayNode stock = BenchHttp.JSON.createArrayNode();
        for (int i = 0; i < SKUS; i++) {
            stock.addObject().put("symbol", plan.code(i)).put("name", plan.code(i)).put("warehouse", "MAG").put("onHand", plan.onHand())
                    .put("reserved", 0).put("blocked", false);
        }
        sandboxHttp.send("PUT", "/sandbox/subiekt/" + CLIENT + "/_control/stock", null, stock, 200);
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
                // the sandbox's Cloudflare emulation off: Kanal's own budget (calls-per-minute) is the limit measured
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
        BenchSupport.awaitTrue("stock levels of every SKU", 300, 200,
                () -> jdbc.queryForObject("SELECT COUNT(*) FROM stock_level WHERE client_id = ?", Long.class, clientId) == SKUS);
        for (Account a : ACCOUNT_LIST) {
            http.send("POST", "/admin/clients/" + CLIENT + "/accounts/" + a.id() + "/listings/import?wait=true", ADMIN, null, 200);
        }
        report.stage("1 " + SKUS + " SKUs in the ERP, listed on " + ACCOUNTS + " accounts, first poll", t);

        // ---- 2. the orders, through flow 2, to ZKs in the ERP (Back Market lines accepted)
        t = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int k = 0; k < SHIPMENTS; k++) {
                int order = k;
                work.add(pool.submit(() -> createOrder(order)));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        report.stage("2 create " + SHIPMENTS + " paid orders in the channel sandboxes", t);
        t = System.nanoTime();
        long[] lastPrint = {0};
        BenchSupport.awaitTrue("set-up: every order in the ERP, every Back Market line accepted", SETUP_TIMEOUT_SECONDS, 1_000, () -> {
            long inErp = jdbc.queryForObject("SELECT COUNT(*) FROM sales_order WHERE client_id = ? AND erp_order_ref IS NOT NULL", Long.class, clientId);
            long owed = jdbc.queryForObject("SELECT COUNT(*) FROM acknowledgement_owed WHERE client_id = ? AND channel_ack_at IS NULL",
                    Long.class, clientId);
            long unaccepted = jdbc.queryForObject("""
                    SELECT COUNT(*) FROM order_line l JOIN sales_order o ON o.id = l.order_id
                     WHERE o.client_id = ? AND l.channel_awaits_ack = TRUE AND l.channel_ack_at IS NULL""", Long.class, clientId);
            if (System.nanoTime() - lastPrint[0] > 10_000_000_000L) {
                report.line("     set-up: %d of %d orders in the ERP, %d Back Market lines not yet accepted; load %s", inErp, SHIPMENTS,
                        unaccepted, BenchSupport.loadAverage());
                lastPrint[0] = System.nanoTime();
            }
            return inErp == SHIPMENTS && owed == 0 && unaccepted == 0;
        });
        report.stage("3 flow 2: every order a ZK, every Back Market line accepted", t);
        BenchSupport.awaitTrue("stock pushes of the set-up done", 600, 500, () -> pendingListings() == 0);
        // the last acknowledgements and pushes settled: no channel call but the order polls' for 2 s, so the budget is the measurement's
        long[] settled = {-1, System.nanoTime()};
        BenchSupport.awaitTrue("the set-up's channel calls settled", 120, 250, () -> {
            long calls = 0;
            for (JsonNode st : channelStats().values()) {
                for (var call : (Iterable<Map.Entry<String, JsonNode>>) st.path("calls")::fields) {
                    if (!List.of("GET /ws/orders", "GET /orders").contains(call.getKey())) {
                        calls += call.getValue().asLong();
                    }
                }
            }
            if (calls != settled[0]) {
                settled[0] = calls;
                settled[1] = System.nanoTime();
            }
            return System.nanoTime() - settled[1] >= 2_000_000_000L;
        });
        long shipmentsBefore = jdbc.queryForObject("SELECT COUNT(*) FROM shipment s JOIN sales_order o ON o.id = s.order_id WHERE o.client_id = ?",
                Long.class, clientId);
        assertThat(shipmentsBefore).as("no shipment before the act").isZero();

        // ---- 3. realize every ZK into a WZ, one ERP transaction
        ArrayNode acts = BenchHttp.JSON.createArrayNode();
        for (int k = 0; k < SHIPMENTS; k++) {
            Account a = ACCOUNT_LIST.get(plan.account(k));
            ObjectNode act = acts.addObject().put("reference", a.id() + ":" + channelOrderId[k]).put("carrier", "DPD")
                    .put("tracking", tracking(k)).put("tracking_url", "https://tracking.dpd.example/" + tracking(k));
            ObjectNode serials = act.putObject("serials");
            int[] skus = plan.skus(k);
            for (int j = 0; j < skus.length; j++) {
                serials.putArray(plan.code(skus[j])).add(imei(k, j));
            }
        }
        Queue shipmentsQueue = broker.getActiveMQServer().locateQueue(SimpleString.of("kanal.shipments"));
        long messagesBefore = shipmentsQueue == null ? 0 : shipmentsQueue.getMessagesAdded();
        Map<String, JsonNode> callsBefore = channelStats();
        HeapMonitor heap = new HeapMonitor("measured", 50);
        report.line("");
        report.line("=== measured: %d ZKs realized in one ERP transaction; heap after full GC before: %s MB; load average %s", SHIPMENTS,
                HeapMonitor.mb(HeapMonitor.usedAfterFullGc()), BenchSupport.loadAverage());
        long actStart = System.currentTimeMillis();
        sandboxHttp.send("POST", "/sandbox/subiekt/" + CLIENT + "/_control/shipments/batch", null, acts, 201);
        long visibleAt = System.currentTimeMillis(); // the commit is just before the answer
        report.line("the ERP transaction took %.2f s; the clock starts at its commit", (visibleAt - actStart) / 1000.0);

        lastPrint[0] = 0;
        long[] confirmedNow = {0};
        try {
            BenchSupport.awaitTrue("every shipment on its channel", TIMEOUT_SECONDS, 200, () -> {
                Map<String, Object> c = jdbc.queryForMap("""
                        SELECT COUNT(*) AS recorded, COUNT(s.channel_confirmed_at) AS confirmed, COUNT(s.channel_error) AS refused
                          FROM shipment s JOIN sales_order o ON o.id = s.order_id WHERE o.client_id = ?""", clientId);
                confirmedNow[0] = ((Number) c.get("confirmed")).longValue();
                assertThat(((Number) c.get("refused")).longValue()).as("shipments refused by their channel").isZero();
                if (System.nanoTime() - lastPrint[0] > 5_000_000_000L) {
                    report.line("  +%5.1f s: %s recorded, %d on their channel, kanal.shipments depth %d, polls %d; load %s",
                            (System.currentTimeMillis() - visibleAt) / 1000.0, c.get("recorded"), confirmedNow[0],
                            shipmentsQueue == null ? 0 : shipmentsQueue.getMessageCount(), POLL_STARTS.size(), BenchSupport.loadAverage());
                    lastPrint[0] = System.nanoTime();
                }
                return confirmedNow[0] == SHIPMENTS;
            });
        } catch (AssertionError timedOut) {
            if (!String.valueOf(timedOut.getMessage()).startsWith("timed out")) {
                throw timedOut; // a refused shipment, not the clock
            }
            report.line("%s: reporting what reached the channels", timedOut.getMessage()); // the figures below still tell where it stood
        }
        long confirmed = confirmedNow[0];
        heap.close();
        long messages = (shipmentsQueue == null ? 0 : shipmentsQueue.getMessagesAdded()) - messagesBefore;
        Map<String, JsonNode> callsAfter = channelStats();

        // ---- figures, from Kanal's timestamps
        List<Map<String, Object>> rows = jdbc.queryForList("""
                SELECT s.id, s.detected_at, s.created_at, s.channel_confirmed_at, o.channel_order_id, a.code AS account
                  FROM shipment s JOIN sales_order o ON o.id = s.order_id JOIN channel_account a ON a.id = o.channel_account_id
                 WHERE o.client_id = ?""", clientId);
        long lastConfirmed = rows.stream().map(r -> (Timestamp) r.get("channel_confirmed_at")).filter(x -> x != null)
                .mapToLong(Timestamp::getTime).max().orElse(visibleAt);
        long firstRecorded = rows.stream().mapToLong(r -> ((Timestamp) r.get("created_at")).getTime()).min().orElse(visibleAt);
        long[] polls = POLL_STARTS.stream().mapToLong(Long::longValue).sorted().toArray();
        Map<String, Long> shipCallAt = new HashMap<>();
        int[] problems = new int[4]; // not shipped on the channel, wrong tracking, IMEI missing, more than one ship call
        verifyChannels(shipCallAt, problems);

        Map<String, List<Long>> stages = new LinkedHashMap<>();
        for (String s : List.of("visible -> poll start", "visible -> detected (the ERP read that returned it: shipment.detected_at)",
                "detected -> recorded (shipment.created_at)",
                "recorded -> taken by the writer (shipments-out)", "taken by the writer -> ship call on the channel",
                "detected -> ship call on the channel (Back Market: sandbox time; WooCommerce: confirmed)",
                "detected -> ship call, Back Market", "detected -> ship call, WooCommerce (confirmed, upper bound)",
                "detected -> confirmed by the channel (both)", "visible -> confirmed by the channel (both)")) {
            stages.put(s, new ArrayList<>());
        }
        for (Map<String, Object> r : rows) {
            long id = ((Number) r.get("id")).longValue();
            long recorded = ((Timestamp) r.get("created_at")).getTime();
            Timestamp conf = (Timestamp) r.get("channel_confirmed_at");
            // the read that returned the document; a poll that began before the commit cannot have seen it earlier
            Timestamp detectedAt = (Timestamp) r.get("detected_at");
            long pollStart = Math.max(visibleAt, pollBefore(polls, recorded));
            long detected = detectedAt == null ? pollStart : Math.max(visibleAt, detectedAt.getTime());
            boolean woo = ((String) r.get("account")).startsWith("woo");
            Long call = woo ? (conf == null ? null : conf.getTime()) : shipCallAt.get((String) r.get("channel_order_id"));
            Long took = WRITER_TOOK.get(id);
            stages.get("visible -> poll start").add(Math.max(0, pollStart - visibleAt));
            stages.get("visible -> detected (the ERP read that returned it: shipment.detected_at)").add(Math.max(0, detected - visibleAt));
            stages.get("detected -> recorded (shipment.created_at)").add(recorded - detected);
            if (took != null) {
                stages.get("recorded -> taken by the writer (shipments-out)").add(took - recorded);
                if (call != null) {
                    stages.get("taken by the writer -> ship call on the channel").add(call - took);
                }
            }
            if (call != null) {
                stages.get("detected -> ship call on the channel (Back Market: sandbox time; WooCommerce: confirmed)").add(call - detected);
                stages.get(woo ? "detected -> ship call, WooCommerce (confirmed, upper bound)" : "detected -> ship call, Back Market")
                        .add(call - detected);
            }
            if (conf != null) {
                stages.get("detected -> confirmed by the channel (both)").add(conf.getTime() - detected);
                stages.get("visible -> confirmed by the channel (both)").add(conf.getTime() - visibleAt);
            }
        }
        report.line("");
        report.line("latency per shipment (ms):");
        stages.forEach((name, values) -> report.line("  %-90s %s", name, Percentiles.describe(values.stream().mapToLong(Long::longValue).toArray())));
        long[] overhead = stages.get("detected -> ship call on the channel (Back Market: sandbox time; WooCommerce: confirmed)").stream()
                .mapToLong(Long::longValue).toArray();
        double seconds = (lastConfirmed - visibleAt) / 1000.0;
        double perSecond = confirmed / Math.max(0.001, seconds);
        report.line("first shipment recorded %.1f s after the commit", (firstRecorded - visibleAt) / 1000.0);
        report.line("");
        report.line("shipment polls during the measurement: %d (starts after the commit, s: %s)", polls.length,
                Arrays.stream(polls).filter(p -> p >= visibleAt - 31_000).limit(40).mapToObj(p -> String.format("%.1f", (p - visibleAt) / 1000.0)).toList());
        report.line("kanal.shipments: %d messages for %d shipments; shipments taken by the writer more than once: %d", messages, rows.size(),
                WRITER_DELIVERIES.values().stream().filter(n -> n > 1).count());
        for (Account a : ACCOUNT_LIST) {
            JsonNode before = callsBefore.get(a.id());
            JsonNode after = callsAfter.get(a.id());
            String total = a.woo() ? "total_calls" : "totalCalls";
            report.line("  %s: %d calls in the measurement; by endpoint since the start %s", a.id(),
                    after.path(total).asLong() - before.path(total).asLong(), after.path("calls"));
        }
        report.line("on the channels: %d not shipped, %d wrong tracking, %d IMEI missing, %d orders with more than one ship call",
                problems[0], problems[1], problems[2], problems[3]);
        report.line("heap in the measurement (MB; Kanal only): peak used %s, peak after a GC %s; %d GCs, %d ms", HeapMonitor.mb(heap.peakUsed()),
                HeapMonitor.mb(heap.peakAfterGc()), heap.collections(), heap.gcMillis());
        report.line("");
        report.line(String.format("BENCHMARK shipments: shipments=%d confirmed=%d erpPollInterval=%s callsPerMinute=%d allOnChannelsSeconds=%.1f "
                        + "shipmentsPerSecond=%.1f p50Ms=%d p99Ms=%d maxMs=%d notShipped=%d duplicateShipCalls=%d peakHeapMb=%s load=%s",
                SHIPMENTS, confirmed, ERP_POLL_INTERVAL.isEmpty() ? "30s(default)" : ERP_POLL_INTERVAL, CALLS_PER_MINUTE, seconds, perSecond,
                Percentiles.at(overhead, 50), Percentiles.at(overhead, 99), Percentiles.at(overhead, 100), problems[0], problems[3],
                HeapMonitor.mb(heap.peakUsed()), BenchSupport.loadAverage()));
        assertThat(confirmed).as("every shipment on its channel within " + TIMEOUT_SECONDS + " s").isEqualTo(SHIPMENTS);
        assertThat(problems[0] + problems[1] + problems[2] + problems[3]).as("the channels show every shipment once").isZero();
    }

    /** The latest poll start at or before {@code at}; {@code at} itself when none was seen. */
    private static long pollBefore(long[] sortedPolls, long at) {
        long best = at;
        for (long p : sortedPolls) {
            if (p <= at) {
                best = p;
            } else {
                break;
            }
        }
        return best;
    }

    /** Reads every order back from its channel: shipped, tracking, IMEIs, one ship call; notes Back Market's ship call times. */
    private void verifyChannels(Map<String, Long> shipCallAt, int[] problems) {
        for (int k = 0; k < SHIPMENTS; k++) {
            Account a = ACCOUNT_LIST.get(plan.account(k));
            if (a.woo()) {
                JsonNode order = sandboxHttp.send("GET", a.wooShop() + "/orders/" + channelOrderId[k], null, null, 200);
                if (!"completed".equals(order.path("status").asText())) {
                    problems[0]++;
                }
                boolean tracked = false;
                for (JsonNode meta : order.path("meta_data")) {
                    if ("_wc_shipment_tracking_items".equals(meta.path("key").asText())) {
                        tracked = meta.path("value").size() == 1 && tracking(k).equals(meta.path("value").get(0).path("tracking_number").asText());
                    }
                }
                if (!tracked) {
                    problems[1]++;
                }
            } else {
                JsonNode order = sandboxHttp.send("GET", BM_CONTROL + "/orders/" + channelOrderId[k], a.bmAuth(), null, 200);
                int[] skus = plan.skus(k);
                for (JsonNode line : order.path("orderlines")) {
                    if (line.path("state").asInt() != 3) {
                        problems[0]++;
                    }
                    if (line.path("imei").asText("").isEmpty()) {
                        problems[2]++;
                    }
                }
                if (order.path("orderlines").size() != skus.length) {
                    problems[0]++;
                }
                if (!tracking(k).equals(order.path("tracking_number").asText())) {
                    problems[1]++;
                }
                int shipCalls = 0;
                for (JsonNode update : order.path("updates")) {
                    if (update.path("new_state").asInt() == 3) {
                        shipCalls++;
                        shipCallAt.putIfAbsent(channelOrderId[k], Instant.parse(update.path("at").asText()).toEpochMilli());
                    }
                }
                if (shipCalls > 1) {
                    problems[3]++;
                }
            }
        }
    }

    private static String tracking(int k) {
        return "TRK-" + RUN + "-" + k;
    }

    /** 15 digits, unique per order and line. */
    private static String imei(int k, int line) {
        return String.format("35%011d%02d", k, line);
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
            channelOrderId[k] = sandboxHttp.send("POST", BM_CONTROL + "/orders", a.bmAuth(), body, 201).path("order_id").asText();
        }
    }

    private long pendingListings() {
        return jdbc.queryForObject("""
                SELECT COUNT(*) FROM listing_push l JOIN channel_account a ON a.id = l.channel_account_id
                 WHERE a.client_id = ? AND (l.target_quantity IS NULL
                       OR COALESCE(l.last_sent_quantity, l.channel_quantity) IS DISTINCT FROM l.target_quantity)
                """, Long.class, clientId);
    }

    private Map<String, JsonNode> channelStats() {
        Map<String, JsonNode> stats = new HashMap<>();
        for (Account a : ACCOUNT_LIST) {
            stats.put(a.id(), a.woo() ? sandboxHttp.send("GET", a.wooShop() + "/stats", null, null, 200)
                    : sandboxHttp.send("GET", BM_CONTROL + "/stats", a.bmAuth(), null, 200));
        }
        return stats;
    }

    /** Removes what this run stored: its client's rows in Kanal's database and its ERP schema. */
    private void cleanUp() {
        try {
            for (org.apache.camel.Route route : camel.getRoutes()) {
                if (route.getRouteId().contains(CLIENT)) {
                    camel.getRouteController().stopRoute(route.getRouteId());
                }
            }
            String orders = "(SELECT id FROM sales_order WHERE client_id = " + clientId + ")";
            String accounts = "(SELECT id FROM channel_account WHERE client_id = " + clientId + ")";
            jdbc.update("DELETE FROM shipped_unit WHERE order_line_id IN (SELECT id FROM order_line WHERE order_id IN " + orders + ")");
            jdbc.update("DELETE FROM shipment_line WHERE shipment_id IN (SELECT id FROM shipment WHERE order_id IN " + orders + ")");
            jdbc.update("DELETE FROM shipment WHERE order_id IN " + orders);
            jdbc.update("DELETE FROM shipment_import_cursor WHERE client_id = ?", clientId);
            jdbc.update("DELETE FROM order_event WHERE order_id IN " + orders);
            jdbc.update("DELETE FROM allocation WHERE order_line_id IN (SELECT id FROM order_line WHERE order_id IN " + orders + ")");
            jdbc.update("DELETE FROM order_line WHERE order_id IN " + orders);
            jdbc.update("DELETE FROM sales_order WHERE client_id = ?", clientId);
            jdbc.update("DELETE FROM erp_writer_lock WHERE client_id = ?", clientId);
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
            list.add(new Account(id, woo, "bm-ship-" + RUN + "-" + i, "ck_ship_" + RUN + "_" + i, "cs_ship_" + RUN + "_" + i));
        }
        return List.copyOf(list);
    }

    private static Path writeClientFile() {
        TestEnvironment.ErpDatabase erp = TestEnvironment.sandboxErpSchema(ERP_SCHEMA, "kanal-bench-erp-" + RUN);
        String sandbox = "http://127.0.0.1:" + SANDBOX_PORT + "/sandbox";
        StringBuilder yaml = new StringBuilder("""
                id: %1$s
                name: Shipments benchmark client
                source:
                  type: subiekt
                  jdbc-url: "%2$s"
                  jdbc-user: %3$s
                  jdbc-password: "%4$s"
                  gateway-url: %5$s/subiekt
                %6$sfulfilment-centres:
                  - {warehouse: MAG, priority: 1}
                inventory-statuses: [available]
                channel-accounts:
                """.formatted(CLIENT, erp.url(), erp.user(), erp.password(), sandbox,
                ERP_POLL_INTERVAL.isEmpty() ? "" : "  poll-interval: " + ERP_POLL_INTERVAL + "\n"));
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
}
