package dev.kanal.connector.woocommerce;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.connector.AccountCallBudget;
import dev.kanal.connector.CallBudgets;
import dev.kanal.connector.ChannelAnswer;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelHttp;
import dev.kanal.connector.ChannelListing;
import dev.kanal.connector.ChannelPriceConnector;
import dev.kanal.connector.ChannelStockConnector;
import dev.kanal.connector.PriceResult;
import dev.kanal.connector.PriceUpdate;
import dev.kanal.connector.ChannelUnavailableException;
import dev.kanal.connector.ParallelCalls;
import dev.kanal.connector.PushResult;
import dev.kanal.connector.QuantityUpdate;
import dev.kanal.connector.ChannelRequest;
import dev.kanal.connector.ChannelTransports;
import dev.kanal.connector.RateLimitedException;
import dev.kanal.connector.RetryAfter;
import dev.kanal.connector.TrustedHttpClients;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The WooCommerce REST API v3 stock connector.
 *
 * <p><b>Connection.</b> The base URL is the API root, {@code https://shop.example/wp-json/wc/v3}.
 * Credentials {@value #CONSUMER_KEY} and {@value #CONSUMER_SECRET}. Over {@code https://} each
 * request carries Basic auth; over {@code http://} it is signed with OAuth 1.0a (HMAC-SHA256,
 * parameters in the query string), as WooCommerce requires. Secrets are never logged.
 *
 * <p><b>Listings.</b> Every product (all statuses but trash), 100 a page, following
 * {@code X-WP-TotalPages}; a {@code variable} product contributes its variations instead of
 * itself. Listing id: the product id, or {@code productId/variationId}. Quantity: the
 * {@code stock_quantity}, null when stock is not managed. State: the {@code status}.
 *
 * <p><b>Quantities.</b> Updates go out as {@code POST /products/batch} and
 * {@code POST /products/{pid}/variations/batch} calls of at most 100 items, each
 * {@code {"id":N,"manage_stock":true,"stock_quantity":Q}}. Every call, reads included, goes
 * through the shared {@link ChannelHttp} layer and first takes one call from the account's budget
 * ({@link CallBudgets}, sized by {@link ChannelConnection#callsPerMinute()}, shared by all nodes
 * by default). A per-item error in a batch answer becomes a
 * rejected {@link PushResult} with WooCommerce's message; so does a batch refused as a whole with
 * 400 or 404 (e.g. the parent product of the variations is gone).
 *
 * <p><b>Failures.</b> 429 pauses the account's budget for {@code Retry-After} (or
 * {@link #DEFAULT_RETRY_AFTER} when the host sent none) and throws {@link RateLimitedException};
 * 5xx, 408, timeouts ({@link #DEFAULT_REQUEST_TIMEOUT} per request) and connection errors throw
 * {@link ChannelUnavailableException}; 401/403 throw {@link WooCommerceApiException}.
 *
 * <p><b>A push that fails part-way.</b> A push of many updates is several calls. When a call
 * fails after earlier ones were answered, the exception thrown (as above) carries
 * {@code completed()}: the results of the longest prefix of the input that was answered, in the
 * order given. The caller sends {@code updates.subList(completed().size(), updates.size())} again.
 * Calls are grouped by endpoint (one for products, one per parent's variations) and go in the
 * order of their first update, so some updates after that prefix may already be applied, and
 * after a timeout the failed call itself may have been; quantities are absolute, so sending them
 * again is harmless. When nothing was answered, {@code completed()} is empty.
 *
 * <p><b>Batches in flight.</b> A push takes up to {@code parallelBatches} x 100 x
 * {@value #WAVES_PER_PUSH} updates and keeps {@code parallelBatches} batch calls in flight (each
 * still one call from the budget), the next starting as soon as one is answered: a WooCommerce
 * host answers a batch of 100 in tens to hundreds of milliseconds, so 10,000 updates one call
 * at a time would take seconds that parallel calls overlap. Through
 * {@link #pushQuantities(ChannelConnection, List, Consumer)} each call's results are handed over
 * as soon as it is answered.
 */
@Component
public class WooCommerceClient implements ChannelStockConnector, ChannelPriceConnector {

    public static final String CONSUMER_KEY = "consumer-key";
    public static final String CONSUMER_SECRET = "consumer-secret";

    /** WooCommerce's batch limit (filter {@code woocommerce_rest_batch_items_limit}); more gets 413. */
    static final int BATCH_LIMIT = 100;
    /** The largest page WooCommerce serves. */
    static final int PAGE_SIZE = 100;
    /**
     * How long to wait after a 429 that carries no {@code Retry-After}. wc/v3 itself never says
     * 429: it comes from the host or a WAF, which mostly count requests per minute or less, so
     * half a minute lets such a window drain without stalling the account for long.
     */
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(30);
    /** Per request; a batch of 100 updates takes a slow shop a few seconds. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Batch calls in flight at once during one push. */
    public static final int DEFAULT_PARALLEL_BATCHES = 4;
    /**
     * A push takes up to this many rounds of parallel batch calls' worth of updates (10,000 at
     * four in flight): each batch's results are recorded as it is answered, so a larger push
     * costs no latency, and one push keeps the window full where two would leave it empty
     * between them (the writer reading and recording: about 40 ms each time).
     */
    static final int WAVES_PER_PUSH = 25;
    /** Rounds of parallel batch calls worth starting a push for while a burst is still arriving (2,000 at four in flight). */
    static final int WAVES_WORTH_STARTING = 5;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(WooCommerceClient.class);

    private final ChannelHttp http;
    private final int parallelBatches;
    /** Runs the batch calls of one push in parallel; null when one at a time. */
    private final ExecutorService batchCalls;
    private final ObjectMapper json = new ObjectMapper();

    public WooCommerceClient() {
        this(DEFAULT_REQUEST_TIMEOUT);
    }

    public WooCommerceClient(Duration requestTimeout) {
        this(requestTimeout, DEFAULT_PARALLEL_BATCHES);
    }

    public WooCommerceClient(Duration requestTimeout, int parallelBatches) {
        this(requestTimeout, parallelBatches, CallBudgets.inJvm(), ChannelTransports.jdk());
    }

    @Autowired
    public WooCommerceClient(@Value("${kanal.connectors.woocommerce.request-timeout:30s}") Duration requestTimeout,
                             @Value("${kanal.connectors.woocommerce.parallel-batches:4}") int parallelBatches,
                             CallBudgets budgets, ChannelTransports transports) {
        this(TrustedHttpClients.of(() -> HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)), requestTimeout, Clock.systemUTC(), parallelBatches, budgets, transports);
    }

    /** Every call through {@code http} (tests that fake the shop). */
    WooCommerceClient(HttpClient http, Duration requestTimeout, Clock clock, int parallelBatches) {
        this(TrustedHttpClients.fixed(http), requestTimeout, clock, parallelBatches, CallBudgets.inJvm(), ChannelTransports.jdk());
    }

    private WooCommerceClient(TrustedHttpClients http, Duration requestTimeout, Clock clock, int parallelBatches,
                              CallBudgets budgets, ChannelTransports transports) {
        this.http = ChannelHttp.builder("WooCommerce", transports.transport(http, CONNECT_TIMEOUT, clock))
                .budgets(budgets)
                .requestTimeout(requestTimeout)
                .defaultRetryAfter(DEFAULT_RETRY_AFTER)
                .errorText(this::errorText)
                .clock(clock)
                .build();
        this.parallelBatches = Math.max(1, parallelBatches);
        this.batchCalls = this.parallelBatches == 1 ? null : Executors.newFixedThreadPool(this.parallelBatches, r -> {
            Thread thread = new Thread(r, "woocommerce-batch");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The account's call budget, sized by {@link ChannelConnection#callsPerMinute()}. */
    public AccountCallBudget budgetFor(ChannelConnection connection) {
        return http.budget(connection);
    }

    // ---------------------------------------------------------------- listings

    @Override
    public void fetchListings(ChannelConnection connection, Consumer<List<ChannelListing>> pages) {
        String currency = currency(connection);
        eachPage(connection, "/products", products -> {
            List<ChannelListing> listings = new ArrayList<>();
            for (JsonNode product : products) {
                if ("variable".equals(product.path("type").asText())) {
                    long productId = product.path("id").asLong();
                    eachPage(connection, "/products/" + productId + "/variations", variations -> {
                        for (JsonNode variation : variations) {
                            listings.add(variationListing(product, variation, currency));
                        }
                    });
                } else {
                    listings.add(productListing(product, currency));
                }
            }
            pages.accept(listings);
        });
    }

    /** The shop's currency code, or null when the shop does not say (older WooCommerce). */
    private String currency(ChannelConnection connection) {
        ChannelAnswer response = send(connection, "GET", "/data/currencies/current", Map.of(), null);
        if (response.statusCode() == 404) {
            return null;
        }
        requireSuccess(connection, "GET", "/data/currencies/current", response);
        String code = parse(connection, "GET", "/data/currencies/current", response).path("code").asText("");
        return code.isEmpty() ? null : code;
    }

    /** Walks a collection's pages (X-WP-TotalPages), handing each page's items over before reading the next. */
    private void eachPage(ChannelConnection connection, String path, Consumer<JsonNode> items) {
        int totalPages = Integer.MAX_VALUE;
        for (int page = 1; page <= totalPages; page++) {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("per_page", Integer.toString(PAGE_SIZE));
            query.put("page", Integer.toString(page));
            query.put("orderby", "id"); // stable while products are being added
            query.put("order", "asc");
            ChannelAnswer response = send(connection, "GET", path, query, null);
            requireSuccess(connection, "GET", path, response);
            JsonNode body = parse(connection, "GET", path, response);
            if (!body.isArray()) {
                throw new ChannelUnavailableException(describe(connection, "GET", path)
                        + " answered " + response.statusCode() + " without a list");
            }
            items.accept(body);
            Optional<String> header = response.headers().firstValue("X-WP-TotalPages");
            if (header.isPresent()) {
                totalPages = parseInt(header.get(), 0);
            } else if (body.size() < PAGE_SIZE) {
                break; // no paging headers (a proxy dropped them): a short page is the last
            }
            if (body.isEmpty()) {
                break;
            }
        }
    }

    private static ChannelListing productListing(JsonNode product, String currency) {
        return new ChannelListing(
                WooListingId.product(product.path("id").asLong()).toString(),
                blankToNull(product.path("sku").asText(null)),
                product.path("name").asText(null),
                money(product.path("price")),
                currency,
                quantity(product),
                product.path("status").asText(null));
    }

    private static ChannelListing variationListing(JsonNode product, JsonNode variation, String currency) {
        List<String> options = new ArrayList<>();
        variation.path("attributes").forEach(a -> options.add(a.path("option").asText()));
        String name = product.path("name").asText("");
        String title = options.isEmpty() ? name : name + " - " + String.join(", ", options);
        return new ChannelListing(
                WooListingId.variation(product.path("id").asLong(), variation.path("id").asLong()).toString(),
                blankToNull(variation.path("sku").asText(null)),
                title,
                money(variation.path("price")),
                currency,
                quantity(variation),
                variation.path("status").asText(null));
    }

    /** stock_quantity when stock is managed (true, or "parent" for a variation), else null. */
    private static Integer quantity(JsonNode item) {
        JsonNode manage = item.path("manage_stock");
        boolean managed = manage.asBoolean(false) || "parent".equals(manage.asText());
        JsonNode quantity = item.path("stock_quantity");
        return managed && quantity.canConvertToInt() && !quantity.isNull() ? quantity.asInt() : null;
    }

    private static BigDecimal money(JsonNode value) {
        String text = value.asText("");
        if (text.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- quantities

    /** As many updates as {@link #WAVES_PER_PUSH} waves of parallel batch calls take. */
    @Override
    public int maxUpdatesPerPush() {
        return BATCH_LIMIT * parallelBatches * WAVES_PER_PUSH;
    }

    /** A few rounds of the window: started at once, the push's calls overlap the rest of the burst's calculation. */
    @Override
    public int updatesWorthStarting() {
        return BATCH_LIMIT * parallelBatches * WAVES_WORTH_STARTING;
    }

    @Override
    public List<PushResult> pushQuantities(ChannelConnection connection, List<QuantityUpdate> updates) {
        PushResult[] results = new PushResult[updates.size()];
        try {
            push(connection, updates, results, part -> {
            });
        } catch (RuntimeException e) {
            throw withAnsweredPrefix(e, results);
        }
        return List.of(results);
    }

    /** Each batch call's results are handed over as soon as WooCommerce answered it. */
    @Override
    public void pushQuantities(ChannelConnection connection, List<QuantityUpdate> updates, Consumer<List<PushResult>> answered) {
        push(connection, updates, new PushResult[updates.size()], answered);
    }

    /**
     * Fills {@code results} (input order) batch by batch and hands each batch's results to
     * {@code answered}. In parallel, every batch call of the push is queued at once and
     * {@code parallelBatches} run at a time, each starting as soon as one ends (no wave waits for
     * its slowest call); after a failure the calls not yet started are not made.
     */
    private void push(ChannelConnection connection, List<QuantityUpdate> updates, PushResult[] results,
                      Consumer<List<PushResult>> answered) {
        WooBatchPlan plan = WooBatchPlan.of(updates, BATCH_LIMIT);
        List<PushResult> invalid = new ArrayList<>();
        plan.invalid().forEach((index, reason) -> {
            results[index] = PushResult.rejected(updates.get(index), reason);
            invalid.add(results[index]);
        });
        if (!invalid.isEmpty()) {
            answered.accept(invalid);
        }
        List<WooBatchPlan.Batch> batches = plan.batches();
        boolean oneListingTwice = updates.stream().map(QuantityUpdate::channelListingId).distinct().count() < updates.size();
        if (batchCalls == null || oneListingTwice || batches.size() < 2) {
            // in order: two writes to one listing keep their order
            for (WooBatchPlan.Batch batch : batches) {
                pushBatch(connection, batch, results);
                answered.accept(batch.results(results));
            }
            return;
        }
        AtomicBoolean failed = new AtomicBoolean();
        Object handOver = new Object();
        List<Future<Void>> calls = new ArrayList<>(batches.size());
        for (WooBatchPlan.Batch batch : batches) {
            calls.add(batchCalls.submit(() -> {
                if (failed.get()) {
                    return null; // left unanswered: sent again by the caller
                }
                try {
                    pushBatch(connection, batch, results); // each call fills its own slots of results
                } catch (RuntimeException e) {
                    failed.set(true);
                    throw e;
                }
                synchronized (handOver) {
                    answered.accept(batch.results(results));
                }
                return null;
            }));
        }
        RuntimeException failure = ParallelCalls.await(calls, connection.account()).failure();
        if (failure != null) {
            throw failure;
        }
    }

    /** A failed call, carrying the results of the longest answered prefix of the input (see the class comment). */
    private static RuntimeException withAnsweredPrefix(RuntimeException e, PushResult[] results) {
        List<PushResult> completed = PushResult.answeredPrefix(results);
        if (completed.isEmpty()) {
            return e;
        }
        if (e instanceof RateLimitedException limited) {
            RateLimitedException partial = new RateLimitedException(limited.getMessage(), limited.retryAfter(), completed);
            partial.initCause(limited);
            return partial;
        }
        if (e instanceof ChannelUnavailableException) {
            return new ChannelUnavailableException(e.getMessage(), e, completed);
        }
        if (e instanceof WooCommerceApiException api) {
            return api.withCompleted(completed);
        }
        return e;
    }

    private void pushBatch(ChannelConnection connection, WooBatchPlan.Batch batch, PushResult[] results) {
        ObjectNode body = json.createObjectNode();
        ArrayNode update = body.putArray("update");
        for (WooBatchPlan.Item item : batch.items()) {
            update.addObject()
                    .put("id", item.id())
                    .put("manage_stock", true)
                    .put("stock_quantity", item.update().quantity());
        }
        sendBatch(connection, batch, body, (item, refusal, calledAt) -> results[item.index()] = refusal == null
                ? PushResult.accepted(item.update(), calledAt) : PushResult.rejected(item.update(), refusal));
    }

    /** What became of one item of a batch call: {@code refusal} null when WooCommerce applied it. */
    private interface BatchOutcome {
        void of(WooBatchPlan.Item item, String refusal, Instant calledAt);
    }

    /**
     * One batch call, and each item's outcome: all refused when WooCommerce refuses the whole batch
     * (400 or 404, e.g. the variations' parent product no longer exists), else each item's own
     * answer, matched by id in order (an id may appear twice in one batch).
     */
    private void sendBatch(ChannelConnection connection, WooBatchPlan.Batch batch, ObjectNode body, BatchOutcome outcome) {
        ChannelAnswer response = send(connection, "POST", batch.path(), Map.of(), body);
        int status = response.statusCode();
        if (status == 400 || status == 404) {
            String reason = "HTTP " + status + " " + errorText(response);
            batch.items().forEach(item -> outcome.of(item, reason, response.calledAt()));
            return;
        }
        requireSuccess(connection, "POST", batch.path(), response);
        List<WooBatchAnswer.Item> answers;
        try {
            answers = WooBatchAnswer.updates(json, response.body());
        } catch (IOException e) {
            throw notJson(connection, "POST", batch.path(), response, e);
        }
        Map<Long, Deque<WooBatchAnswer.Item>> byId = new HashMap<>();
        answers.forEach(answer -> byId.computeIfAbsent(answer.id(), k -> new ArrayDeque<>()).add(answer));
        for (WooBatchPlan.Item item : batch.items()) {
            Deque<WooBatchAnswer.Item> candidates = byId.get(item.id());
            WooBatchAnswer.Item answer = candidates == null ? null : candidates.poll();
            String refusal = answer == null ? "WooCommerce's batch answer has no result for id " + item.id()
                    : answer.error() != null ? errorText(answer.error()) : null;
            outcome.of(item, refusal, response.calledAt());
        }
    }

    // ---------------------------------------------------------------- prices

    /** As many prices as one wave of batch calls takes. */
    @Override
    public int maxPricesPerPush() {
        return BATCH_LIMIT * parallelBatches;
    }

    /**
     * {@code regular_price} only (a string, as WooCommerce writes money), through the same batch
     * calls as quantities: products to {@code /products/batch}, variations to their parent's
     * {@code /variations/batch}, 100 items a call, one call after the other. WooCommerce has one
     * currency per shop: the update's currency is not sent.
     */
    @Override
    public void pushPrices(ChannelConnection connection, List<PriceUpdate> updates, Consumer<List<PriceResult>> answered) {
        WooBatchPlan plan = WooBatchPlan.ofListings(updates.stream().map(PriceUpdate::channelListingId).toList(), BATCH_LIMIT);
        List<PriceResult> invalid = new ArrayList<>();
        plan.invalid().forEach((index, reason) -> invalid.add(PriceResult.rejected(updates.get(index), reason)));
        if (!invalid.isEmpty()) {
            answered.accept(invalid);
        }
        for (WooBatchPlan.Batch batch : plan.batches()) {
            answered.accept(pushPriceBatch(connection, batch, updates));
        }
    }

    private List<PriceResult> pushPriceBatch(ChannelConnection connection, WooBatchPlan.Batch batch, List<PriceUpdate> updates) {
        ObjectNode body = json.createObjectNode();
        ArrayNode update = body.putArray("update");
        for (WooBatchPlan.Item item : batch.items()) {
            update.addObject().put("id", item.id()).put("regular_price", updates.get(item.index()).priceText());
        }
        List<PriceResult> results = new ArrayList<>(batch.items().size());
        sendBatch(connection, batch, body, (item, refusal, calledAt) -> results.add(refusal == null
                ? PriceResult.accepted(updates.get(item.index())) : PriceResult.rejected(updates.get(item.index()), refusal)));
        return results;
    }

    // ---------------------------------------------------------------- HTTP

    /**
     * One call through the shared layer, within the account's budget. Returns any answer but 429,
     * 408 and 5xx, which are thrown as {@link RateLimitedException} and {@link ChannelUnavailableException}.
     */
    ChannelAnswer send(ChannelConnection connection, String method, String path,
            Map<String, String> query, JsonNode body) {
        URI uri = uri(connection.baseUrl(), path, query);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json");
        headers.put("User-Agent", "Kanal");
        switch (uri.getScheme().toLowerCase(Locale.ROOT)) {
            case "https" -> headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (connection.credential(CONSUMER_KEY) + ":" + connection.credential(CONSUMER_SECRET))
                            .getBytes(StandardCharsets.UTF_8)));
            case "http" -> uri = new OAuth1Signer(connection.credential(CONSUMER_KEY),
                    connection.credential(CONSUMER_SECRET), OAuth1Signer.SignatureMethod.HMAC_SHA256).sign(method, uri);
            default -> throw new IllegalArgumentException("WooCommerce base URL must be http or https: " + connection.baseUrl());
        }
        ChannelRequest request = ChannelRequest.json(method, uri, body == null ? null : body.toString()).headers(headers);
        return http.call(connection, request);
    }

    /** The wait a 429 asks for: Retry-After in seconds or as an HTTP date, else {@link #DEFAULT_RETRY_AFTER}. */
    static Duration retryAfter(Optional<String> header, Clock clock) {
        return RetryAfter.of(header, clock, DEFAULT_RETRY_AFTER);
    }

    void requireSuccess(ChannelConnection connection, String method, String path, ChannelAnswer response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        String code = null;
        try {
            code = json.readTree(response.body()).path("code").asText(null);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // not WooCommerce's JSON error: keep the status only
        }
        throw new WooCommerceApiException(describe(connection, method, path) + " answered " + status + " "
                + errorText(response), status, code);
    }

    JsonNode parse(ChannelConnection connection, String method, String path, ChannelAnswer response) {
        try {
            return json.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw notJson(connection, method, path, response, e);
        }
    }

    /** A 2xx that is not the JSON asked for: a maintenance page or a caching proxy; try again later. */
    private static ChannelUnavailableException notJson(ChannelConnection connection, String method, String path,
                                                       ChannelAnswer response, IOException cause) {
        return new ChannelUnavailableException(describe(connection, method, path) + " answered "
                + response.statusCode() + " with a body that is not JSON", cause);
    }

    /** WooCommerce's {@code message (code)}, or the start of a body that is not its JSON. */
    private String errorText(ChannelAnswer response) {
        String body = response.body();
        try {
            JsonNode error = json.readTree(body);
            if (error != null && error.has("message")) {
                return errorText(error);
            }
        } catch (JsonProcessingException e) {
            // fall through
        }
        String text = body.replaceAll("\\s+", " ").trim();
        return text.isEmpty() ? "(empty body)" : text.substring(0, Math.min(200, text.length()));
    }

    private static String errorText(JsonNode error) {
        String message = error.path("message").asText("");
        String code = error.path("code").asText("");
        return code.isEmpty() ? message : message + " (" + code + ")";
    }

    /** "WooCommerce acme/shop: POST /products/batch", never the query (it holds the signature). */
    private static String describe(ChannelConnection connection, String method, String path) {
        return "WooCommerce " + connection.account() + ": " + method + " " + path;
    }

    static URI uri(URI baseUrl, String path, Map<String, String> query) {
        String base = baseUrl.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        StringBuilder uri = new StringBuilder(base).append(path);
        String separator = "?";
        for (Map.Entry<String, String> parameter : query.entrySet()) {
            uri.append(separator).append(OAuth1Signer.encode(parameter.getKey()))
                    .append('=').append(OAuth1Signer.encode(parameter.getValue()));
            separator = "&";
        }
        return URI.create(uri.toString());
    }

    private static int parseInt(String text, int otherwise) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
