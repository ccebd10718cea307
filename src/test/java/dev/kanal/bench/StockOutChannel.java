package dev.kanal.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.Arrays;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;

/**
 * One channel account of the stock-out benchmark and its sandbox: what the client file says about
 * it, how its listings are seeded, its limits (lifted, or the sandbox's real ones), its call
 * statistics and which quantities it shows. The benchmark works on a list of these, so a channel
 * is one more subclass (its sandbox's control API) and one more entry in {@link StockOutBenchmark}.
 */
abstract class StockOutChannel {

    /** What a sandbox counted, normalised across channels (deltas where the sandbox cannot reset its counters). */
    record Stats(long calls, long updates, long tooManyRequests, long maxCallsPer60s, String detail) {
    }

    final String account;
    final int callsPerMinute;
    final BenchHttp sandbox;

    StockOutChannel(String account, int callsPerMinute, BenchHttp sandbox) {
        this.account = account;
        this.callsPerMinute = callsPerMinute;
        this.sandbox = sandbox;
    }

    /** The account's entry in the client file. */
    abstract String clientFileEntry(String sandboxBase);

    /** Loads one listing per SKU with the given quantity (in step with Kanal: nothing to push). */
    abstract void seed(int skus, int chunk, IntFunction<String> code, IntUnaryOperator quantity);

    /** Takes the sandbox's own limits out of the way (set-up, warm-up, and the default mode). */
    abstract void liftLimits();

    /** Turns the sandbox's real limits on; what they are, for the report. */
    abstract String realLimits();

    /** Counters so far; {@link #stats(JsonNode, JsonNode)} makes a round's figures of two of these. */
    abstract JsonNode rawStats();

    /** Forgets the counters the sandbox can forget without forgetting its listings (before a round). */
    abstract void clearStats();

    abstract Stats stats(JsonNode before, JsonNode after);

    /** Listings (SKU code to quantity) this channel does not show at the expected quantity. */
    abstract int wrongQuantities(Map<String, Integer> expected);

    /** Quantity updates one call carries at most (a single update, a batch). */
    abstract int updatesPerCall();

    /**
     * The least time the sandbox's real limits allow for {@code calls} calls, as the calls needed
     * divided by the limit's rate; and what bounds it, in words.
     */
    abstract double minimumSeconds(long calls);

    abstract String limitInWords();

    /** Forgets its listings and counters (the end of a run). */
    abstract void reset();

    // ------------------------------------------------------------------ Back Market

    /** Back Market: single listing updates (production) or CSV tasks; Cloudflare's 200 requests / 10 s and the hourly line quota. */
    static final class BackMarket extends StockOutChannel {

        static final int CLOUDFLARE_REQUESTS = 200;
        static final int CLOUDFLARE_WINDOW_SECONDS = 10;
        static final int CLOUDFLARE_BLOCK_SECONDS = 10;
        /** shared/api-contracts.md 2.5: "at most about 2,000 SKU lines per hour". */
        static final int LINES_PER_HOUR = 2_000;
        static final String CONTROL = "/sandbox/backmarket/_control";

        private final String auth;
        private final String token;

        BackMarket(String account, int callsPerMinute, BenchHttp sandbox, String token) {
            super(account, callsPerMinute, sandbox);
            this.token = token;
            this.auth = "Basic " + token;
        }

        @Override
        String clientFileEntry(String sandboxBase) {
            return """
                      - id: %s
                        type: backmarket
                        base-url: %s/backmarket
                        credentials: {token: %s, user-agent: "BM-Kanal-Bench;bench@kanal.test", accept-language: fr-fr}
                        mapping-mode: sku
                        organization-type: channel-name
                        import-orders: false
                        warehouses: [MAG]
                        inventory-statuses: [available]
                        calls-per-minute: %d
                    """.formatted(account, sandboxBase, token, callsPerMinute);
        }

        @Override
        void seed(int skus, int chunk, IntFunction<String> code, IntUnaryOperator quantity) {
            for (int from = 0; from < skus; from += chunk) {
                ArrayNode listings = BenchHttp.JSON.createArrayNode();
                for (int i = from; i < Math.min(skus, from + chunk); i++) {
                    listings.addObject().put("sku", code.apply(i)).put("quantity", quantity.applyAsInt(i))
                            .put("price", "199.90").put("title", "Bench phone " + code.apply(i));
                }
                sandbox.sendDiscarding("POST", CONTROL + "/listings", auth, listings, 201);
            }
        }

