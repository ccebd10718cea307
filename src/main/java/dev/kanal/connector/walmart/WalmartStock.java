package dev.kanal.connector.walmart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelListing;
import dev.kanal.connector.ChannelPriceConnector;
import dev.kanal.connector.ChannelStockConnector;
import dev.kanal.connector.ChannelUnavailableException;
import dev.kanal.connector.PriceResult;
import dev.kanal.connector.PriceUpdate;
import dev.kanal.connector.PushResult;
import dev.kanal.connector.QuantityUpdate;
import dev.kanal.connector.RateLimitedException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walmart stock: listings read from {@code GET /v3/inventories} (every SKU of the seller with
 * its quantity, {@code nextCursor} paging), quantities written with {@code PUT /v3/inventory?sku=}
 * one SKU a call, or, for a burst, with inventory feeds ({@code POST /v3/feeds?feedType=inventory},
 * then {@code GET /v3/feeds/{feedId}?includeDetails=true} until PROCESSED and through every page
 * of item results). A Walmart listing's id is its SKU.
 *
 * <p>When a push goes by feed (docs/decisions/0030): at least {@code bulkThreshold} updates, no
 * SKU twice, and a feed left in the account's hourly feed allowance ({@code feedsPerHour}, a
 * rolling hour, counted by this JVM); at most {@code maxItemsPerFeed} items a feed. Otherwise one
 * call per SKU. An item Walmart answers DATA_ERROR is rejected with its codes; an item it did not
 * process (SYSTEM_ERROR, TIMEOUT_ERROR, still INPROGRESS when the feed timed out) is not
 * answered and is sent again.
 *
 * <p>Prices go beside the quantities, through {@link WalmartPrices} (the price writer finds a
 * channel's prices on its stock connector, docs/decisions/0039 and 0041).
 */
public class WalmartStock implements ChannelStockConnector, ChannelPriceConnector {

    /** {@code GET /v3/inventories} takes at most 50. */
    static final int INVENTORIES_PAGE = 50;
    /** The longest wait between two status polls of an inventory feed. */
    static final Duration MAX_POLL_INTERVAL = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(WalmartStock.class);

    private final WalmartHttp http;
    private final FeedSettings feeds;
    private final WalmartFeeds feedCalls;
    private final WalmartPrices prices;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param bulkThreshold   a push of at least this many updates goes by feed; 0 = never
     * @param maxItemsPerFeed items in one feed
     * @param feedsPerHour    feeds Kanal uploads per account and rolling hour at most; beyond, single calls
     * @param timeout         how long to wait for one feed to be processed
     * @param firstPoll       the first status poll comes this long after the upload; each next wait doubles, up to 5 s
     */
    public record FeedSettings(int bulkThreshold, int maxItemsPerFeed, int feedsPerHour, Duration timeout, Duration firstPoll) {

        public static final FeedSettings DEFAULT = new FeedSettings(50, 1_000, 10, Duration.ofSeconds(90), Duration.ofMillis(500));

        public FeedSettings {
            if (bulkThreshold < 0 || maxItemsPerFeed < 1 || feedsPerHour < 0 || timeout.isNegative() || timeout.isZero()
                    || firstPoll.isNegative() || firstPoll.isZero()) {
                throw new IllegalArgumentException("bulkThreshold and feedsPerHour must be 0 or more, maxItemsPerFeed at least 1,"
                        + " timeout and firstPoll positive");
            }
        }
    }

    public WalmartStock(WalmartHttp http, FeedSettings feeds) {
        this(http, feeds, new WalmartPrices(http, WalmartPrices.FeedSettings.DEFAULT));
    }

    public WalmartStock(WalmartHttp http, FeedSettings feeds, WalmartPrices prices) {
        this.http = http;
        this.prices = prices;
        this.feeds = feeds;
        this.feedCalls = new WalmartFeeds(http, "inventory", new WalmartFeeds.Polling(feeds.feedsPerHour(), feeds.timeout(),
                feeds.firstPoll(), feeds.firstPoll().compareTo(MAX_POLL_INTERVAL) > 0 ? feeds.firstPoll() : MAX_POLL_INTERVAL));
    }

    /** The SKU a Walmart listing is known by: the listing id is the SKU. */
    static String sku(QuantityUpdate update) {
        return update.channelSku() != null && !update.channelSku().isBlank() ? update.channelSku() : update.channelListingId();
    }

    /**
     * Every SKU of the seller, 50 a page, following {@code nextCursor} (passed back as it came);
     * a cursor seen twice stops with {@link ChannelUnavailableException}. A SKU's quantity is the
     * sum of its ship nodes' input quantities.
     */
    @Override
    public void fetchListings(ChannelConnection connection, Consumer<List<ChannelListing>> pages) {
        Set<String> seen = new HashSet<>();
        String cursor = null;
        do {
            String query = "/v3/inventories?limit=" + INVENTORIES_PAGE
                    + (cursor == null ? "" : "&nextCursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            WalmartHttp.Answer answer = http.get(connection, query);
            if (!answer.ok()) {
                throw new ChannelUnavailableException("Walmart answered " + answer.status() + " to GET /v3/inventories for "
                        + connection.account() + ": " + http.errorMessage(answer), null, List.of(), answer.status());
            }
            JsonNode page = http.json(answer, connection);
            List<ChannelListing> listings = new ArrayList<>();
            for (JsonNode item : page.path("elements").path("inventories")) {
                listings.add(listing(item));
            }
            pages.accept(listings);
            cursor = page.path("meta").path("nextCursor").asText("");
            cursor = cursor.isBlank() || listings.isEmpty() ? null : cursor;
            if (cursor != null && !seen.add(cursor)) {
                throw new ChannelUnavailableException("Walmart's inventory paging repeats cursor " + cursor + " for "
                        + connection.account());
            }
        } while (cursor != null);
    }

    static ChannelListing listing(JsonNode item) {
        String sku = item.path("sku").asText();
        Integer quantity = null;
        for (JsonNode node : item.path("nodes")) {
            JsonNode amount = node.path("inputQty").path("amount");
            if (amount.isNumber()) {
                quantity = (quantity == null ? 0 : quantity) + amount.asInt();
            }
        }
        return new ChannelListing(sku, sku, null, null, null, quantity, null);
    }

    /** A feed's worth when pushes may go by feed, so a large drain is handed over at once. */
    @Override
    public int maxUpdatesPerPush() {
        return feeds.bulkThreshold() > 0 ? Math.max(feeds.maxItemsPerFeed(), feeds.bulkThreshold()) : ChannelStockConnector.super.maxUpdatesPerPush();
    }

    @Override
    public List<PushResult> pushQuantities(ChannelConnection connection, List<QuantityUpdate> updates) {
        PushResult[] results = new PushResult[updates.size()];
        try {
            push(connection, updates, results, part -> { });
        } catch (RateLimitedException e) {
            throw new RateLimitedException(e.getMessage(), e.retryAfter(), PushResult.answeredPrefix(results));
        } catch (ChannelUnavailableException e) {
            throw new ChannelUnavailableException(e.getMessage(), e.getCause(), PushResult.answeredPrefix(results), e.httpStatus());
        }
        return List.of(results);
    }

    /** Each feed's results, and each single call's, are handed over as Walmart answered them. */
    @Override
    public void pushQuantities(ChannelConnection connection, List<QuantityUpdate> updates, Consumer<List<PushResult>> answered) {
        push(connection, updates, new PushResult[updates.size()], answered);
    }

    private void push(ChannelConnection connection, List<QuantityUpdate> updates, PushResult[] results,
                      Consumer<List<PushResult>> answered) {
        if (!byFeed(connection, updates)) {
            for (int i = 0; i < updates.size(); i++) {
                results[i] = putOne(connection, updates.get(i), List.of());
                answered.accept(List.of(results[i]));
            }
            return;
        }
        for (int from = 0; from < updates.size(); from += feeds.maxItemsPerFeed()) {
            int to = Math.min(updates.size(), from + feeds.maxItemsPerFeed());
            if (!feedCalls.take(connection)) {
                // the hourly feed allowance is spent: the rest one SKU a call
                for (int i = from; i < updates.size(); i++) {
                    results[i] = putOne(connection, updates.get(i), List.of());
                    answered.accept(List.of(results[i]));
                }
                return;
            }
            InventoryFeed feed = new InventoryFeed(updates.subList(from, to));
            PushResult[] part = new PushResult[to - from];
            pushFeed(connection, feed, part);
            List<PushResult> done = new ArrayList<>();
            for (int i = 0; i < part.length; i++) {
                results[from + i] = part[i];
                if (part[i] != null) {
                    done.add(part[i]);
                }
            }
            answered.accept(done);
            if (done.size() < part.length) {
                throw new ChannelUnavailableException("Walmart did not process " + (part.length - done.size()) + " of "
                        + part.length + " items of an inventory feed for " + connection.account()
                        + " (SYSTEM_ERROR or TIMEOUT_ERROR): they are sent again");
            }
        }
    }

    /** At least the threshold, no SKU twice. */
    private boolean byFeed(ChannelConnection connection, List<QuantityUpdate> updates) {
        if (feeds.bulkThreshold() == 0 || feeds.feedsPerHour() == 0 || updates.size() < feeds.bulkThreshold()) {
            return false;
        }
        return updates.stream().map(WalmartStock::sku).distinct().count() == updates.size();
    }

    /** {@code PUT /v3/inventory?sku=}: 2xx accepted; another 4xx (unknown SKU, invalid value) rejected with Walmart's words. */
    PushResult putOne(ChannelConnection connection, QuantityUpdate update, List<PushResult> completed) {
        String sku = sku(update);
        ObjectNode body = json.createObjectNode().put("sku", sku);
        body.putObject("quantity").put("unit", "EACH").put("amount", update.quantity());
        WalmartHttp.Answer answer = http.send(connection, "PUT", "/v3/inventory?sku=" + skuParameter(sku),
                body.toString().getBytes(StandardCharsets.UTF_8), "application/json", completed);
        if (answer.ok()) {
            return PushResult.accepted(update, answer.calledAt());
        }
        String message = http.errorMessage(answer);
        log.info("Walmart rejected quantity {} for SKU {} of {}: {} {}", update.quantity(), sku, connection.account(),
                answer.status(), message);
        return PushResult.rejected(update, answer.status() + " " + message);
    }

    /** As many prices as one price feed takes when pushes may go by feed, else a page of single calls. */
    @Override
    public int maxPricesPerPush() {
        return prices.maxPricesPerPush();
    }

    /** {@code PUT /v3/price} one SKU a call, price feeds for a burst ({@link WalmartPrices}). */
    @Override
    public void pushPrices(ChannelConnection connection, List<PriceUpdate> updates, Consumer<List<PriceResult>> answered) {
        prices.push(connection, updates, answered);
    }

    /** Walmart wants a space as %20 and the reserved characters encoded. */
    static String skuParameter(String sku) {
        return URLEncoder.encode(sku, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Uploads one feed, waits for it, and fills {@code results} with what its items say. */
    private void pushFeed(ChannelConnection connection, InventoryFeed feed, PushResult[] results) {
        for (JsonNode page : feedCalls.submit(connection, feed.file(json), feed.updates().size(), () -> { })) {
            feed.read(page, results);
        }
    }
}
