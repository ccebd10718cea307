package dev.kanal.sandbox.walmart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * Everything the sandbox knows about one seller (one client id): items, their inventory and
 * prices, inventory and price feeds, purchase orders (kept in Walmart's JSON shape), what Kanal did to them
 * (acknowledgements, shipments, cancellations, refunds), returns, per-endpoint rate limits,
 * injected faults and call statistics. Every method holds the seller's lock.
 */
final class WalmartSeller {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SHIP_NODE = "100009";
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
    /** Walmart's token lifetime. */
    static final int DEFAULT_TOKEN_TTL_SECONDS = 900;
    static final long DEFAULT_FEED_DELAY_MS = 300;
    /** Walmart answers 413 above this (the sandbox's default; Walmart's production cap is larger). */
    static final int DEFAULT_MAX_FEED_BYTES = 5 * 1024 * 1024;
    /** Walmart's sandbox takes price feeds of 5 KB at most (shared/api-contracts.md 3.5). */
    static final int DEFAULT_MAX_PRICE_FEED_BYTES = 5 * 1024;
    /** The feed types the sandbox takes: inventory (spec 1.4), price (spec 1.7) and item setup by match (MP_ITEM_MATCH, spec 1.0). */
    static final List<String> FEED_TYPES = List.of("inventory", "price", "MP_ITEM_MATCH");
    /** The properties an MP_ITEM_MATCH item may have (Walmart's schema MP_ITEM_MATCH_v4 allows no others). */
    private static final java.util.Set<String> MATCH_ITEM_FIELDS = java.util.Set.of("sku", "productIdentifiers", "price", "ShippingWeight",
            "productCategory", "asin", "additionalProductAttributes", "additionalOfferAttributes");
    /** What Walmart says to a price it took (the new price shows within about five minutes; the sandbox's at once). */
    static final String PRICE_UPDATED = "Thank you. Your price has been updated. Please allow up to five minutes for this change"
            + " to be reflected on the site.";

    /**
     * The sandbox's default token buckets per endpoint, {requests, per seconds}. Walmart publishes
     * per-API limits but not in the specs Kanal holds; the feed's 30 an hour is its sandbox's
     * stated limit (shared/api-contracts.md 3.5), the others are generous defaults a test lowers.
     */
    static Map<String, Limit> defaultLimits() {
        Map<String, Limit> limits = new TreeMap<>();
        limits.put("POST /v3/token", new Limit(600, 60));
        limits.put("PUT /v3/inventory", new Limit(1_200, 60));
        limits.put("GET /v3/inventories", new Limit(600, 60));
        limits.put("PUT /v3/price", new Limit(1_200, 60));
        limits.put("POST /v3/feeds?feedType=inventory", new Limit(30, 3600));
        limits.put("POST /v3/feeds?feedType=price", new Limit(30, 3600));
        limits.put("POST /v3/feeds?feedType=MP_ITEM_MATCH", new Limit(30, 3600));
        limits.put("GET /v3/items", new Limit(600, 60));
        limits.put("GET /v3/items/walmart/search", new Limit(600, 60));
        limits.put("GET /v3/feeds/{feedId}", new Limit(1_200, 60));
        limits.put("GET /v3/orders/released", new Limit(1_200, 60));
        limits.put("GET /v3/orders", new Limit(1_200, 60));
        limits.put("POST /v3/orders/{purchaseOrderId}/acknowledge", new Limit(1_200, 60));
        limits.put("POST /v3/orders/{purchaseOrderId}/shipping", new Limit(1_200, 60));
        limits.put("POST /v3/orders/{purchaseOrderId}/cancel", new Limit(1_200, 60));
        limits.put("POST /v3/orders/{purchaseOrderId}/refund", new Limit(1_200, 60));
        limits.put("GET /v3/returns", new Limit(600, 60));
        return limits;
    }

    /** A token bucket: {@code requests} tokens, refilled evenly over {@code perSeconds}. */
    record Limit(int requests, int perSeconds) {
        Limit {
            if (requests < 1 || perSeconds < 1) {
                throw new IllegalArgumentException("requests and perSeconds must be at least 1");
            }
        }
    }

    private static final class Bucket {
        final Limit limit;
        double tokens;
        long refilledAt;

        Bucket(Limit limit, long now) {
            this.limit = limit;
            this.tokens = limit.requests();
            this.refilledAt = now;
        }

        double perNano() {
            return limit.requests() / (double) TimeUnit.SECONDS.toNanos(limit.perSeconds());
        }
    }

    record Fault(int status, int count, int after) {
        Fault {
            if (status != 429 && (status < 500 || status > 599)) {
                throw new IllegalArgumentException("status must be 429 or 5xx");
            }
            if (count < 1 || after < 0) {
                throw new IllegalArgumentException("count must be at least 1, after not negative");
            }
        }
    }

    /** A feed and what it did to each item once processed. */
    static final class Feed {
        final String feedId;
        final String type;
        final long createdAt;
        final long dueAt;
        final List<String[]> items; // sku, then inventory: the amount as sent; price: the item's JSON
        final List<ObjectNode> results = new ArrayList<>();
        boolean processed;

        Feed(String feedId, String type, long createdAt, long dueAt, List<String[]> items) {
            this.feedId = feedId;
            this.type = type;
            this.createdAt = createdAt;
            this.dueAt = dueAt;
            this.items = items;
        }
    }

    private final String clientId;
    private final String clientSecret;
    private final WalmartSandbox sandbox;

    private final Map<String, ObjectNode> items = new LinkedHashMap<>();
    private final Map<String, Integer> inventory = new TreeMap<>();
    private final Map<String, Feed> feeds = new LinkedHashMap<>();
    private final Map<String, ObjectNode> orders = new LinkedHashMap<>();
    private final Map<String, Long> modifiedAt = new LinkedHashMap<>();
    private final List<ObjectNode> returns = new ArrayList<>();
    private final List<JsonNode> acknowledgements = new ArrayList<>();
    private final List<JsonNode> shipments = new ArrayList<>();
    private final List<JsonNode> cancellations = new ArrayList<>();
    private final List<JsonNode> refunds = new ArrayList<>();
    private final List<JsonNode> inventoryUpdates = new ArrayList<>();
    private final List<JsonNode> priceUpdates = new ArrayList<>();

    private int tokenTtlSeconds = DEFAULT_TOKEN_TTL_SECONDS;
    private long feedDelayMs = DEFAULT_FEED_DELAY_MS;
    private final Map<String, Integer> maxFeedBytes = defaultMaxFeedBytes();
    private Map<String, Limit> limits = defaultLimits();
    private final Map<String, Bucket> buckets = new TreeMap<>();
    private final Deque<Fault> faults = new ArrayDeque<>();
    private long latencyMillis;

    private final Map<String, Long> callsByEndpoint = new TreeMap<>();
    private long totalCalls;
    private long tooManyRequests;
    private long unauthorized;
    private long tokensIssued;
    private final Deque<Long> lastMinute = new ArrayDeque<>();
    private int maxCallsPer60s;
    private long feedCounter;

    WalmartSeller(String clientId, String clientSecret, WalmartSandbox sandbox) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.sandbox = sandbox;
    }

    String clientSecret() {
        return clientSecret;
    }

    synchronized int tokenTtlSeconds() {
        return tokenTtlSeconds;
    }

    synchronized void setTokenTtlSeconds(int seconds) {
        if (seconds < 1) {
            throw new IllegalArgumentException("ttlSeconds must be at least 1");
        }
        tokenTtlSeconds = seconds;
    }

    // ---- calls: statistics, faults, rate limits ----

    /** Counts a call of the seller (any endpoint, the token's included). */
    synchronized void count(String endpoint) {
        long now = System.nanoTime();
        callsByEndpoint.merge(endpoint, 1L, Long::sum);
        totalCalls++;
        while (!lastMinute.isEmpty() && now - lastMinute.peekFirst() >= MINUTE) {
            lastMinute.removeFirst();
        }
        lastMinute.addLast(now);
        maxCallsPer60s = Math.max(maxCallsPer60s, lastMinute.size());
    }

    synchronized void countUnauthorized() {
        unauthorized++;
    }

    synchronized void countToken() {
        tokensIssued++;
    }

    synchronized long latencyMillis() {
        return latencyMillis;
    }

    /** The injected fault or the endpoint's rate limit, when either answers this call; null when it is served. */
    synchronized WalmartSandboxError gate(String endpoint) {
        Fault head = faults.peekFirst();
        if (head != null) {
            faults.removeFirst();
            if (head.after() > 0) {
                faults.addFirst(new Fault(head.status(), head.count(), head.after() - 1));
            } else {
                if (head.count() > 1) {
                    faults.addFirst(new Fault(head.status(), head.count() - 1, 0));
                }
                if (head.status() == 429) {
                    return tooManyRequests(0, System.currentTimeMillis() + 1_000);
                }
                return WalmartSandboxError.serverError(head.status());
            }
        }
        Limit limit = limits.get(endpoint);
        if (limit == null) {
            return null;
        }
        long now = System.nanoTime();
        Bucket bucket = buckets.computeIfAbsent(endpoint, e -> new Bucket(limit, now));
        bucket.tokens = Math.min(limit.requests(), bucket.tokens + (now - bucket.refilledAt) * bucket.perNano());
        bucket.refilledAt = now;
        if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            return null;
        }
        long nanosToNext = (long) Math.ceil((1 - bucket.tokens) / bucket.perNano());
        return tooManyRequests((int) Math.floor(bucket.tokens), System.currentTimeMillis() + Math.max(1, nanosToNext / 1_000_000));
    }

    private WalmartSandboxError tooManyRequests(int tokensLeft, long nextAtMillis) {
        tooManyRequests++;
        HttpHeaders headers = new HttpHeaders();
        headers.set("X-Current-Token-Count", Integer.toString(tokensLeft));
        headers.set("X-Next-Replenishment-Time", Long.toString(nextAtMillis));
        return WalmartSandboxError.of(HttpStatus.TOO_MANY_REQUESTS, "REQUEST_THRESHOLD_VIOLATED", null,
                "Too many requests: the API's request threshold is used up", "REQUEST", headers);
    }

    synchronized Map<String, Limit> limits() {
        return new TreeMap<>(limits);
    }

    /** Sets the named endpoints' limits (others keep theirs); a null limit removes the endpoint's. Refills every bucket. */
    synchronized void setLimits(Map<String, Limit> changes) {
        changes.forEach((endpoint, limit) -> {
            if (limit == null) {
                limits.remove(endpoint);
            } else {
                limits.put(endpoint, limit);
            }
        });
        buckets.clear();
    }

    synchronized void addFault(Fault fault) {
        faults.addLast(fault);
    }

    synchronized void setLatency(long millis) {
        latencyMillis = Math.max(0, millis);
    }

    synchronized Map<String, Object> statistics() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("callsByEndpoint", new TreeMap<>(callsByEndpoint));
        stats.put("totalCalls", totalCalls);
        stats.put("maxCallsPer60s", maxCallsPer60s);
        stats.put("tooManyRequests", tooManyRequests);
        stats.put("unauthorized", unauthorized);
        stats.put("tokensIssued", tokensIssued);
        stats.put("feeds", feeds.size());
        return stats;
    }

    /** Back to a seller with nothing: no items, orders, feeds, faults, latency, statistics; default limits and token life. */
    synchronized void reset() {
        items.clear();
        inventory.clear();
        feeds.clear();
        orders.clear();
        modifiedAt.clear();
        returns.clear();
        acknowledgements.clear();
        shipments.clear();
        cancellations.clear();
        refunds.clear();
        inventoryUpdates.clear();
        priceUpdates.clear();
        tokenTtlSeconds = DEFAULT_TOKEN_TTL_SECONDS;
        feedDelayMs = DEFAULT_FEED_DELAY_MS;
        maxFeedBytes.clear();
        maxFeedBytes.putAll(defaultMaxFeedBytes());
        limits = defaultLimits();
        buckets.clear();
        faults.clear();
        latencyMillis = 0;
        callsByEndpoint.clear();
        totalCalls = 0;
        tooManyRequests = 0;
        unauthorized = 0;
        tokensIssued = 0;
        lastMinute.clear();
        maxCallsPer60s = 0;
    }

    // ---- items and inventory ----

    synchronized ObjectNode addItem(JsonNode node) {
        String sku = node.path("sku").asText("");
        if (sku.isBlank()) {
            throw new IllegalArgumentException("each item needs a sku");
        }
        int quantity = node.path("quantity").asInt(0);
        if (quantity < 0) {
            throw new IllegalArgumentException("quantity must not be negative");
        }
        ObjectNode item = JSON.createObjectNode().put("mart", "WALMART_US").put("sku", sku)
                .put("productName", node.path("productName").asText("Sandbox item " + sku))
                .put("publishedStatus", "PUBLISHED").put("lifecycleStatus", "ACTIVE");
        item.putObject("price").put("currency", "USD").put("amount", new BigDecimal(node.path("price").asText("99.00")));
        items.put(sku, item);
        inventory.put(sku, quantity);
        return item;
    }

    synchronized List<ObjectNode> items() {
        settleFeeds();
        List<ObjectNode> list = new ArrayList<>();
        items.forEach((sku, item) -> list.add(item.deepCopy().put("quantity", inventory.getOrDefault(sku, 0))));
        return list;
    }

    synchronized Map<String, Integer> inventory() {
        settleFeeds();
        return new TreeMap<>(inventory);
    }

    synchronized boolean knows(String sku) {
        return inventory.containsKey(sku);
    }

    /** {@code PUT /v3/inventory}: the new quantity of a known SKU. */
    synchronized void setQuantity(String sku, int amount, JsonNode request) {
        inventory.put(sku, amount);
        inventoryUpdates.add(request);
    }

    synchronized List<JsonNode> inventoryUpdates() {
        return List.copyOf(inventoryUpdates);
    }

    /** A page of {@code GET /v3/inventories}: SKUs in order after the cursor's offset. */
    synchronized List<Map.Entry<String, Integer>> inventoryPage(int offset, int limit) {
        settleFeeds();
        return new ArrayList<>(inventory.entrySet()).subList(Math.min(offset, inventory.size()),
                Math.min(inventory.size(), offset + limit)).stream().map(e -> Map.entry(e.getKey(), e.getValue())).toList();
    }

    synchronized int inventoryCount() {
        return inventory.size();
    }

    // ---- prices ----

    /**
     * What is wrong with one price item {@code {sku, pricing:[{currentPriceType, currentPrice:{currency, amount}}]}},
     * as {field, description}, or null when the US marketplace takes it: one BASE price (the
     * sandbox emulates no promotions) in USD, a number above 0 with at most two decimals.
     */
    static String[] priceProblem(JsonNode item) {
        if (item == null || !item.isObject() || !item.path("sku").isTextual() || item.path("sku").asText().isBlank()) {
            return new String[] {"sku", "sku is required"};
        }
        JsonNode pricing = item.path("pricing");
        if (!pricing.isArray() || pricing.size() != 1) {
            return new String[] {"pricing", "pricing is a list of one price: [{currentPriceType, currentPrice:{currency, amount}}]"};
        }
        JsonNode price = pricing.get(0);
        if (!"BASE".equals(price.path("currentPriceType").asText())) {
            return new String[] {"currentPriceType", "currentPriceType must be BASE (REDUCED and CLEARANCE are promotions,"
                    + " which the sandbox does not emulate)"};
        }
        JsonNode current = price.path("currentPrice");
        if (!"USD".equals(current.path("currency").asText())) {
            return new String[] {"currentPrice.currency", "WALMART_US takes prices in USD, not " + current.path("currency").asText()};
        }
        JsonNode amount = current.path("amount");
        if (!amount.isNumber() || amount.decimalValue().signum() <= 0 || amount.decimalValue().stripTrailingZeros().scale() > 2) {
            return new String[] {"currentPrice.amount", "currentPrice.amount must be a number above 0 with at most two decimals: "
                    + amount};
        }
        return null;
    }

    /** A known SKU's new regular price ({@code PUT /v3/price}, or a price feed's item). */
    synchronized void setPrice(String sku, JsonNode currentPrice, JsonNode request) {
        items.get(sku).putObject("price").put("currency", currentPrice.path("currency").asText())
                .put("amount", money(currentPrice.path("amount").decimalValue()));
        if (request != null) {
            priceUpdates.add(request);
        }
    }

    /** SKU to its regular price {currency, amount}, due feeds applied. */
    synchronized Map<String, JsonNode> prices() {
        settleFeeds();
        Map<String, JsonNode> prices = new TreeMap<>();
        items.forEach((sku, item) -> prices.put(sku, item.path("price").deepCopy()));
        return prices;
    }

    /** One item as the control API shows it (price and quantity), due feeds applied; null when unknown. */
    synchronized ObjectNode item(String sku) {
        settleFeeds();
        ObjectNode item = items.get(sku);
        return item == null ? null : item.deepCopy().put("quantity", inventory.getOrDefault(sku, 0));
    }

    synchronized List<JsonNode> priceUpdates() {
        return List.copyOf(priceUpdates);
    }

    // ---- feeds ----

    private static Map<String, Integer> defaultMaxFeedBytes() {
        return new TreeMap<>(Map.of("inventory", DEFAULT_MAX_FEED_BYTES, "price", DEFAULT_MAX_PRICE_FEED_BYTES,
                "MP_ITEM_MATCH", DEFAULT_MAX_FEED_BYTES));
    }

    synchronized int maxFeedBytes(String type) {
        return maxFeedBytes.get(type);
    }

    /** The upload cap of one feed type, or of every type when {@code type} is null. */
    synchronized void setMaxFeedBytes(String type, int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("bytes must be at least 1");
        }
        if (type != null && !FEED_TYPES.contains(type)) {
            throw new IllegalArgumentException("feedType must be one of " + FEED_TYPES);
        }
        for (String each : FEED_TYPES) {
            if (type == null || type.equals(each)) {
                maxFeedBytes.put(each, bytes);
            }
        }
    }

    synchronized void setFeedDelay(long ms) {
        feedDelayMs = Math.max(0, ms);
    }

    synchronized Feed submitFeed(String type, List<String[]> items) {
        long now = System.currentTimeMillis();
        String id = String.format("%032X", ++feedCounter + (long) clientId.hashCode() * 1_000_003L).substring(0, 32) + "@AQMBCgA";
        Feed feed = new Feed(id, type, now, now + feedDelayMs, items);
        feeds.put(id, feed);
        return feed;
    }

    synchronized Feed feed(String feedId) {
        settleFeeds();
        return feeds.get(feedId);
    }

    synchronized List<Map<String, Object>> feeds() {
        settleFeeds();
        List<Map<String, Object>> list = new ArrayList<>();
        for (Feed feed : feeds.values()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("feedId", feed.feedId);
            entry.put("feedType", feed.type);
            entry.put("feedStatus", status(feed, System.currentTimeMillis()));
            entry.put("items", feed.items.size());
            entry.put("failed", feed.results.stream().filter(r -> !"SUCCESS".equals(r.path("ingestionStatus").asText())).count());
            list.add(entry);
        }
        return list;
    }

    /** RECEIVED for the first half of the feed's delay, INPROGRESS for the second, then PROCESSED. */
    String status(Feed feed, long now) {
        if (feed.processed) {
            return "PROCESSED";
        }
        return now < feed.createdAt + (feed.dueAt - feed.createdAt) / 2 ? "RECEIVED" : "INPROGRESS";
    }

    /**
     * Applies every feed that is due: a known SKU takes the quantity or the price, an unknown one
     * is a DATA_ERROR, and so is a bad amount, a bad price or a SKU priced twice in one feed.
     */
    private void settleFeeds() {
        long now = System.currentTimeMillis();
        for (Feed feed : feeds.values()) {
            if (feed.processed || now < feed.dueAt) {
                continue;
            }
            if ("price".equals(feed.type)) {
                settlePrices(feed);
                continue;
            }
            if ("MP_ITEM_MATCH".equals(feed.type)) {
                settleMatches(feed);
                continue;
            }
            for (int i = 0; i < feed.items.size(); i++) {
                String sku = feed.items.get(i)[0];
                String amount = feed.items.get(i)[1];
                ObjectNode result = JSON.createObjectNode().put("martId", 0).put("sku", sku).put("index", i);
                Integer quantity = wholeNonNegative(amount);
                if (!inventory.containsKey(sku)) {
                    result.put("ingestionStatus", "DATA_ERROR");
                    result.putObject("ingestionErrors").putArray("ingestionError").addObject().put("type", "DATA_ERROR")
                            .put("code", "ERR_PDI_0001").put("description", "Item not found: SKU " + sku + " is not in the seller's catalog");
                } else if (quantity == null) {
                    result.put("ingestionStatus", "DATA_ERROR");
                    result.putObject("ingestionErrors").putArray("ingestionError").addObject().put("type", "DATA_ERROR")
                            .put("code", "ERR_PDI_0034").put("description", "quantity.amount must be a whole number of at least 0: " + amount);
                } else {
                    inventory.put(sku, quantity);
                    result.put("ingestionStatus", "SUCCESS");
                }
                feed.results.add(result);
            }
            feed.processed = true;
        }
    }

    /** A price feed's items: each SKU once, known, with a price {@link #priceProblem} takes. */
    private void settlePrices(Feed feed) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < feed.items.size(); i++) {
            String sku = feed.items.get(i)[0];
            ObjectNode result = JSON.createObjectNode().put("martId", 0).put("sku", sku).put("index", i);
            JsonNode item;
            try {
                item = JSON.readTree(feed.items.get(i)[1]);
            } catch (java.io.IOException e) {
                item = null;
            }
            String[] problem = priceProblem(item);
            String code = null;
            String description = null;
            if (!seen.add(sku)) {
                code = "ERR_PDI_0021";
                description = "SKU " + sku + " has more than one price in this feed";
            } else if (!items.containsKey(sku)) {
                code = "ERR_PDI_0001";
                description = "Item not found: SKU " + sku + " is not in the seller's catalog";
            } else if (problem != null) {
                code = "ERR_PDI_0034";
                description = problem[1];
            }
            if (code == null) {
                setPrice(sku, item.path("pricing").get(0).path("currentPrice"), null);
                result.put("ingestionStatus", "SUCCESS");
            } else {
                result.put("ingestionStatus", "DATA_ERROR");
                result.putObject("ingestionErrors").putArray("ingestionError").addObject().put("type", "DATA_ERROR")
                        .put("code", code).put("description", description);
            }
            feed.results.add(result);
        }
        feed.processed = true;
    }

    /**
     * An item-match feed's items: each a valid MP_ITEM_MATCH item whose product id finds exactly
     * one catalogue item; the seller's offer is then set up on it under the item's SKU (quantity
     * 0, the feed's price). A SKU the seller has on the same GTIN already succeeds again; on
     * another GTIN, no catalogue item, several, or an invalid item is a DATA_ERROR.
     */
    private void settleMatches(WalmartSeller.Feed feed) {
        for (int i = 0; i < feed.items.size(); i++) {
            String sku = feed.items.get(i)[0];
            ObjectNode result = JSON.createObjectNode().put("martId", 0).put("sku", sku).put("index", i);
            String[] error = match(feed.items.get(i)[1]);
            if (error == null) {
                result.put("ingestionStatus", "SUCCESS");
            } else {
                result.put("ingestionStatus", "DATA_ERROR");
                result.putObject("ingestionErrors").putArray("ingestionError").addObject().put("type", "DATA_ERROR")
                        .put("code", error[0]).put("description", error[1]);
            }
            feed.results.add(result);
        }
        feed.processed = true;
    }

    /** Sets one match item up; {code, description} when it is refused. */
    private String[] match(String json) {
        JsonNode item;
        try {
            item = JSON.readTree(json);
        } catch (java.io.IOException e) {
            return new String[] {"ERR_PDI_0034", "The item is not JSON"};
        }
        String[] problem = matchProblem(item);
        if (problem != null) {
            return new String[] {"ERR_PDI_0034", problem[0] + ": " + problem[1]};
        }
        item = item.get("Item");
        String sku = item.path("sku").asText();
        String productId = item.path("productIdentifiers").path("productId").asText();
        String gtin = WalmartCatalogue.gtin14(productId);
        List<WalmartCatalogue.Entry> entries = gtin == null ? List.of() : sandbox.catalogue().byGtin(gtin);
        if (entries.isEmpty()) {
            return new String[] {"ERR_EXT_DATA_0101", "No item in Walmart's catalogue has " + item.path("productIdentifiers")
                    .path("productIdType").asText() + " " + productId + ": the item cannot be set up by match"};
        }
        if (entries.size() > 1) {
            return new String[] {"ERR_EXT_DATA_0102", entries.size() + " items in Walmart's catalogue have GTIN " + gtin
                    + ": the match is ambiguous"};
        }
        WalmartCatalogue.Entry entry = entries.get(0);
        ObjectNode existing = items.get(sku);
        if (existing != null) {
            return gtin.equals(existing.path("gtin").asText()) ? null : new String[] {"ERR_PDI_0021",
                    "SKU " + sku + " is already set up on another product"};
        }
        ObjectNode created = JSON.createObjectNode().put("sku", sku).put("productName", entry.title)
                .put("price", money(item.path("price").decimalValue()).toPlainString()).put("quantity", 0);
        addItem(created).put("gtin", gtin).put("wpid", entry.itemId).put("productType", entry.productType);
        sandbox.catalogue().offered(entry);
        return null;
    }

    /**
     * What is wrong with one MP_ITEM_MATCH item ({@code {"Item":{...}}}) by Walmart's schema
     * MP_ITEM_MATCH_v4, as {field, description}, or null: sku (1 to 50 characters),
     * productIdentifiers {productIdType ISBN|GTIN|UPC|EAN, productId 1 to 14}, price (0 or more,
     * cents), ShippingWeight (0 or more, in lbs, thousandths) required; no other properties.
     */
    static String[] matchProblem(JsonNode item) {
        if (item == null || !item.isObject() || item.size() != 1 || !item.path("Item").isObject()) {
            return new String[] {"MPItem", "each item is {\"Item\":{sku, productIdentifiers, price, ShippingWeight}}"};
        }
        JsonNode body = item.get("Item");
        for (java.util.Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!MATCH_ITEM_FIELDS.contains(name)) {
                return new String[] {name, "is not a property of an item set up by match"};
            }
        }
        String sku = body.path("sku").isTextual() ? body.get("sku").asText() : "";
        if (sku.isEmpty() || sku.length() > 50) {
            return new String[] {"sku", "sku is required, 1 to 50 characters"};
        }
        JsonNode ids = body.path("productIdentifiers");
        String type = ids.path("productIdType").asText("");
        String id = ids.path("productId").isTextual() ? ids.get("productId").asText() : "";
        if (!ids.isObject() || ids.size() != 2 || !List.of("ISBN", "GTIN", "UPC", "EAN").contains(type) || id.isEmpty() || id.length() > 14) {
            return new String[] {"productIdentifiers", "productIdentifiers is {productIdType: ISBN|GTIN|UPC|EAN, productId: 1 to 14 characters}"};
        }
        JsonNode price = body.path("price");
        if (!price.isNumber() || price.decimalValue().signum() < 0 || price.decimalValue().stripTrailingZeros().scale() > 2) {
            return new String[] {"price", "price is required, a number of at least 0 in cents: " + price};
        }
        JsonNode weight = body.path("ShippingWeight");
        if (!weight.isNumber() || weight.decimalValue().signum() < 0 || weight.decimalValue().stripTrailingZeros().scale() > 3) {
            return new String[] {"ShippingWeight", "ShippingWeight is required, a number of at least 0 lbs in thousandths: " + weight};
        }
        return null;
    }

    /** The seller's item with this SKU as {@code GET /v3/items} lists it (without the sandbox's quantity); null when unknown. */
    synchronized ObjectNode listedItem(String sku) {
        settleFeeds();
        ObjectNode item = items.get(sku);
        return item == null ? null : item.deepCopy();
    }

    /** A page of the seller's items as {@code GET /v3/items} lists them. */
    synchronized List<ObjectNode> listedItems(int offset, int limit) {
        settleFeeds();
        List<ObjectNode> all = new ArrayList<>(items.values());
        return all.subList(Math.min(offset, all.size()), Math.min(all.size(), offset + limit)).stream().map(ObjectNode::deepCopy).toList();
    }

    private static Integer wholeNonNegative(String amount) {
        try {
            BigDecimal value = new BigDecimal(amount);
            return value.signum() < 0 ? null : value.intValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    // ---- orders ----

    synchronized void addOrder(ObjectNode order) {
        orders.put(order.path("purchaseOrderId").asText(), order);
        modifiedAt.put(order.path("purchaseOrderId").asText(), System.currentTimeMillis());
    }

    synchronized ObjectNode order(String po) {
        return orders.get(po);
    }

    synchronized List<ObjectNode> orders() {
        return orders.values().stream().map(ObjectNode::deepCopy).toList();
    }

    synchronized long modifiedAt(String po) {
        return modifiedAt.getOrDefault(po, 0L);
    }

    synchronized void touch(String po) {
        modifiedAt.put(po, System.currentTimeMillis());
    }

    synchronized ObjectNode itemOrNull(String sku) {
        return items.get(sku);
    }

    synchronized void recordAcknowledgement(JsonNode record) {
        acknowledgements.add(record);
    }

    synchronized void recordShipment(JsonNode record) {
        shipments.add(record);
    }

    synchronized void recordCancellation(JsonNode record) {
        cancellations.add(record);
    }

    synchronized void recordRefund(JsonNode record) {
        refunds.add(record);
    }

    synchronized List<JsonNode> acknowledgements() {
        return List.copyOf(acknowledgements);
    }

    synchronized List<JsonNode> shipments() {
        return List.copyOf(shipments);
    }

    synchronized List<JsonNode> cancellations() {
        return List.copyOf(cancellations);
    }

    synchronized List<JsonNode> refunds() {
        return List.copyOf(refunds);
    }

    // ---- returns ----

    synchronized void addReturn(ObjectNode returnOrder) {
        returns.add(returnOrder);
    }

    synchronized List<ObjectNode> returns() {
        return returns.stream().map(ObjectNode::deepCopy).toList();
    }

    static BigDecimal money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP);
    }

    static ArrayNode array() {
        return JSON.createArrayNode();
    }
}