        @Override
        void liftLimits() {
            sandbox.send("PUT", CONTROL + "/rate-limit", auth,
                    Map.of("requests", 1_000_000, "windowSeconds", 1, "blockSeconds", 0, "retryAfterHeader", false), 200);
            sandbox.send("PUT", CONTROL + "/line-quota", auth, BenchHttp.JSON.createObjectNode().putNull("linesPerHour"), 200);
        }

        /** Setting the quota forgets the lines counted so far: the round starts with an unused hour, as after a quiet hour. */
        @Override
        String realLimits() {
            sandbox.send("PUT", CONTROL + "/rate-limit", auth, Map.of("requests", CLOUDFLARE_REQUESTS, "windowSeconds",
                    CLOUDFLARE_WINDOW_SECONDS, "blockSeconds", CLOUDFLARE_BLOCK_SECONDS, "retryAfterHeader", false), 200);
            sandbox.send("PUT", CONTROL + "/line-quota", auth, Map.of("linesPerHour", LINES_PER_HOUR), 200);
            return limitInWords();
        }

        @Override
        JsonNode rawStats() {
            return sandbox.send("GET", CONTROL + "/stats", auth, null, 200);
        }

        @Override
        void clearStats() {
            // the seller's counters go only with its listings: rounds take differences
        }

        @Override
        Stats stats(JsonNode before, JsonNode after) {
            return new Stats(delta(before, after, "totalCalls"), delta(before, after, "listingUpdates"),
                    delta(before, after, "tooManyRequests"), after.path("maxCallsPer60s").asLong(),
                    "tasks " + delta(before, after, "tasks") + " (" + delta(before, after, "taskLines") + " lines), line-quota refusals "
                            + delta(before, after, "lineQuotaRefusals") + ", SKU lines in the last hour " + after.path("skuLinesLastHour")
                            + "; by endpoint since the start " + after.path("calls"));
        }

        private static long delta(JsonNode before, JsonNode after, String field) {
            return after.path(field).asLong() - before.path(field).asLong();
        }

        @Override
        int wrongQuantities(Map<String, Integer> expected) {
            int[] wrong = {0};
            int[] seen = {0};
            sandbox.streamArray("GET", CONTROL + "/listings", auth, null, listing -> {
                Integer quantity = expected.get(listing.path("sku").asText());
                if (quantity != null) {
                    seen[0]++;
                    if (listing.path("quantity").asInt() != quantity) {
                        wrong[0]++;
                    }
                }
            });
            return wrong[0] + expected.size() - seen[0];
        }

        @Override
        int updatesPerCall() {
            return 1;
        }

        @Override
        double minimumSeconds(long calls) {
            double seconds = calls / (double) CLOUDFLARE_REQUESTS * CLOUDFLARE_WINDOW_SECONDS;
            if (calls > LINES_PER_HOUR) {
                seconds = Math.max(seconds, (calls - 1) / LINES_PER_HOUR * 3600.0);
            }
            return seconds;
        }

        @Override
        String limitInWords() {
            return "Cloudflare " + CLOUDFLARE_REQUESTS + " requests / " + CLOUDFLARE_WINDOW_SECONDS + " s (blocked "
                    + CLOUDFLARE_BLOCK_SECONDS + " s beyond, no Retry-After), " + LINES_PER_HOUR + " SKU lines / hour";
        }

        @Override
        void reset() {
            sandbox.send("POST", CONTROL + "/reset", auth, null, 204);
        }
    }

    // ------------------------------------------------------------------ WooCommerce

    /** WooCommerce: batch updates of up to 100 products; the only limit is the host's (per minute, 429 with Retry-After). */
    static final class WooCommerce extends StockOutChannel {

        private final String key;
        private final String secret;
        private final String shop;
        /** The host's limit under real limits (requests a rolling minute). */
        private final int hostLimitPerMinute;
        final long[] productIds;
        private IntFunction<String> code;

