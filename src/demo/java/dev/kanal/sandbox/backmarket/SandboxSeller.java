package dev.kanal.sandbox.backmarket;

import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.LongSupplier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * Everything the sandbox knows about one seller (one API token): listings, injected faults,
 * the Cloudflare-like rate limit and call statistics. Every method holds the seller's lock.
 */
final class SandboxSeller {

    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    /** Cloudflare's rule for seller endpoints: about 200 requests per 10 s, then blocked for 10 s. */
    static final RateLimit DEFAULT_RATE_LIMIT = new RateLimit(200, 10, 10, false);

    /**
     * The rate limit: more than {@code requests} within {@code windowSeconds} answers 429 and
     * blocks the token for {@code blockSeconds}; {@code retryAfterHeader} adds a Retry-After
     * header, which Back Market does not document.
     */
    record RateLimit(int requests, int windowSeconds, int blockSeconds, boolean retryAfterHeader) {
        RateLimit {
            if (requests < 1 || windowSeconds < 1 || blockSeconds < 0) {
                throw new IllegalArgumentException("requests and windowSeconds must be at least 1, blockSeconds at least 0");
            }
        }
    }

    /** {@code count} answers with {@code status}, after letting {@code after} requests through. */
    record Fault(int status, int count, Integer retryAfterSeconds, int after) {
        Fault {
            if (status != 429 && (status < 500 || status > 599)) {
                throw new IllegalArgumentException("status must be 429 or 5xx");
            }
            if (count < 1 || after < 0 || (retryAfterSeconds != null && retryAfterSeconds < 0)) {
                throw new IllegalArgumentException("count must be at least 1; after and retryAfterSeconds not negative");
            }
        }
    }

    /** What to do with an API request: wait {@code latencyMillis}, then answer {@code error} or serve it. */
    record Admission(long latencyMillis, SandboxError error) {
    }

    private final LongSupplier clock;
    private final Map<UUID, SandboxListing> listings = new LinkedHashMap<>();
    /** Indexes of {@link #listings} (a listing's SKU and legacy id never change): a 100,000-listing seller stays fast. */
    private final Map<String, SandboxListing> listingsBySku = new HashMap<>();
    private final TreeMap<Long, SandboxListing> listingsByLegacyId = new TreeMap<>();
    private final Map<Long, SandboxOrder> orders = new TreeMap<>();
    /** After-sales: care folders and refunds through /ws/sav (guarded by this seller's lock). */
    final SandboxCare care = new SandboxCare();

    private final Deque<Fault> faults = new ArrayDeque<>();
    private long latencyMillis;
    private RateLimit rateLimit = DEFAULT_RATE_LIMIT;
    private final Deque<Long> limiterWindow = new ArrayDeque<>();
    private long blockedUntil;
    private boolean blocked;

    private final Map<String, Long> callsByEndpoint = new TreeMap<>();
    private long totalCalls;
    private long listingUpdates;
    private long tooManyRequests;
    private final Deque<Long> lastMinute = new ArrayDeque<>();
    private int maxCallsPer60s;

