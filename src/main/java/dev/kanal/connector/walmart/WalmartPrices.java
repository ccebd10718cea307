package dev.kanal.connector.walmart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelUnavailableException;
import dev.kanal.connector.PriceResult;
import dev.kanal.connector.PriceUpdate;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walmart prices: the regular (BASE) price of a SKU, with {@code PUT /v3/price} one SKU a call,
 * or, for a burst, with price feeds ({@code POST /v3/feeds?feedType=price}, spec 1.7, then the
 * feed's status and item results as for inventory feeds). The choice is the quantity side's
 * (docs/decisions/0041): at least {@code bulkThreshold} updates, no SKU twice (Walmart refuses a
 * SKU repeated in one price feed) and a price feed left in the account's hourly allowance, which
 * is counted apart from the inventory feeds' (Walmart counts feeds per type).
 *
 * <p>A feed holds at most {@code maxItemsPerFeed} items and {@code maxBytesPerFeed} bytes of file.
 * A feed Walmart refuses as too large (413; its sandbox takes 5 KB of price feed) is split: the
 * account's cap becomes half the refused size for as long as this JVM runs, and the same updates
 * go again in smaller feeds (each from the allowance; a single update too large goes by
 * {@code PUT}). While a feed is processed (Walmart allows itself minutes for price feeds), every
 * status poll hands an empty result list to {@code answered}, which keeps the price writer's lease.
 *
 * <p>Walmart's price API takes USD and CAD; an update in another currency is refused without a
 * call, as {@code validate} refuses such a rule on a Walmart account.
 */
public class WalmartPrices {

    /** The currencies of Walmart's price API (its spec's enum). */
    static final Set<String> CURRENCIES = Set.of("USD", "CAD");

    private static final Logger log = LoggerFactory.getLogger(WalmartPrices.class);

    private final WalmartHttp http;
    private final FeedSettings settings;
    private final WalmartFeeds feeds;
    private final ObjectMapper json = new ObjectMapper();
    /** Per account: the largest price feed file Walmart took after refusing a larger one (413). */
    private final Map<String, Integer> learnedCaps = new ConcurrentHashMap<>();

    /**
     * @param bulkThreshold   a push of at least this many updates goes by feed; 0 = never
     * @param maxItemsPerFeed items in one feed (Walmart takes 10,000 and recommends 1,000 at most)
     * @param maxBytesPerFeed bytes of one feed file at most (Walmart recommends under 10 MB; its sandbox takes 5 KB)
     * @param feedsPerHour    price feeds Kanal uploads per account and rolling hour at most; beyond, single calls
     * @param timeout         how long to wait for one feed to be processed (Walmart's service level is 15 minutes)
     * @param firstPoll       the first status poll comes this long after the upload; each next wait doubles, up to {@code maxPoll}
     * @param maxPoll         the longest wait between two status polls
     */
    public record FeedSettings(int bulkThreshold, int maxItemsPerFeed, int maxBytesPerFeed, int feedsPerHour, Duration timeout,
                               Duration firstPoll, Duration maxPoll) {

        public static final FeedSettings DEFAULT = new FeedSettings(50, 1_000, 10_000_000, 10, Duration.ofMinutes(20),
                Duration.ofMillis(500), Duration.ofSeconds(30));

        public FeedSettings {
            if (bulkThreshold < 0 || maxItemsPerFeed < 1 || maxBytesPerFeed < 1 || feedsPerHour < 0) {
                throw new IllegalArgumentException("bulkThreshold and feedsPerHour must be 0 or more, maxItemsPerFeed and "
                        + "maxBytesPerFeed at least 1");
            }
        }
    }

    public WalmartPrices(WalmartHttp http, FeedSettings settings) {
        this.http = http;
        this.settings = settings;
        this.feeds = new WalmartFeeds(http, "price", new WalmartFeeds.Polling(settings.feedsPerHour(), settings.timeout(),
                settings.firstPoll(), settings.maxPoll()));
    }

    /** A feed's worth when pushes may go by feed, so a large drain is handed over at once. */
    int maxPricesPerPush() {
        return settings.bulkThreshold() > 0 && settings.feedsPerHour() > 0
                ? Math.max(settings.maxItemsPerFeed(), settings.bulkThreshold()) : 100;
    }

    /** Each feed's results, and each single call's, are handed to {@code answered} as Walmart answered them. */
    void push(ChannelConnection connection, List<PriceUpdate> updates, Consumer<List<PriceResult>> answered) {
        List<PriceUpdate> sendable = new ArrayList<>(updates.size());
        List<PriceResult> refused = new ArrayList<>();
        for (PriceUpdate update : updates) {
            if (update.currency() == null || !CURRENCIES.contains(update.currency())) {
                refused.add(PriceResult.rejected(update, "Walmart takes prices in USD or CAD, not " + update.currency()
                        + ": set the account's pricing currency"));
            } else {
                sendable.add(update);
            }
        }
        if (!refused.isEmpty()) {
            answered.accept(refused);
        }
        if (!byFeed(sendable)) {
            putEach(connection, sendable, 0, answered);
            return;
        }
        int from = 0;
        while (from < sendable.size()) {
            if (!feeds.take(connection)) {
                putEach(connection, sendable, from, answered); // the hourly price feed allowance is spent
                return;
            }
            PriceFeed feed = PriceFeed.next(json, sendable, from, settings.maxItemsPerFeed(), cap(connection));
            List<JsonNode> pages;
            try {
                pages = feeds.submit(connection, feed.file(), feed.updates().size(), () -> answered.accept(List.of()));
            } catch (WalmartFeeds.TooLarge tooLarge) {
                if (feed.updates().size() == 1) {
                    answered.accept(List.of(putOne(connection, feed.updates().get(0))));
                    from++;
                } else {
                    int smaller = tooLarge.bytes() / 2;
                    learnedCaps.merge(connection.account(), smaller, Math::min);
                    log.warn("Walmart refused a price feed of {} bytes for {} as too large: price feeds of at most {} bytes from now on",
                            tooLarge.bytes(), connection.account(), smaller);
                }
                continue;
            }
            PriceResult[] results = new PriceResult[feed.updates().size()];
            pages.forEach(page -> feed.read(page, results));
            List<PriceResult> done = new ArrayList<>();
            for (PriceResult result : results) {
                if (result != null) {
                    done.add(result);
                }
            }
            answered.accept(done);
            if (done.size() < results.length) {
                throw new ChannelUnavailableException("Walmart did not process " + (results.length - done.size()) + " of "
                        + results.length + " items of a price feed for " + connection.account()
                        + " (SYSTEM_ERROR or TIMEOUT_ERROR): they are sent again");
            }
            from += feed.updates().size();
        }
    }

    /** The account's feed size cap: the configured one, or less once Walmart refused a feed as too large. */
    int cap(ChannelConnection connection) {
        return Math.min(settings.maxBytesPerFeed(), learnedCaps.getOrDefault(connection.account(), Integer.MAX_VALUE));
    }

    /** At least the threshold, no SKU twice. */
    private boolean byFeed(List<PriceUpdate> updates) {
        if (settings.bulkThreshold() == 0 || settings.feedsPerHour() == 0 || updates.size() < settings.bulkThreshold()) {
            return false;
        }
        return updates.stream().map(PriceUpdate::channelListingId).distinct().count() == updates.size();
    }

    private void putEach(ChannelConnection connection, List<PriceUpdate> updates, int from, Consumer<List<PriceResult>> answered) {
        for (int i = from; i < updates.size(); i++) {
            answered.accept(List.of(putOne(connection, updates.get(i))));
        }
    }

    /**
     * {@code PUT /v3/price}: 2xx without errors accepted; another 4xx (unknown SKU, a price Walmart
     * does not take), or a 200 carrying {@code errors}, rejected with Walmart's words.
     */
    PriceResult putOne(ChannelConnection connection, PriceUpdate update) {
        WalmartHttp.Answer answer = http.send(connection, "PUT", "/v3/price",
                PriceFeed.body(json, update).toString().getBytes(StandardCharsets.UTF_8), "application/json");
        String refusal = answer.ok() ? errorsInSuccess(answer, connection) : answer.status() + " " + http.errorMessage(answer);
        if (refusal == null) {
            return PriceResult.accepted(update);
        }
        log.info("Walmart rejected price {} {} for SKU {} of {}: {}", update.priceText(), update.currency(),
                update.channelListingId(), connection.account(), refusal);
        return PriceResult.rejected(update, refusal);
    }

    /** Walmart's price answer may carry {@code errors} in a 200 (its spec declares them there): those refuse the price. */
    private String errorsInSuccess(WalmartHttp.Answer answer, ChannelConnection connection) {
        JsonNode body = http.json(answer, connection);
        JsonNode response = body.has("ItemPriceResponse") ? body.get("ItemPriceResponse") : body;
        JsonNode errors = response.path("errors");
        if (!errors.isArray() || errors.isEmpty()) {
            return null;
        }
        return answer.status() + " " + http.errorMessage(new WalmartHttp.Answer(answer.status(), response.toString(), answer.headers(),
                answer.calledAt(), answer.what()));
    }
}