        WooCommerce(String account, int callsPerMinute, BenchHttp sandbox, String key, String secret, int hostLimitPerMinute, int skus) {
            super(account, callsPerMinute, sandbox);
            this.key = key;
            this.secret = secret;
            this.shop = "/sandbox/woocommerce/_control/shops/" + key;
            this.hostLimitPerMinute = hostLimitPerMinute;
            this.productIds = new long[skus];
        }

        @Override
        String clientFileEntry(String sandboxBase) {
            return """
                      - id: %s
                        type: woocommerce
                        base-url: %s/woocommerce/wp-json/wc/v3
                        credentials: {consumer-key: %s, consumer-secret: %s}
                        mapping-mode: sku
                        organization-type: shipping-name
                        import-orders: false
                        warehouses: [MAG]
                        inventory-statuses: [available]
                        calls-per-minute: %d
                    """.formatted(account, sandboxBase, key, secret, callsPerMinute);
        }

        @Override
        void seed(int skus, int chunk, IntFunction<String> code, IntUnaryOperator quantity) {
            this.code = code;
            sandbox.send("POST", "/sandbox/woocommerce/_control/shops", null,
                    Map.of("consumer_key", key, "consumer_secret", secret, "currency", "EUR", "permissions", "read_write"), 200, 201);
            Arrays.fill(productIds, -1);
            for (int from = 0; from < skus; from += chunk) {
                ArrayNode products = BenchHttp.JSON.createArrayNode();
                for (int i = from; i < Math.min(skus, from + chunk); i++) {
                    products.addObject().put("name", "Bench phone " + code.apply(i)).put("sku", code.apply(i))
                            .put("regular_price", "99.00").put("manage_stock", true).put("stock_quantity", quantity.applyAsInt(i));
                }
                sandbox.streamArray("POST", shop + "/products", null, products,
                        product -> productIds[Integer.parseInt(product.path("sku").asText().substring("BENCH-".length()))]
                                = product.path("id").asLong());
            }
            long missing = Arrays.stream(productIds).filter(id -> id < 0).count();
            if (missing > 0) {
                throw new IllegalStateException(missing + " WooCommerce products not seeded");
            }
        }

        @Override
        void liftLimits() {
            sandbox.send("PUT", shop + "/faults", null, Map.of("latency_ms", 0), 200);
        }

        @Override
        String realLimits() {
            sandbox.send("PUT", shop + "/faults", null, Map.of("rate_limit_per_minute", hostLimitPerMinute, "latency_ms", 0), 200);
            return limitInWords();
        }

        @Override
        JsonNode rawStats() {
            return sandbox.send("GET", shop + "/stats", null, null, 200);
        }

        @Override
        void clearStats() {
            sandbox.send("DELETE", shop + "/stats", null, null, 204);
        }

        @Override
        Stats stats(JsonNode before, JsonNode after) {
            return new Stats(after.path("total_calls").asLong(), after.path("items_updated").asLong(), after.path("rate_limited").asLong(),
                    after.path("max_calls_in_60s").asLong(), "batch calls " + after.path("batch_calls").asLong() + "; by endpoint "
                            + after.path("calls"));
        }

        @Override
        int wrongQuantities(Map<String, Integer> expected) {
            JsonNode stock = sandbox.send("GET", shop + "/stock", null, null, 200);
            int wrong = 0;
            for (Map.Entry<String, Integer> e : expected.entrySet()) {
                int index = Integer.parseInt(e.getKey().substring("BENCH-".length()));
                JsonNode quantity = stock.get(Long.toString(productIds[index]));
                if (quantity == null || quantity.asInt() != e.getValue()) {
                    wrong++;
                }
            }
            return wrong;
        }

        @Override
        int updatesPerCall() {
            return 100;
        }

        @Override
        double minimumSeconds(long calls) {
            return calls / (double) hostLimitPerMinute * 60;
        }

        @Override
        String limitInWords() {
            return "host limit " + hostLimitPerMinute + " requests / minute (429 with Retry-After)";
        }

        @Override
        void reset() {
            sandbox.send("POST", shop + "/reset", null, null, 204);
        }
    }
}
