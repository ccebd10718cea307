package dev.kanal.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.kanal.KanalIntegrationTest;
import dev.kanal.TestEnvironment;
import dev.kanal.client.config.PricingConfig;
import dev.kanal.pricing.PriceRule;
import dev.kanal.sandbox.backmarket.BackMarketSandboxControl;
import dev.kanal.sandbox.woocommerce.WooSandboxControl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Flow 5 (prices out) at catalogue scale: N price changes in the sandbox ERP reach N Back Market
 * listings and N WooCommerce products, on the whole application (real PostgreSQL, the embedded
 * broker, routes/, the sandboxes over HTTP). Prints calls per change and the time from the ERP
 * change to the last price the channel accepted, per channel, against the account's call budget.
 * Not a test: it measures and prints, and fails only when the channels are not right in time.
 * Run it with {@code ./mvnw -B test -Pbenchmark -Dtest=PricesBenchmark} (docs/performance.md).
 *
 * <p>The headline is the production path at production budgets: Back Market one
 * {@code POST /ws/listings/{id}} per price at 1,200 calls a minute (Cloudflare's 200 per 10 s),
 * WooCommerce batches of 100 at 60 calls a minute (a modest host). Sizes and budgets:
 * {@code -Dbench.changes=10000 -Dbench.bm-calls-per-minute=1200 -Dbench.woo-calls-per-minute=60}.
 * The benchmark's client (its own file beside the end-to-end client's, its own ERP schema) has
 * one priced account per channel, its listings seeded at the prices the rule gives, so only the
 * measured change is pushed.
 */
@Tag("benchmark")
class PricesBenchmark extends KanalIntegrationTest {

    static final int CHANGES = Integer.getInteger("bench.changes", 10_000);
    static final int BM_CALLS_PER_MINUTE = Integer.getInteger("bench.bm-calls-per-minute", 1_200);
    static final int WOO_CALLS_PER_MINUTE = Integer.getInteger("bench.woo-calls-per-minute", 60);
    static final int TIMEOUT_SECONDS = Integer.getInteger("bench.timeout-seconds", 1_500);
    static final int CHUNK = 2_000;

    static final String BENCH_CLIENT = "prices-" + RUN;
    static final String BM_TOKEN_BENCH = "bm-prices-" + RUN;
    static final String WOO_KEY_BENCH = "ck_prices_" + RUN;
    static final String WOO_SECRET_BENCH = "cs_prices_" + RUN;
    static final PricingConfig BM_RULE = new PricingConfig(1, new BigDecimal("10"), null, "EUR", null, ".99", null, null, null);
    static final PricingConfig WOO_RULE = new PricingConfig(1, new BigDecimal("20"), null, "EUR", null, ".90", null, null, null);

