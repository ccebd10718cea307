package dev.kanal.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
    // ------------------------------------------------------------------ Walmart

    /**
     * Walmart: single {@code PUT /v3/inventory} below the connector's bulk threshold, inventory
     * feeds of up to 1,000 items for a burst; the sandbox's token buckets (30 feeds an hour,
     * 1,200 single updates a minute) are the real limits Kanal is measured against.
     */
    static final class Walmart extends StockOutChannel {

        /** The sandbox's feed bucket (Walmart's stated sandbox figure, shared/api-contracts.md 3.5), full at the start. */
        static final int FEEDS_PER_HOUR = 30;
        static final int PUTS_PER_MINUTE = 1_200;
        /** Items in one feed (kanal.connectors.walmart.feed.max-items). */
        static final int FEED_ITEMS = 1_000;
        static final String CONTROL = "/sandbox/walmart/_control";

        private final String clientId;
        private final String secret;
        private final String auth;
        /** The sandbox's own buckets, read before lifting them, put back for the real-limits round. */
        private JsonNode realBuckets;

        Walmart(String account, int callsPerMinute, BenchHttp sandbox, String clientId, String secret) {
            super(account, callsPerMinute, sandbox);
            this.clientId = clientId;
            this.secret = secret;
            this.auth = BenchHttp.basic(clientId, secret);
        }

        @Override
        String clientFileEntry(String sandboxBase) {
            return """
                      - id: %s
                        type: walmart
                        base-url: %s/walmart
                        credentials: {client-id: %s, client-secret: %s}
                        mapping-mode: sku
                        organization-type: channel-name
                        import-orders: false
                        warehouses: [MAG]
                        inventory-statuses: [available]
                        calls-per-minute: %d
                    """.formatted(account, sandboxBase, clientId, secret, callsPerMinute);
        }

        @Override
        void seed(int skus, int chunk, IntFunction<String> code, IntUnaryOperator quantity) {
            realBuckets = sandbox.send("GET", CONTROL + "/rate-limits", auth, null, 200);
            for (int from = 0; from < skus; from += chunk) {
                ArrayNode items = BenchHttp.JSON.createArrayNode();
                for (int i = from; i < Math.min(skus, from + chunk); i++) {
                    items.addObject().put("sku", code.apply(i)).put("quantity", quantity.applyAsInt(i))
                            .put("price", "199.90").put("productName", "Bench phone " + code.apply(i));
                }
                sandbox.sendDiscarding("POST", CONTROL + "/items", auth, items, 201);
            }
        }

        @Override
        void liftLimits() {
            ObjectNode lifted = BenchHttp.JSON.createObjectNode();
            realBuckets.fieldNames().forEachRemaining(endpoint -> lifted.putObject(endpoint).put("requests", 1_000_000).put("perSeconds", 1));
            sandbox.send("PUT", CONTROL + "/rate-limits", auth, lifted, 200);
        }

        /** Every bucket back to the sandbox's own and refilled: the round starts as after a quiet hour. */
        @Override
        String realLimits() {
            sandbox.send("PUT", CONTROL + "/rate-limits", auth, realBuckets, 200);
            return limitInWords();
        }

        /** The sandbox's statistics plus what its feeds carried (items, and those it refused). */
        @Override
        JsonNode rawStats() {
            ObjectNode stats = (ObjectNode) sandbox.send("GET", CONTROL + "/stats", auth, null, 200);
            long items = 0;
            long failed = 0;
            for (JsonNode feed : sandbox.send("GET", CONTROL + "/feeds", auth, null, 200)) {
                items += feed.path("items").asLong();
                failed += feed.path("failed").asLong();
            }
            return stats.put("feedItems", items).put("feedItemsFailed", failed)
                    .put("puts", stats.path("callsByEndpoint").path("PUT /v3/inventory").asLong());
        }

        @Override
        void clearStats() {
            // the seller's counters go only with its items: rounds take differences
        }

        @Override
        Stats stats(JsonNode before, JsonNode after) {
            long feedItems = delta(before, after, "feedItems") - delta(before, after, "feedItemsFailed");
            return new Stats(delta(before, after, "totalCalls"), delta(before, after, "puts") + feedItems,
                    delta(before, after, "tooManyRequests"), after.path("maxCallsPer60s").asLong(),
                    "feeds " + delta(before, after, "feeds") + " (" + feedItems + " items processed), single PUTs "
                            + delta(before, after, "puts") + ", tokens " + delta(before, after, "tokensIssued")
                            + "; by endpoint since the start " + after.path("callsByEndpoint"));
        }

        @Override
        int wrongQuantities(Map<String, Integer> expected) {
            JsonNode inventory = sandbox.send("GET", CONTROL + "/inventory", auth, null, 200);
            int wrong = 0;
            for (Map.Entry<String, Integer> e : expected.entrySet()) {
                JsonNode quantity = inventory.get(e.getKey());
                if (quantity == null || quantity.asInt() != e.getValue()) {
                    wrong++;
                }
            }
            return wrong;
        }

        /** A burst goes by feed (production's bulk threshold is 50). */
        @Override
        int updatesPerCall() {
            return FEED_ITEMS;
        }

        /** {@code calls} feeds: the bucket's 30 go at once, each one beyond waits for its refill (2 min). */
        @Override
        double minimumSeconds(long calls) {
            return Math.max(0, calls - FEEDS_PER_HOUR) * 3600.0 / FEEDS_PER_HOUR;
        }

        @Override
        String limitInWords() {
            return "token buckets: " + FEEDS_PER_HOUR + " inventory feeds / hour, " + PUTS_PER_MINUTE
                    + " PUT /v3/inventory / minute (429 REQUEST_THRESHOLD_VIOLATED, no Retry-After); plus each feed's processing";
        }

        @Override
        void reset() {
            sandbox.send("POST", CONTROL + "/reset", auth, null, 204);
        }
    }

    // ------------------------------------------------------------------ BaseLinker

    /** BaseLinker: updateInventoryProductsStock of up to 1,000 products; 100 requests a minute per token, then blocked. */
    static final class BaseLinker extends StockOutChannel {

        static final int REQUESTS_PER_MINUTE = 100;
        static final int BLOCK_SECONDS = 60;
        static final String CONTROL = "/sandbox/baselinker/_control";
        private final String token;

        /** {@code sandbox} as given; its requests carry the token in {@code X-BLToken}, as the control API reads it. */
        BaseLinker(String account, int callsPerMinute, BenchHttp sandbox, String token) {
            super(account, callsPerMinute, sandbox.withCredentialHeader("X-BLToken"));
            this.token = token;
        }

        @Override
        String clientFileEntry(String sandboxBase) {
            return """
                      - id: %s
                        type: baselinker
                        base-url: %s/baselinker/connector.php
                        credentials: {token: %s}
                        mapping-mode: sku
                        organization-type: shipping-name
                        import-orders: false
                        warehouses: [MAG]
                        inventory-statuses: [available]
                        calls-per-minute: %d
                    """.formatted(account, sandboxBase, token, callsPerMinute);
        }

        @Override
        void seed(int skus, int chunk, IntFunction<String> code, IntUnaryOperator quantity) {
            for (int from = 0; from < skus; from += chunk) {
                ArrayNode products = BenchHttp.JSON.createArrayNode();
                for (int i = from; i < Math.min(skus, from + chunk); i++) {
                    products.addObject().put("sku", code.apply(i)).put("name", "Bench phone " + code.apply(i))
                            .put("price", "199.90").put("stock", quantity.applyAsInt(i));
                }
                sandbox.sendDiscarding("POST", CONTROL + "/products", token, products, 201);
            }
        }

        @Override
        void liftLimits() {
            limit(1_000_000, 0);
        }

        @Override
        String realLimits() {
            limit(REQUESTS_PER_MINUTE, BLOCK_SECONDS);
            return limitInWords();
        }

        private void limit(int requestsPerMinute, int blockSeconds) {
            sandbox.send("PUT", CONTROL + "/limit", token, Map.of("requestsPerMinute", requestsPerMinute, "blockSeconds", blockSeconds),
                    200);
        }

        @Override
        JsonNode rawStats() {
            return sandbox.send("GET", CONTROL + "/stats", token, null, 200);
        }

        @Override
        void clearStats() {
            // the account's counters go only with its catalog: rounds take differences
        }

        @Override
        Stats stats(JsonNode before, JsonNode after) {
            return new Stats(delta(before, after, "totalCalls"), delta(before, after, "stockWrites"),
                    delta(before, after, "blockedAnswers"), after.path("maxCallsPer60s").asLong(),
                    "updateInventoryProductsStock calls " + (after.path("calls").path("updateInventoryProductsStock").asLong()
                            - before.path("calls").path("updateInventoryProductsStock").asLong())
                            + "; blocked-token answers (ERROR_BLOCKED_TOKEN, BaseLinker's 429) counted as 429s; by method since the start "
                            + after.path("calls"));
        }

        @Override
        int wrongQuantities(Map<String, Integer> expected) {
            int[] wrong = {0};
            int[] seen = {0};
            sandbox.streamArray("GET", CONTROL + "/stock", token, null, product -> {
                Integer quantity = expected.get(product.path("sku").asText());
                if (quantity != null) {
                    seen[0]++;
                    if (product.path("total").asInt() != quantity) {
                        wrong[0]++;
                    }
                }
            });
            return wrong[0] + expected.size() - seen[0];
        }

        @Override
        int updatesPerCall() {
            return 1_000;
        }

        @Override
        double minimumSeconds(long calls) {
            return calls / (double) REQUESTS_PER_MINUTE * 60;
        }

        @Override
        String limitInWords() {
            return REQUESTS_PER_MINUTE + " requests / minute per token (beyond: token blocked, ERROR_BLOCKED_TOKEN; the sandbox blocks "
                    + BLOCK_SECONDS + " s)";
        }

        @Override
        void reset() {
            sandbox.send("POST", CONTROL + "/reset", token, null, 204);
        }
    }

    static long delta(JsonNode before, JsonNode after, String field) {
        return after.path(field).asLong() - before.path(field).asLong();
    }
}