    /** Default time a catalog task takes: short, so tests and the demo see it finish quickly. */
    static final Duration DEFAULT_TASK_DELAY = Duration.ofMillis(200);
    static final String DEFAULT_TASK_ERROR = "Task has been interrupted.";
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);

    private final Map<Long, SandboxTask> tasks = new LinkedHashMap<>();
    private Duration taskDelay = DEFAULT_TASK_DELAY;
    /** Errors of the next tasks to fail, in order (control API). */
    private final Deque<String> taskFailures = new ArrayDeque<>();
    /** Back Market's "about 2,000 SKU lines per hour" for listing updates; null: not enforced. */
    private Integer linesPerHour;
    /** {time, lines} of the SKU lines accepted within the last hour. */
    private final Deque<long[]> skuLines = new ArrayDeque<>();
    private long tasksCreated;
    private long taskLines;
    private long tasksFailed;
    private long lineQuotaRefusals;
    /** The largest invoice file {@code POST /ws/orders/{id}/invoice} takes (control API; see BackMarketSandboxInvoices). */
    private long invoiceMaxBytes = BackMarketSandboxInvoices.DEFAULT_MAX_BYTES;

    SandboxSeller(LongSupplier nanoClock) {
        this.clock = nanoClock;
    }

    // ---- API requests: statistics, faults, rate limit ----

    /** Counts an API request and decides whether it is served. */
    synchronized Admission admit(String endpoint) {
        long now = clock.getAsLong();
        callsByEndpoint.merge(endpoint, 1L, Long::sum);
        totalCalls++;
        while (!lastMinute.isEmpty() && now - lastMinute.peekFirst() >= MINUTE) {
            lastMinute.removeFirst();
        }
        lastMinute.addLast(now);
        maxCallsPer60s = Math.max(maxCallsPer60s, lastMinute.size());

        SandboxError error = injectedFault();
        if (error == null) {
            error = rateLimited(now);
        }
        return new Admission(latencyMillis, error);
    }

    private SandboxError injectedFault() {
        Fault head = faults.peekFirst();
        if (head == null) {
            return null;
        }
        faults.removeFirst();
        if (head.after() > 0) {
            faults.addFirst(new Fault(head.status(), head.count(), head.retryAfterSeconds(), head.after() - 1));
            return null;
        }
        if (head.count() > 1) {
            faults.addFirst(new Fault(head.status(), head.count() - 1, head.retryAfterSeconds(), 0));
        }
        if (head.status() == 429) {
            return tooManyRequests(head.retryAfterSeconds());
        }
        return SandboxError.serverError(head.status());
    }

    private SandboxError rateLimited(long now) {
        if (blocked && now - blockedUntil < 0) {
            return tooManyRequests(remainingSeconds(now));
        }
        blocked = false;
        long window = TimeUnit.SECONDS.toNanos(rateLimit.windowSeconds());
        while (!limiterWindow.isEmpty() && now - limiterWindow.peekFirst() >= window) {
            limiterWindow.removeFirst();
        }
        limiterWindow.addLast(now);
        if (limiterWindow.size() <= rateLimit.requests()) {
            return null;
        }
        blocked = true;
        blockedUntil = now + TimeUnit.SECONDS.toNanos(rateLimit.blockSeconds());
        limiterWindow.clear();
        return tooManyRequests(remainingSeconds(now));
    }

    private Integer remainingSeconds(long now) {
        if (!rateLimit.retryAfterHeader()) {
            return null;
        }
        return (int) Math.max(1, Math.ceil((blockedUntil - now) / 1e9));
    }

    private SandboxError tooManyRequests(Integer retryAfterSeconds) {
        tooManyRequests++;
        HttpHeaders headers = new HttpHeaders();
        if (retryAfterSeconds != null) {
            headers.set(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfterSeconds));
        }
        return SandboxError.v1(HttpStatus.TOO_MANY_REQUESTS, "too_many_requests",
                "Too many requests. You have been rate limited.", headers);
    }

    synchronized void countListingUpdate() {
        listingUpdates++;
    }

    // ---- SKU-line quota and catalog tasks ----

    /**
     * Takes {@code lines} SKU lines from the hourly quota, all or nothing.
     *
     * @throws SandboxError 429 (V1 body, like the rate limit) when they would exceed it
     */
    synchronized void takeSkuLines(int lines) {
        if (linesPerHour == null) {
            return;
        }
        long now = clock.getAsLong();
        int used = skuLinesLastHour(now);
        if (used + lines > linesPerHour) {
            lineQuotaRefusals++;
            tooManyRequests++;
            throw SandboxError.v1(HttpStatus.TOO_MANY_REQUESTS, "too_many_requests",
                    "Too many SKU lines: " + used + " of " + linesPerHour + " processed within the last hour, "
                            + lines + " more refused.");
        }
        skuLines.addLast(new long[] {now, lines});
    }

    private int skuLinesLastHour(long now) {
        while (!skuLines.isEmpty() && now - skuLines.peekFirst()[0] >= HOUR) {
            skuLines.removeFirst();
        }
        return skuLines.stream().mapToInt(entry -> (int) entry[1]).sum();
    }

    /** Creates a task (its fate decided now: a queued failure makes it fail) after taking its lines from the quota. */
    synchronized SandboxTask createTask(long taskId, CatalogCsv catalog) {
        takeSkuLines(catalog.rows().size());
        long now = clock.getAsLong();
        SandboxTask task = new SandboxTask(taskId, catalog, now, now + taskDelay.toNanos(), taskFailures.pollFirst());
        tasks.put(taskId, task);
        tasksCreated++;
        taskLines += catalog.rows().size();
        return task;
    }

    synchronized Duration taskDelay() {
        return taskDelay;
    }

    synchronized Optional<Map<String, Object>> task(long taskId) {
        SandboxTask task = tasks.get(taskId);
        return task == null ? Optional.empty() : Optional.of(task.toJson(clock.getAsLong()));
    }

    synchronized List<Map<String, Object>> tasks() {
        long now = clock.getAsLong();
        return tasks.values().stream().map(task -> {
            Map<String, Object> json = task.toJson(now);
            json.remove("result");
            json.put("lines", task.catalog.rows().size());
            return json;
        }).toList();
    }

    /** Makes a listing of a catalogue product for a task line: product id or EAN, and the line's SKU. */
    interface ListingMatcher {
        Optional<SandboxListing> match(String productId, String ean, String sku);
    }

    /**
     * Runs a task that is due: a forced failure applies nothing; otherwise every line whose
     * {@code sku} names one of the seller's listings (without case) and whose values are valid is
     * applied; a line with a new SKU that names a catalogue product by {@code product_id} or
     * {@code ean} (and has a price) creates a listing of it; the others are reported with their
     * error. A task of a reset seller is dropped.
     */
    synchronized void process(SandboxTask task, ListingMatcher catalogue) {
        if (tasks.get(task.taskId) != task || task.done()) {
            return;
        }
        if (task.forcedError != null) {
            task.status = SandboxTask.FAILED;
            task.lastActionError = task.forcedError;
            tasksFailed++;
            return;
        }
        Map<String, SandboxListing> bySku = new HashMap<>();
        listings.values().forEach(l -> bySku.put(l.sku.toLowerCase(Locale.ROOT), l));
        CatalogCsv catalog = task.catalog;
        int skuColumn = catalog.column("sku");
        int quantityColumn = catalog.column("quantity");
        int priceColumn = catalog.column("price");
        int productIdColumn = catalog.column("product_id");
        int eanColumn = catalog.column("ean");
        for (CatalogCsv.Row row : catalog.rows()) {
            List<String> fields = row.fields();
            String sku = skuColumn >= 0 && skuColumn < fields.size() ? fields.get(skuColumn).trim() : "";
            String error = null;
            Integer quantity = null;
            String price = null;
            boolean wellFormed = fields.size() == catalog.header().size();
            String productId = wellFormed && productIdColumn >= 0 ? fields.get(productIdColumn).trim() : "";
            String ean = wellFormed && eanColumn >= 0 ? fields.get(eanColumn).trim() : "";
            boolean creates = wellFormed && !sku.isEmpty() && !bySku.containsKey(sku.toLowerCase(Locale.ROOT));
            if (!wellFormed) {
                error = "line has " + fields.size() + " fields, the header " + catalog.header().size();
            } else if (sku.isEmpty()) {
                error = "sku: this field is required";
            } else if (creates && productId.isEmpty() && ean.isEmpty()) {
                // creating a listing needs product_id or ean, which a stock update does not carry
                error = "No listing with sku " + sku + "; product_id or ean is required to create one";
            }
            if (error == null) {
                try {
                    String q = quantityColumn < 0 ? "" : fields.get(quantityColumn).trim();
                    if (!q.isEmpty()) {
                        quantity = ListingChange.integer(TextNode.valueOf(q), "quantity");
                        if (quantity < 0) {
                            throw new IllegalArgumentException("quantity: must not be negative");
                        }
                    }
                    String p = priceColumn < 0 ? "" : fields.get(priceColumn).trim();
                    if (!p.isEmpty()) {
                        price = ListingChange.money(TextNode.valueOf(p), "price", false);
                    }
                } catch (IllegalArgumentException invalid) {
                    error = invalid.getMessage();
                }
            }
            if (error == null && creates) {
                if (price == null) {
                    error = "price: this field is required to create a listing";
                } else {
                    Optional<SandboxListing> made = catalogue.match(productId, ean, sku);
                    if (made.isEmpty()) {
                        error = productId.isEmpty()
                                ? "No product matches ean " + ean + "; creating a product needs category_id, title and "
                                        + "the category's attributes"
                                : "No product with product_id " + productId;
                    } else {
                        addAll(List.of(made.get()));
                        bySku.put(sku.toLowerCase(Locale.ROOT), made.get());
                    }
                }
            }
            if (error == null) {
                SandboxListing listing = bySku.get(sku.toLowerCase(Locale.ROOT));
                if (quantity != null) {
                    listing.setQuantity(quantity);
                }
                if (price != null) {
                    listing.price = price;
                }
                task.updated++;
                listingUpdates++;
            }
            task.reportLine(row.line(), sku, error);
        }
        task.status = SandboxTask.SUCCESS;
    }

    // ---- listings ----

    synchronized List<SandboxListing> listings() {
        return new ArrayList<>(listings.values());
    }

    /** Every listing by legacy id, ascending: the order {@code GET /ws/listings} pages in. */
    synchronized List<SandboxListing> listingsByListingId() {
        return new ArrayList<>(listingsByLegacyId.values());
    }

    synchronized Optional<SandboxListing> byId(UUID id) {
        return Optional.ofNullable(listings.get(id));
    }

    synchronized Optional<SandboxListing> byListingId(long listingId) {
        return Optional.ofNullable(listingsByLegacyId.get(listingId));
    }

    /** SKUs are unique per seller, compared without case like Back Market does. */
    synchronized Optional<SandboxListing> bySku(String sku) {
        return Optional.ofNullable(listingsBySku.get(sku.toLowerCase(Locale.ROOT)));
    }

    /** Adds listings all or nothing: a SKU or id already present (or repeated) refuses the lot. */
    synchronized void addAll(List<SandboxListing> added) {
        Set<String> skus = new HashSet<>();
        for (SandboxListing listing : added) {
            boolean duplicate = listings.containsKey(listing.id)
                    || bySku(listing.sku).isPresent()
                    || !skus.add(listing.sku.toLowerCase(Locale.ROOT));
            if (duplicate) {
                throw new IllegalArgumentException("duplicate listing: sku " + listing.sku + ", id " + listing.id);
            }
        }
        added.forEach(listing -> {
            listings.put(listing.id, listing);
            listingsBySku.put(listing.sku.toLowerCase(Locale.ROOT), listing);
            listingsByLegacyId.put(listing.listingId, listing);
        });
    }

    /**
     * Runs {@code action} under the seller's lock: listings are read and changed only inside it,
     * so no reader sees half an update.
     */
    synchronized <T> T withLock(Supplier<T> action) {
        return action.get();
    }

    // ---- orders ----

    synchronized List<SandboxOrder> orders() {
        return new ArrayList<>(orders.values());
    }

    synchronized Optional<SandboxOrder> order(long orderId) {
        return Optional.ofNullable(orders.get(orderId));
    }

    synchronized void addOrder(SandboxOrder order) {
        orders.put(order.orderId, order);
    }

    // ---- control ----

    synchronized void addFault(Fault fault) {
        faults.addLast(fault);
    }

    synchronized void clearFaults() {
        faults.clear();
        latencyMillis = 0;
    }

    synchronized void setLatency(Duration latency) {
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative");
        }
        latencyMillis = latency.toMillis();
    }

    synchronized RateLimit rateLimit() {
        return rateLimit;
    }

    synchronized void setTaskDelay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("task delay must not be negative");
        }
        taskDelay = delay;
    }

    /** The next {@code count} tasks created fail with {@code error}. */
    synchronized void failNextTasks(int count, String error) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1");
        }
        for (int i = 0; i < count; i++) {
            taskFailures.addLast(error);
        }
    }

    synchronized Integer linesPerHour() {
        return linesPerHour;
    }

    /** Null switches the quota off; setting it forgets the lines counted so far. */
    synchronized void setLinesPerHour(Integer linesPerHour) {
        if (linesPerHour != null && linesPerHour < 1) {
            throw new IllegalArgumentException("linesPerHour must be at least 1, or null for no quota");
        }
        this.linesPerHour = linesPerHour;
        skuLines.clear();
    }

    synchronized void setRateLimit(RateLimit rateLimit) {
        this.rateLimit = rateLimit;
        limiterWindow.clear();
        blocked = false;
    }

    /** Back to a known seller with no listings, no faults, the default rate limit and zero statistics. */
    synchronized void reset() {
        listings.clear();
        listingsBySku.clear();
        listingsByLegacyId.clear();
        orders.clear();
        faults.clear();
        latencyMillis = 0;
        rateLimit = DEFAULT_RATE_LIMIT;
        limiterWindow.clear();
        blocked = false;
        callsByEndpoint.clear();
        totalCalls = 0;
        listingUpdates = 0;
        tooManyRequests = 0;
        lastMinute.clear();
        maxCallsPer60s = 0;
        tasks.clear();
        taskDelay = DEFAULT_TASK_DELAY;
        taskFailures.clear();
        linesPerHour = null;
        skuLines.clear();
        tasksCreated = 0;
        taskLines = 0;
        tasksFailed = 0;
        lineQuotaRefusals = 0;
        invoiceMaxBytes = BackMarketSandboxInvoices.DEFAULT_MAX_BYTES;
    }

    synchronized long invoiceMaxBytes() {
        return invoiceMaxBytes;
    }

    synchronized void setInvoiceMaxBytes(long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("max_bytes must be at least 1");
        }
        invoiceMaxBytes = maxBytes;
    }

    synchronized Map<String, Object> statistics() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("calls", new TreeMap<>(callsByEndpoint));
        stats.put("totalCalls", totalCalls);
        stats.put("listingUpdates", listingUpdates);
        stats.put("tooManyRequests", tooManyRequests);
        stats.put("maxCallsPer60s", maxCallsPer60s);
        stats.put("pendingFaults", faults.stream().mapToInt(Fault::count).sum());
        stats.put("latencyMs", latencyMillis);
        stats.put("tasks", tasksCreated);
        stats.put("taskLines", taskLines);
        stats.put("tasksFailed", tasksFailed);
        stats.put("tasksPending", tasks.values().stream().filter(t -> !t.done()).count());
        stats.put("taskDelayMs", taskDelay.toMillis());
        stats.put("linesPerHour", linesPerHour);
        stats.put("skuLinesLastHour", skuLinesLastHour(clock.getAsLong()));
        stats.put("lineQuotaRefusals", lineQuotaRefusals);
        return stats;
    }
}