    static {
        writeBenchClient();
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final BenchReport report = new BenchReport();

    @Autowired JdbcTemplate jdbc;

    @Test
    void pricesOut() throws Exception {
        BackMarketSandboxControl backMarket = new BackMarketSandboxControl(URI.create(baseUrl() + "/sandbox/backmarket"), BM_TOKEN_BENCH);
        WooSandboxControl woo = WooSandboxControl.shop(PORT, WOO_KEY_BENCH, WOO_SECRET_BENCH);
        report.line("prices out: %,d price changes to Back Market (%,d calls/min) and WooCommerce (%,d calls/min); load %s",
                CHANGES, BM_CALLS_PER_MINUTE, WOO_CALLS_PER_MINUTE, BenchSupport.loadAverage());

        long started = System.nanoTime();
        List<String> skus = new ArrayList<>();
        for (int i = 1; i <= CHANGES; i++) {
            skus.add("PB-" + i);
        }
        for (int from = 0; from < CHANGES; from += CHUNK) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (String sku : skus.subList(from, Math.min(CHANGES, from + CHUNK))) {
                rows.add(Map.of("symbol", sku, "name", sku, "warehouse", "MAG", "onHand", 5, "reserved", 0, "blocked", false));
            }
            send("PUT", "/sandbox/subiekt/" + BENCH_CLIENT + "/_control/stock", rows);
        }
        setPrices(skus, 0);
        BenchSupport.awaitTrue("the ERP's SKUs and prices stored", 300, 200, () -> jdbc.queryForObject("""
                SELECT count(*) FROM source_price p JOIN client c ON c.id = p.client_id WHERE c.code = ?""", Integer.class,
                BENCH_CLIENT) == CHANGES);
        report.stage("ERP loaded (" + CHANGES + " SKUs with stock and a price)", started);

        long seeding = System.nanoTime();
        for (int from = 0; from < CHANGES; from += CHUNK) {
            int offset = from;
            backMarket.seed(Math.min(CHUNK, CHANGES - from), (i, l) -> l.put("sku", skus.get(offset + i - 1)).put("quantity", 5)
                    .put("price", price(offset + i - 1, 0, BM_RULE)));
            ArrayNode products = JSON.createArrayNode();
            for (int i = from; i < Math.min(CHANGES, from + CHUNK); i++) {
                products.addObject().put("name", skus.get(i)).put("sku", skus.get(i)).put("regular_price", price(i, 0, WOO_RULE))
                        .put("manage_stock", true).put("stock_quantity", 5);
            }
            woo.seed(products);
        }
        admin("POST", "/accounts/bm/listings/import?wait=true");
        admin("POST", "/accounts/woo/listings/import?wait=true");
        BenchSupport.awaitTrue("price targets of every listing, in step with the channels", 300, 200,
                () -> targets("bm") == CHANGES && targets("woo") == CHANGES && pending("bm") == 0 && pending("woo") == 0);
        report.stage("channels seeded and imported, targets in step", seeding);

        JsonNode bmBefore = backMarket.stats();
        JsonNode wooBefore = woo.stats();
        long changed = System.nanoTime();
        java.sql.Timestamp since = new java.sql.Timestamp(System.currentTimeMillis() - 1);
        setPrices(skus, 1);
        report.stage("ERP price change written (" + CHANGES + " rows)", changed);

        long[] converged = {0, 0};
        BenchSupport.awaitTrue("every changed price accepted by both channels", TIMEOUT_SECONDS, 250, () -> {
            long now = System.nanoTime();
            if (converged[0] == 0 && sent("bm", since) == CHANGES) {
                converged[0] = now;
            }
            if (converged[1] == 0 && sent("woo", since) == CHANGES) {
                converged[1] = now;
            }
            return converged[0] != 0 && converged[1] != 0;
        });
        JsonNode bmAfter = backMarket.stats();
        JsonNode wooAfter = woo.stats();
        summary("Back Market", calls(bmBefore, bmAfter, "POST /ws/listings/{listingId}"), calls(bmBefore, bmAfter, null),
                converged[0] - changed, BM_CALLS_PER_MINUTE);
        summary("WooCommerce", calls(wooBefore, wooAfter, "POST /products/batch"), calls(wooBefore, wooAfter, null),
                converged[1] - changed, WOO_CALLS_PER_MINUTE);
        assertThat(backMarket.listings().stream().filter(l -> l.path("sku").asText().startsWith("PB-"))
                .filter(l -> !l.path("price").asText().equals(price(Integer.parseInt(l.path("sku").asText().substring(3)) - 1, 1, BM_RULE)))
                .count()).as("Back Market listings without their new price").isZero();
        report.line("machine: 2 cores shared with other work (load %s at the end)", BenchSupport.loadAverage());
        report.write(Path.of("target", "bench", "prices-" + RUN + ".txt"));
    }

    /**
     * @param calls    the price calls (Back Market single-listing updates, WooCommerce product batches)
     * @param allCalls every call the account made from the change until both channels converged (a
     *                 reconciliation's listing reads included): a longer window than this channel's own
     */
    private void summary(String channel, long calls, long allCalls, long nanos, int callsPerMinute) {
        double seconds = nanos / 1e9;
        double floor = calls * 60.0 / callsPerMinute;
        report.line("%-12s %,6d changes  %,6d price calls (%.3f per change; %,d calls in all until both converged)  converged in %7.1f s  "
                        + "budget %,d calls/min: at least %.1f s for the price calls (%.0f %% of the time)",
                channel, CHANGES, calls, calls / (double) CHANGES, allCalls, seconds, callsPerMinute, floor, 100 * floor / seconds);
    }

    /** Calls to one endpoint (null: to any) between two stats answers of a sandbox. */
    private static long calls(JsonNode before, JsonNode after, String endpoint) {
        if (endpoint != null) {
            return after.path("calls").path(endpoint).asLong() - before.path("calls").path(endpoint).asLong();
        }
        long sum = 0;
        for (Iterator<JsonNode> it = after.path("calls").elements(); it.hasNext(); ) {
            sum += it.next().asLong();
        }
        for (Iterator<JsonNode> it = before.path("calls").elements(); it.hasNext(); ) {
            sum -= it.next().asLong();
        }
        return sum;
    }

