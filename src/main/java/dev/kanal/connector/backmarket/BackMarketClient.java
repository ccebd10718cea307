package dev.kanal.connector.backmarket;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.connector.AccountCallBudget;
import dev.kanal.connector.BurstLimit;
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
import dev.kanal.connector.TrustedHttpClients;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Back Market's seller API for stock: reads every listing of an account and writes quantities.
 * A push of at least {@code bulk-threshold} updates goes through Back Market's asynchronous CSV
 * task ({@code POST /ws/listings} with a {@code sku,quantity} catalog, then
 * {@code GET /ws/tasks/{id}} until done; see {@link #pushByTasks}); a smaller push is one
 * {@code POST /ws/listings/{id}} per listing, the only synchronous way to change stock.
 *
 * <p>Credentials ({@link ChannelConnection#credential}): {@code token} (sent as
 * {@code Authorization: Basic <token>}, as-is), {@code user-agent}
 * ({@code BM-<Company>-<Integration>;<email>}, mandatory) and {@code accept-language} (the
 * market, e.g. {@code fr-fr}). The token never appears in logs or exception messages.
 *
 * <p>Every call goes through the shared {@link ChannelHttp} layer: it takes one call from the
 * account's budget ({@link CallBudgets}, sized by {@link ChannelConnection#callsPerMinute()},
 * shared by all nodes by default) and maps the answers:
 * <ul>
 *   <li>429: the budget is paused for Retry-After (Back Market sends none; then 10 s, how long
 *       Cloudflare blocks) and {@link RateLimitedException} is thrown;</li>
 *   <li>5xx, 408, timeouts and I/O errors: {@link ChannelUnavailableException}; so are 401/403
 *       here (token refused or a WAF block: the account, not a listing, is at fault);</li>
 *   <li>any other 4xx on an update (404 unknown listing, 400/422 invalid value): that update is
 *       {@link PushResult#rejected rejected} with the channel's message and the others go on.</li>
 * </ul>
 *
 * <p>Partial pushes: when {@link #pushQuantities} throws, the exception's {@code completed()}
 * holds the results of the updates handled before the failure, in order; the rest were not
 * applied and must be sent again (see {@link ChannelStockConnector}).
 */
public class BackMarketClient implements ChannelStockConnector, ChannelPriceConnector {

    /** Back Market's largest page. */
    static final int PAGE_SIZE = 50;
    /** Cloudflare blocks a token for about 10 s and sends no Retry-After. */
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(10);
    /**
     * Cloudflare's traffic rule, about 200 requests in any 10 s, kept with a margin of 10 for
     * calls in flight: an account budget of 1,200 a minute would otherwise let 1,200 calls go in
     * the first seconds, and every block costs 10 s of nothing.
     */
    static final BurstLimit TRAFFIC_LIMIT = new BurstLimit(190, Duration.ofSeconds(10));
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** The longest wait between two polls of a task. */
    static final Duration MAX_POLL_INTERVAL = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(BackMarketClient.class);

    private final ChannelHttp http;
    private final ObjectMapper json;
    private final TaskSettings tasks;
    /** Calls in flight at once during a push (1: one after the other). */
    private final int parallelCalls;
    private final ExecutorService calls;

    public BackMarketClient() {
        this(DEFAULT_TIMEOUT);
    }

    public BackMarketClient(Duration requestTimeout) {
        this(requestTimeout, 1);
    }

    /**
     * @param parallelCalls single-listing calls in flight at once during a push below the bulk
     *                      threshold (each call still takes its turn from the account's call budget)
     */
    public BackMarketClient(Duration requestTimeout, int parallelCalls) {
        this(requestTimeout, parallelCalls, TaskSettings.DEFAULT);
    }

    public BackMarketClient(Duration requestTimeout, int parallelCalls, TaskSettings tasks) {
        this(requestTimeout, parallelCalls, tasks, CallBudgets.inJvm());
    }

    /** @param budgets where the accounts' call budgets are kept (the application's: the shared database) */
    public BackMarketClient(Duration requestTimeout, int parallelCalls, TaskSettings tasks, CallBudgets budgets) {
        this(requestTimeout, parallelCalls, tasks, budgets, ChannelTransports.jdk());
    }

    /** @param transports what the calls go out through ({@code kanal.connectors.http-transport}) */
    public BackMarketClient(Duration requestTimeout, int parallelCalls, TaskSettings tasks, CallBudgets budgets,
                            ChannelTransports transports) {
        this(TrustedHttpClients.of(() -> HttpClient.newBuilder()
                .connectTimeout(requestTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)), requestTimeout, parallelCalls, tasks, budgets, transports);
    }

    public BackMarketClient(HttpClient http, Duration requestTimeout) {
        this(http, requestTimeout, 1);
    }

    public BackMarketClient(HttpClient http, Duration requestTimeout, int parallelCalls) {
        this(http, requestTimeout, parallelCalls, TaskSettings.DEFAULT);
    }

    /** Every call through {@code http}, whatever trust bundle a connection names (tests that record calls). */
    public BackMarketClient(HttpClient http, Duration requestTimeout, int parallelCalls, TaskSettings tasks) {
        this(TrustedHttpClients.fixed(http), requestTimeout, parallelCalls, tasks, CallBudgets.inJvm(), ChannelTransports.jdk());
    }

    private BackMarketClient(TrustedHttpClients http, Duration requestTimeout, int parallelCalls, TaskSettings tasks,
                             CallBudgets budgets, ChannelTransports transports) {
        this.json = new ObjectMapper();
        this.http = ChannelHttp.builder("Back Market", transports.transport(http, requestTimeout, Clock.systemUTC()))
                .budgets(budgets)
                .burst(TRAFFIC_LIMIT)
                .requestTimeout(requestTimeout)
                .defaultRetryAfter(DEFAULT_RETRY_AFTER)
                .errorText(this::errorMessage)
                .build();
        this.tasks = tasks;
        this.parallelCalls = Math.max(1, parallelCalls);
        this.calls = this.parallelCalls == 1 ? null : Executors.newFixedThreadPool(this.parallelCalls, r -> {
            Thread thread = new Thread(r, "backmarket-call");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * When a push goes through Back Market's CSV task instead of one call per listing.
     *
     * @param bulkThreshold a push with at least this many updates that name their SKU uses tasks;
     *                      0 = never (Kanal's default: Back Market advises against tasks for stock)
     * @param timeout       how long to wait for one task to finish (polling {@code GET /ws/tasks/{id}});
     *                      keep it under the stock writer's 2-minute lease
     * @param firstPoll     the first poll comes this long after the task was created; each next
     *                      wait doubles, up to {@link #MAX_POLL_INTERVAL}
     */
    public record TaskSettings(int bulkThreshold, Duration timeout, Duration firstPoll) {

        /** Tasks off: single-listing calls only, as Back Market advises for stock. */
        public static final TaskSettings DEFAULT = new TaskSettings(0, Duration.ofSeconds(60), Duration.ofMillis(100));

        public TaskSettings {
            if (bulkThreshold < 0 || timeout.isNegative() || timeout.isZero() || firstPoll.isNegative() || firstPoll.isZero()) {
                throw new IllegalArgumentException("bulkThreshold must be 0 (off) or more, timeout and firstPoll positive");
            }
        }
    }

    /**
     * Walks {@code GET /ws/listings} with page-size 50, following {@code next}. The paging
     * parameters are taken from {@code next} but the request always goes to the configured base
     * URL, so the token is never sent to another host than the one configured.
     */
    @Override
    public void fetchListings(ChannelConnection connection, Consumer<List<ChannelListing>> pages) {
        fetchListings(connection, pages, total -> { });
    }

    /** Also hands over the first page's {@code count}: how many listings the walk will find. */
    @Override
    public void fetchListings(ChannelConnection connection, Consumer<List<ChannelListing>> pages, IntConsumer total) {
        Set<String> seen = new HashSet<>();
        int fetched = 0;
        String query = "page=1&page-size=" + PAGE_SIZE;
        while (query != null) {
            if (!seen.add(query)) {
                throw new ChannelUnavailableException("Back Market paging loops at " + query
                        + " for " + connection.account());
            }
            ChannelAnswer response = call(connection, get(connection, "/ws/listings?" + query), List.of());
            if (response.statusCode() != 200) {
                throw new ChannelUnavailableException("Back Market answered " + response.statusCode()
                        + " to GET /ws/listings for " + connection.account() + ": " + errorMessage(response));
            }
            JsonNode page = parse(response, connection);
            if (fetched == 0 && page.path("count").canConvertToInt()) {
                total.accept(page.path("count").asInt());
            }
            List<ChannelListing> listings = new ArrayList<>();
            for (JsonNode item : page.path("results")) {
                listings.add(toChannelListing(item));
            }
            fetched += listings.size();
            pages.accept(listings);
            query = nextQuery(page.path("next"));
        }
        log.debug("Fetched {} Back Market listings for {}", fetched, connection.account());
    }

    /**
     * One listing as the channel shows it now ({@code GET /ws/listings/{id}}, UUID or legacy
     * integer), e.g. to check a single listing for drift; empty when Back Market does not know
     * it or it is not this account's (404).
     */
    public Optional<ChannelListing> fetchListing(ChannelConnection connection, String channelListingId) {
        ChannelAnswer response = call(connection,
                get(connection, "/ws/listings/" + pathSegment(channelListingId)), List.of());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new ChannelUnavailableException("Back Market answered " + response.statusCode()
                    + " to GET /ws/listings/" + channelListingId + " for " + connection.account() + ": "
                    + errorMessage(response));
        }
        return Optional.of(toChannelListing(parse(response, connection)));
    }

    /** One task's worth when pushes may use tasks, so the writer hands a large drain over at once. */
    @Override
    public int maxUpdatesPerPush() {
        return tasks.bulkThreshold() > 0 && tasks.bulkThreshold() <= CatalogTask.MAX_ROWS ? CatalogTask.MAX_ROWS : ChannelStockConnector.super.maxUpdatesPerPush();
    }

    /**
     * At least {@code bulk-threshold} updates that name their SKU go through CSV tasks
     * ({@link #pushByTasks}); any others of the push (no SKU, or a listing named twice), and
     * every push below the threshold, go one call per listing. Results come back in input order;
     * on a failure {@code completed()} is the longest answered prefix of the input.
     */
    @Override
    public List<PushResult> pushQuantities(ChannelConnection connection, List<QuantityUpdate> updates) {
        List<Integer> bulk = bulkEligible(updates);
        if (tasks.bulkThreshold() == 0 || bulk.size() < tasks.bulkThreshold()) {
            return pushOneByOne(connection, updates);
        }
        PushResult[] results = new PushResult[updates.size()];
        List<Integer> single = new ArrayList<>();
        for (int i = 0, b = 0; i < updates.size(); i++) {
            if (b < bulk.size() && bulk.get(b) == i) {
                b++;
            } else {
                single.add(i);
            }
        }
        try {
            pushByTasks(connection, updates, bulk, results);
            if (!single.isEmpty()) {
                List<QuantityUpdate> rest = single.stream().map(updates::get).toList();
                try {
                    fill(results, single, pushOneByOne(connection, rest));
                } catch (RateLimitedException | ChannelUnavailableException e) {
                    fill(results, single, e instanceof RateLimitedException r ? r.completed()
                            : ((ChannelUnavailableException) e).completed());
                    throw e;
                }
            }
        } catch (RateLimitedException | ChannelUnavailableException e) {
            throw withCompleted(e, PushResult.answeredPrefix(results));
        }
        return List.of(results);
    }

    /** Indexes of updates a task can carry: a SKU, and neither the listing nor the SKU twice in the push. */
    private static List<Integer> bulkEligible(List<QuantityUpdate> updates) {
        Map<String, Integer> listingCount = new HashMap<>();
        Map<String, Integer> skuCount = new HashMap<>();
        for (QuantityUpdate update : updates) {
            listingCount.merge(update.channelListingId(), 1, Integer::sum);
            if (update.channelSku() != null && !update.channelSku().isBlank()) {
                skuCount.merge(CatalogTask.key(update.channelSku()), 1, Integer::sum);
            }
        }
        List<Integer> eligible = new ArrayList<>();
        for (int i = 0; i < updates.size(); i++) {
            QuantityUpdate update = updates.get(i);
            if (update.channelSku() != null && !update.channelSku().isBlank()
                    && listingCount.get(update.channelListingId()) == 1
                    && skuCount.get(CatalogTask.key(update.channelSku())) == 1) {
                eligible.add(i);
            }
        }
        return eligible;
    }

    private static void fill(PushResult[] results, List<Integer> indexes, List<PushResult> answered) {
        for (int k = 0; k < answered.size(); k++) {
            results[indexes.get(k)] = answered.get(k);
        }
    }

    /**
     * The updates at {@code indexes} in tasks of at most 14,999 lines (15,000 with the header),
     * one after the other: each is created, polled until done and read before the next.
     * <ul>
     *   <li>429 when creating a task (Cloudflare, or the hourly SKU-line quota refusing it):
     *       {@link RateLimitedException}, the task's updates not sent;</li>
     *   <li>a task that failed (action_status 8, or any final status but 9), a task not done
     *       within the timeout, or a report that does not confirm a line:
     *       {@link ChannelUnavailableException}. Those updates are not recorded as sent and the
     *       writer sends them again after its back-off, as a task again: a failed task is the
     *       channel's transient fault like a 5xx, and falling back to one call per listing
     *       would turn 10,000 lines into the call storm Cloudflare and the hourly quota punish;</li>
     *   <li>400/422 for the catalog itself: each of its updates is rejected with the channel's
     *       words, like a refused single update.</li>
     * </ul>
     */
    private void pushByTasks(ChannelConnection connection, List<QuantityUpdate> updates, List<Integer> indexes,
                             PushResult[] results) {
        for (int from = 0; from < indexes.size(); from += CatalogTask.MAX_ROWS) {
            List<Integer> chunk = indexes.subList(from, Math.min(indexes.size(), from + CatalogTask.MAX_ROWS));
            List<QuantityUpdate> lines = chunk.stream().map(updates::get).toList();
            try {
                fill(results, chunk, runTask(connection, lines));
            } catch (ChannelUnavailableException e) {
                fill(results, chunk, e.completed());
                throw e;
            }
        }
    }

    /** One task: created, awaited, read; answers a result per line or throws (see {@link #pushByTasks}). */
    private List<PushResult> runTask(ChannelConnection connection, List<QuantityUpdate> lines) {
        long started = System.nanoTime();
        String body;
        try {
            body = json.writeValueAsString(Map.of("catalog", CatalogTask.csv(lines),
                    "quotechar", String.valueOf(CatalogTask.QUOTE), "delimiter", String.valueOf(CatalogTask.DELIMITER),
                    "encoding", CatalogTask.ENCODING));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a catalog task body", e);
        }
        ChannelRequest create = post(connection, "/ws/listings", body);
        ChannelAnswer created = call(connection, create, List.of());
        int status = created.statusCode();
        if (status == 400 || status == 422) {
            String message = errorMessage(created);
            log.warn("Back Market refused a catalog of {} lines for {}: {} {}", lines.size(), connection.account(), status, message);
            return lines.stream().map(update -> PushResult.rejected(update, status + " " + message)).toList();
        }
        if (status < 200 || status >= 300) {
            throw new ChannelUnavailableException("Back Market answered " + status + " to POST /ws/listings for "
                    + connection.account() + ": " + errorMessage(created));
        }
        JsonNode taskId = parse(created, connection).path("bodymessage");
        if (!taskId.canConvertToLong() && !taskId.asText("").matches("\\d{1,18}")) {
            throw new ChannelUnavailableException("Back Market created a task for " + connection.account()
                    + " but sent no task id: " + created.body());
        }
        long id = taskId.asLong();
        JsonNode task = awaitTask(connection, id, started + tasks.timeout().toNanos());
        int actionStatus = task.path("action_status").asInt(-1);
        if (actionStatus != CatalogTask.SUCCESS) {
            throw new ChannelUnavailableException("Back Market task " + id + " of " + connection.account()
                    + " ended with action_status " + actionStatus + ": " + task.path("last_action_error").asText("no error given")
                    + "; its " + lines.size() + " lines are sent again");
        }
        // the quantities went out with the task's POST; Back Market applies them when it processes it
        List<PushResult> results = CatalogTask.results(id, task, lines, created.calledAt());
        long accepted = results.stream().filter(PushResult::accepted).count();
        log.info("Back Market task {} for {}: {} lines in {} ms, {} accepted, {} refused", id, connection.account(),
                lines.size(), (System.nanoTime() - started) / 1_000_000, accepted, results.size() - accepted);
        if (results.size() < lines.size()) {
            throw new ChannelUnavailableException("Back Market task " + id + " of " + connection.account()
                    + " succeeded but its report does not confirm sku " + lines.get(results.size()).channelSku()
                    + "; that line and the ones after it are sent again", null, results);
        }
        return results;
    }

    /**
     * Polls {@code GET /ws/tasks/{id}} until the task is no longer to do or in progress, waiting
     * {@code firstPoll}, then twice as long each time up to {@link #MAX_POLL_INTERVAL}. A 429
     * (the budget is then paused, so the next poll waits as asked), 5xx or timeout on a poll is
     * tried again until the deadline; a 404 or any other answer is not.
     */
    JsonNode awaitTask(ChannelConnection connection, long taskId, long deadline) {
        Duration wait = tasks.firstPoll();
        RuntimeException lastFailure = null;
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new ChannelUnavailableException("Back Market task " + taskId + " of " + connection.account()
                        + " was not done within " + tasks.timeout().toMillis() + " ms"
                        + (lastFailure == null ? "" : "; last poll: " + lastFailure.getMessage()), lastFailure);
            }
            try {
                Thread.sleep(Math.max(1, Math.min(wait.toMillis(), left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ChannelUnavailableException("Interrupted while waiting for Back Market task " + taskId
                        + " of " + connection.account(), e);
            }
            wait = wait.multipliedBy(2).compareTo(MAX_POLL_INTERVAL) > 0 ? MAX_POLL_INTERVAL : wait.multipliedBy(2);
            ChannelAnswer response;
            try {
                response = call(connection, get(connection, "/ws/tasks/" + taskId), List.of());
            } catch (RateLimitedException | ChannelUnavailableException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                lastFailure = e;
                continue;
            }
            if (response.statusCode() != 200) {
                throw new ChannelUnavailableException("Back Market answered " + response.statusCode() + " to GET /ws/tasks/"
                        + taskId + " for " + connection.account() + ": " + errorMessage(response));
            }
            JsonNode task = parse(response, connection);
            if (!CatalogTask.pending(task.path("action_status").asInt(0))) {
                return task;
            }
            lastFailure = null;
        }
    }

    /** How long one catalog task may take before Kanal stops waiting for it. */
    Duration taskTimeout() {
        return tasks.timeout();
    }

    /** One {@code POST /ws/listings/{id}} per update, {@code parallelCalls} in flight. */
    private List<PushResult> pushOneByOne(ChannelConnection connection, List<QuantityUpdate> updates) {
        List<PushResult> results = new ArrayList<>(updates.size());
        boolean oneListingTwice = updates.stream().map(QuantityUpdate::channelListingId).distinct().count() < updates.size();
        if (calls == null || oneListingTwice) {
            // in order: the answered prefix is exact, and two writes to one listing keep their order
            for (QuantityUpdate update : updates) {
                try {
                    results.add(push(connection, update));
                } catch (RuntimeException failure) {
                    throw withCompleted(failure, results);
                }
            }
            return results;
        }
        // waves of parallel single-listing calls, answers collected in input order
        for (int from = 0; from < updates.size(); from += parallelCalls) {
            List<QuantityUpdate> wave = updates.subList(from, Math.min(updates.size(), from + parallelCalls));
            List<Future<PushResult>> answers = new ArrayList<>(wave.size());
            for (QuantityUpdate update : wave) {
                answers.add(calls.submit(() -> push(connection, update)));
            }
            ParallelCalls.Wave<PushResult> answered = ParallelCalls.await(answers, connection.account());
            results.addAll(answered.answers());
            if (answered.failure() != null) {
                throw withCompleted(answered.failure(), results);
            }
        }
        return results;
    }

    private PushResult push(ChannelConnection connection, QuantityUpdate update) {
        String body = "{\"quantity\":" + update.quantity() + "}";
        ChannelRequest request = post(connection, "/ws/listings/" + pathSegment(update.channelListingId()), body);
        ChannelAnswer response = call(connection, request, List.of());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return PushResult.accepted(update);
        }
        String message = errorMessage(response);
        log.info("Back Market rejected quantity {} for listing {} of {}: {} {}", update.quantity(),
                update.channelListingId(), connection.account(), status, message);
        return PushResult.rejected(update, status + " " + message);
    }

    // ---------------------------------------------------------------- prices

    /**
     * One {@code POST /ws/listings/{id}} with {@code price} (a string, as Back Market prefers) and
     * {@code currency} per update, nothing else, {@code parallelCalls} in flight; each wave's
     * answers are handed over as they arrive. Back Market prices are per market: the account's
     * Accept-Language names it. A 4xx other than 401/403/429 refuses that price only.
     */
    @Override
    public void pushPrices(ChannelConnection connection, List<PriceUpdate> updates, Consumer<List<PriceResult>> answered) {
        int wave = calls == null ? 1 : parallelCalls;
        for (int from = 0; from < updates.size(); from += wave) {
            List<PriceUpdate> part = updates.subList(from, Math.min(updates.size(), from + wave));
            if (calls == null) {
                answered.accept(List.of(pushPrice(connection, part.get(0))));
                continue;
            }
            List<Future<PriceResult>> answers = new ArrayList<>(part.size());
            for (PriceUpdate update : part) {
                answers.add(calls.submit(() -> pushPrice(connection, update)));
            }
            ParallelCalls.Wave<PriceResult> done = ParallelCalls.await(answers, connection.account());
            answered.accept(done.answers());
            if (done.failure() != null) {
                throw done.failure();
            }
        }
    }

    /** A page of single-listing calls: the writer records each page before it sends the next. */
    @Override
    public int maxPricesPerPush() {
        return 50;
    }

    private PriceResult pushPrice(ChannelConnection connection, PriceUpdate update) {
        var body = json.createObjectNode().put("price", update.priceText());
        if (update.currency() != null) {
            body.put("currency", update.currency());
        }
        ChannelRequest request = post(connection, "/ws/listings/" + pathSegment(update.channelListingId()), body.toString());
        ChannelAnswer response = call(connection, request, List.of());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return PriceResult.accepted(update);
        }
        String message = errorMessage(response);
        log.info("Back Market rejected price {} for listing {} of {}: {} {}", update.priceText(), update.channelListingId(),
                connection.account(), status, message);
        return PriceResult.rejected(update, status + " " + message);
    }

    /**
     * The failure of one call of a wave, carrying the answered prefix of the whole push: calls
     * after the first failure may have been applied too, and are sent again (absolute quantities).
     */
    private static RuntimeException withCompleted(RuntimeException failure, List<PushResult> completed) {
        if (failure instanceof RateLimitedException limited) {
            return new RateLimitedException(limited.getMessage(), limited.retryAfter(), completed);
        }
        if (failure instanceof ChannelUnavailableException unavailable) {
            return new ChannelUnavailableException(unavailable.getMessage(), unavailable.getCause(), completed,
                    unavailable.httpStatus());
        }
        return failure;
    }

    /**
     * One call through the shared layer, within the account's budget. Answers 2xx and the 4xx a
     * caller handles itself; throws for 429, 401/403, 408, 5xx and transport failures, carrying
     * {@code completed} so a partial push can be resumed.
     */
    ChannelAnswer call(ChannelConnection connection, ChannelRequest request, List<PushResult> completed) {
        ChannelAnswer answer = http.call(connection, request, completed);
        int status = answer.statusCode();
        if (status == 401 || status == 403) {
            // the token refused or a WAF block: the account is at fault, not the request; health reads the status
            throw new ChannelUnavailableException("Back Market " + connection.account() + ": " + request.what() + " answered "
                    + status + ": " + errorMessage(answer), null, completed, status);
        }
        return answer;
    }

    /** The account's call budget. */
    AccountCallBudget budget(ChannelConnection connection) {
        return http.budget(connection);
    }

    ChannelRequest get(ChannelConnection connection, String pathAndQuery) {
        return request(connection, "GET", pathAndQuery, null);
    }

    /** A JSON POST with the account's headers, for {@link #call} (the order acknowledger's). */
    ChannelRequest post(ChannelConnection connection, String path, String jsonBody) {
        return request(connection, "POST", path, jsonBody.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A JSON POST whose answer comes in another type ({@code POST /ws/sav/refund} answers its 201
     * in text/plain): the Accept header names that type first, JSON for error bodies.
     */
    ChannelRequest post(ChannelConnection connection, String path, String jsonBody, String answerType) {
        return post(connection, path, jsonBody).header("Accept", answerType + ", application/json");
    }

    /** A request with the account's headers (token, user agent, market) and a JSON body or none. */
    ChannelRequest request(ChannelConnection connection, String method, String pathAndQuery, byte[] body) {
        return new ChannelRequest(method, resolve(connection.baseUrl(), pathAndQuery), Map.of(), body)
                .header("Authorization", "Basic " + connection.credential("token"))
                .header("User-Agent", connection.credential("user-agent"))
                .header("Accept-Language", connection.credential("accept-language"))
                .header("Accept", "application/json")
                .header("Content-Type", "application/json");
    }

    /** The base URL may carry a path (the sandbox's {@code /sandbox/backmarket}) and a trailing slash. */
    static URI resolve(URI baseUrl, String pathAndQuery) {
        String base = baseUrl.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + pathAndQuery);
    }

    private static String pathSegment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The query of the {@code next} link, or null on the last page. */
    static String nextQuery(JsonNode next) {
        if (next == null || next.isNull() || next.isMissingNode() || next.asText().isBlank()) {
            return null;
        }
        String query = URI.create(next.asText()).getRawQuery();
        if (query == null || query.isBlank()) {
            throw new ChannelUnavailableException("Back Market's next link has no query: " + next.asText());
        }
        return query;
    }

    JsonNode parse(ChannelAnswer response, ChannelConnection connection) {
        try {
            return json.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new ChannelUnavailableException("Back Market sent a body that is not JSON to "
                    + connection.account() + " (" + response.uri().getPath() + ")", e);
        }
    }

    static ChannelListing toChannelListing(JsonNode item) {
        String id = item.hasNonNull("id") ? item.get("id").asText() : item.path("listing_id").asText();
        return new ChannelListing(
                id,
                textOrNull(item, "sku"),
                textOrNull(item, "title"),
                decimalOrNull(item, "price"),
                textOrNull(item, "currency"),
                item.hasNonNull("quantity") ? item.get("quantity").asInt() : null,
                textOrNull(item, "publication_state"));
    }

    private static String textOrNull(JsonNode item, String field) {
        return item.hasNonNull(field) ? item.get(field).asText() : null;
    }

    private static BigDecimal decimalOrNull(JsonNode item, String field) {
        String value = textOrNull(item, field);
        try {
            return value == null ? null : new BigDecimal(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The channel's words from any of Back Market's error shapes: V1
     * {@code {"error":{"code","message"}}}, V2 {@code {"errors":[...]}}, a bare JSON string, or
     * text/HTML (shortened).
     */
    String errorMessage(ChannelAnswer response) {
        String body = response.body().trim();
        try {
            JsonNode node = json.readTree(body);
            if (node != null) {
                if (node.isTextual()) {
                    return node.asText();
                }
                if (node.path("error").isObject()) {
                    return codeAndMessage(node.get("error"));
                }
                if (node.path("errors").isArray() && !node.get("errors").isEmpty()) {
                    List<String> messages = new ArrayList<>();
                    node.get("errors").forEach(error -> messages.add(codeAndMessage(error)));
                    return String.join("; ", messages);
                }
            }
        } catch (JsonProcessingException notJson) {
            // HTML from a proxy or plain text: shown shortened below
        }
        String text = body.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").trim();
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    private static String codeAndMessage(JsonNode error) {
        String code = error.path("code").asText("");
        String message = error.path("message").asText("");
        return code.isEmpty() ? message : message.isEmpty() ? code : code + ": " + message;
    }
}