    /** Round {@code round}'s gross price of SKU number {@code i} (0-based): distinct per SKU, changed per round. */
    static BigDecimal gross(int i, int round) {
        return new BigDecimal(100 + (i % 500)).add(new BigDecimal(round * 7)).add(new BigDecimal("0.45"));
    }

    static String price(int i, int round, PricingConfig rule) {
        return PriceRule.apply(gross(i, round), rule).price().toPlainString();
    }

    private void setPrices(List<String> skus, int round) throws Exception {
        for (int from = 0; from < skus.size(); from += CHUNK) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int i = from; i < Math.min(skus.size(), from + CHUNK); i++) {
                rows.add(Map.of("symbol", skus.get(i), "level", 1, "gross", gross(i, round)));
            }
            send("PUT", "/sandbox/subiekt/" + BENCH_CLIENT + "/_control/prices", rows);
        }
    }

    private int targets(String account) {
        return count(account, "p.target_price IS NOT NULL");
    }

    private int pending(String account) {
        return count(account, "(COALESCE(p.last_sent_price, p.channel_price) IS NULL OR COALESCE(p.last_sent_price, p.channel_price) <> p.target_price)");
    }

    /** Listings whose target set at or after {@code since} the channel accepted. */
    private int sent(String account, java.sql.Timestamp since) {
        return jdbc.queryForObject("""
                SELECT count(*) FROM listing_price p JOIN channel_account a ON a.id = p.channel_account_id
                  JOIN client c ON c.id = a.client_id
                 WHERE c.code = ? AND a.code = ? AND p.target_at >= ? AND p.last_sent_price = p.target_price""", Integer.class,
                BENCH_CLIENT, account, since);
    }

    private int count(String account, String condition) {
        return jdbc.queryForObject("""
                SELECT count(*) FROM listing_price p JOIN channel_account a ON a.id = p.channel_account_id
                  JOIN client c ON c.id = a.client_id WHERE c.code = ? AND a.code = ? AND\s""" + condition, Integer.class,
                BENCH_CLIENT, account);
    }

    private void admin(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/admin/clients/" + BENCH_CLIENT + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:test-secret".getBytes()))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
    }

    private static void send(String method, String path, Object body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
    }

    /** The benchmark's client file, beside the end-to-end client's, written before the application starts. */
    private static void writeBenchClient() {
        TestEnvironment.ErpDatabase erp = TestEnvironment.sandboxErpSchema("erp_" + BENCH_CLIENT.replace('-', '_'), null);
        String sandbox = "http://127.0.0.1:" + PORT + "/sandbox";
        String yaml = """
                id: %1$s
                name: Prices benchmark
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
                  - id: bm
                    type: backmarket
                    base-url: %5$s/backmarket
                    credentials: {token: %6$s, user-agent: "BM-Kanal-Bench;bench@kanal.test", accept-language: fr-fr}
                    mapping-mode: sku
                    organization-type: channel-name
                    import-orders: false
                    warehouses: [MAG]
                    inventory-statuses: [available]
                    calls-per-minute: %9$d
                    pricing: {price-level: 1, currency: EUR, markup-percent: 10, rounding: ".99"}
                  - id: woo
                    type: woocommerce
                    base-url: %5$s/woocommerce/wp-json/wc/v3
                    credentials: {consumer-key: %7$s, consumer-secret: %8$s}
                    mapping-mode: sku
                    organization-type: shipping-name
                    import-orders: false
                    warehouses: [MAG]
                    inventory-statuses: [available]
                    calls-per-minute: %10$d
                    pricing: {price-level: 1, currency: EUR, markup-percent: 20, rounding: ".90"}
                """.formatted(BENCH_CLIENT, erp.url(), erp.user(), erp.password(), sandbox, BM_TOKEN_BENCH, WOO_KEY_BENCH,
                WOO_SECRET_BENCH, BM_CALLS_PER_MINUTE, WOO_CALLS_PER_MINUTE);
        try {
            Files.writeString(CLIENTS_DIR.resolve(BENCH_CLIENT + ".yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
