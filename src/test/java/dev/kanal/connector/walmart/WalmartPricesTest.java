package dev.kanal.connector.walmart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.PriceResult;
import dev.kanal.connector.PriceUpdate;
import dev.kanal.connector.PushResult;
import dev.kanal.connector.QuantityUpdate;
import dev.kanal.connector.RateLimitedException;
import dev.kanal.connector.backmarket.RecordingHttpClient;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Walmart prices (docs/decisions/0041) against the Walmart sandbox over real HTTP: single calls,
 * price feeds for a burst, a feed too large for Walmart, the hourly feed allowance, refusals; and
 * the sandbox as strict about prices as Walmart.
 */
class WalmartPricesTest {

    private WalmartSandboxClient sandbox;
    private RecordingHttpClient recorded;
    private WalmartHttp http;

    @BeforeEach
    void newSeller() {
        sandbox = WalmartSandboxClient.newSeller(WalmartSandboxHost.base());
        recorded = new RecordingHttpClient(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build());
        http = new WalmartHttp(recorded, Duration.ofSeconds(5));
    }

    private WalmartPrices prices(int maxItems, int maxBytes, int perHour) {
        return new WalmartPrices(http, new WalmartPrices.FeedSettings(50, maxItems, maxBytes, perHour, Duration.ofSeconds(20),
                Duration.ofMillis(50), Duration.ofMillis(200)));
    }

    private ChannelConnection connection() {
        return sandbox.connection(6_000);
    }

    private static PriceUpdate usd(String sku, String price) {
        return new PriceUpdate(sku, new BigDecimal(price), "USD");
    }

    private static List<PriceUpdate> burst(String prefix, int count, int cents) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> usd(prefix + "-" + i, BigDecimal.valueOf(10_000L + i * 100L + cents, 2)
                .toPlainString())).toList();
    }

    private long calls(String method, String pathEnd) {
        return recorded.exchanges().stream().filter(e -> e.method().equals(method) && e.uri().getPath().endsWith(pathEnd)).count();
    }

    private List<Integer> feedUploads() {
        return recorded.exchanges().stream().filter(e -> e.method().equals("POST") && e.uri().getPath().endsWith("/v3/feeds"))
                .map(RecordingHttpClient.Exchange::status).toList();
    }

    @Test
    void aFewPricesGoOneSkuACallAndWalmartsRefusalsAreKeptWithItsWords() {
        sandbox.items("ONE", 2, 3);
        List<PriceResult> results = new ArrayList<>();

        prices(1_000, 10_000_000, 10).push(connection(), List.of(usd("ONE-1", "249.9"), usd("ONE-2", "19.99"),
                usd("NOT-MINE", "10.00"), usd("ONE-2", "0.00")), results::addAll);

        assertThat(results).extracting(PriceResult::accepted).containsExactly(true, true, false, false);
        assertThat(results.get(2).error()).startsWith("404").contains("CONTENT_NOT_FOUND");
        assertThat(results.get(3).error()).startsWith("400").contains("INVALID_REQUEST_CONTENT", "above 0");
        assertThat(sandbox.price("ONE-1")).isEqualTo("249.90");
        assertThat(sandbox.price("ONE-2")).isEqualTo("19.99");
        assertThat(sandbox.inventory()).containsEntry("ONE-1", 3);
        assertThat(calls("PUT", "/v3/price")).isEqualTo(4);
        assertThat(calls("POST", "/v3/feeds")).isZero();
    }

    @Test
    void aBurstGoesAsPriceFeedsWithinTheSizeCapPolledToTheEndWithPerItemErrorsAsRefusals() {
        sandbox.items("BURST", 120, 1);
        sandbox.feedDelay(400);
        List<PriceUpdate> updates = new ArrayList<>(burst("BURST", 120, 99));
        updates.add(usd("GONE-1", "10.00"));
        updates.add(usd("GONE-2", "10.00"));
        List<List<PriceResult>> handedOver = new CopyOnWriteArrayList<>();

        prices(1_000, 5 * 1024, 10).push(connection(), updates, handedOver::add);

        List<PriceResult> results = handedOver.stream().flatMap(List::stream).toList();
        assertThat(results).hasSize(122);
        assertThat(results).filteredOn(PriceResult::accepted).hasSize(120).allMatch(r -> r.channelListingId().startsWith("BURST-"));
        assertThat(results).filteredOn(r -> !r.accepted()).hasSize(2)
                .allMatch(r -> r.channelListingId().startsWith("GONE-") && r.error().contains("ERR_PDI_0001"));
        assertThat(sandbox.price("BURST-1")).isEqualTo("101.99");
        assertThat(sandbox.price("BURST-120")).isEqualTo("220.99");
        assertThat(feedUploads()).as("feeds of at most 5 KB: the sandbox takes each").hasSizeGreaterThanOrEqualTo(3).containsOnly(200);
        assertThat(calls("PUT", "/v3/price")).isZero();
        assertThat(handedOver).as("each status poll while a feed is processed hands over nothing (the writer keeps its lease)")
                .anyMatch(List::isEmpty);
        assertThat(sandbox.list("feeds")).allMatch(f -> f.path("feedType").asText().equals("price"));
    }

    @Test
    void aFeedWalmartRefusesAsTooLargeIsSplitAndTheAccountKeepsTheSmallerSize() {
        sandbox.items("BIG", 120, 0);
        WalmartPrices prices = prices(1_000, 10_000_000, 30);
        List<PriceResult> first = new ArrayList<>();

        prices.push(connection(), burst("BIG", 120, 99), first::addAll);

        assertThat(first).hasSize(120).allMatch(PriceResult::accepted);
        assertThat(feedUploads()).as("refused as too large, then halved until the sandbox's 5 KB hold it").contains(413, 200);
        assertThat(prices.cap(connection())).isLessThanOrEqualTo(5 * 1024);
        assertThat(sandbox.price("BIG-77")).isEqualTo("177.99");
        int uploadsBefore = feedUploads().size();
        List<PriceResult> second = new ArrayList<>();

        prices.push(connection(), burst("BIG", 120, 49), second::addAll);

        assertThat(second).hasSize(120).allMatch(PriceResult::accepted);
        assertThat(feedUploads().subList(uploadsBefore, feedUploads().size())).as("the smaller size is kept").containsOnly(200);
        assertThat(sandbox.price("BIG-77")).isEqualTo("177.49");
    }

    @Test
    void onceTheHoursPriceFeedsAreSpentTheRestGoOneSkuACallAndInventoryFeedsKeepTheirOwn() {
        sandbox.items("HOUR", 120, 0);
        sandbox.feedMaxBytes("price", 1_000_000);
        sandbox.limit("POST /v3/feeds?feedType=price", 1, 3600); // Walmart counts feed calls per hour and type
        List<PriceResult> results = new ArrayList<>();

        prices(50, 10_000_000, 1).push(connection(), burst("HOUR", 120, 0), results::addAll);

        assertThat(results).hasSize(120).allMatch(PriceResult::accepted);
        assertThat(feedUploads()).containsExactly(200);
        assertThat(calls("PUT", "/v3/price")).isEqualTo(70);
        assertThat(sandbox.price("HOUR-120")).isEqualTo("220.00");

        // the hour's price feed is spent on both sides; an inventory feed is not
        List<PushResult> quantities = new WalmartStock(http, new WalmartStock.FeedSettings(50, 1_000, 10, Duration.ofSeconds(20),
                Duration.ofMillis(50))).pushQuantities(connection(), IntStream.rangeClosed(1, 60)
                .mapToObj(i -> new QuantityUpdate("HOUR-" + i, 2)).toList());
        assertThat(quantities).allMatch(PushResult::accepted);
        assertThat(sandbox.list("feeds")).extracting(f -> f.path("feedType").asText()).containsExactly("price", "inventory");
    }

    @Test
    void aCurrencyWalmartDoesNotTakeIsRefusedWithoutACall() {
        sandbox.items("CUR", 1, 0);
        List<PriceResult> results = new ArrayList<>();

        prices(1_000, 10_000_000, 10).push(connection(), List.of(new PriceUpdate("CUR-1", new BigDecimal("99.00"), "EUR")),
                results::addAll);

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.accepted()).isFalse();
            assertThat(r.error()).contains("USD or CAD", "EUR");
        });
        assertThat(recorded.exchanges()).isEmpty();
    }

    @Test
    void a429PausesTheBudgetAndThePricesAnsweredBeforeAreHandedOver() {
        sandbox.items("RL", 4, 0);
        sandbox.limit("PUT /v3/price", 2, 60);
        List<PriceResult> answered = new ArrayList<>();

        assertThatThrownBy(() -> prices(1_000, 10_000_000, 10).push(connection(), burst("RL", 4, 0), answered::addAll))
                .isInstanceOfSatisfying(RateLimitedException.class, e ->
                        assertThat(e.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(31)));

        assertThat(answered).hasSize(2).allMatch(PriceResult::accepted);
        assertThat(sandbox.price("RL-2")).isEqualTo("102.00");
        assertThat(sandbox.price("RL-3")).isEqualTo("129.00");
    }

    // ---------------------------------------------------------------- the sandbox, as strict as Walmart

    @Test
    void theSandboxRefusesAPriceBodyWalmartWouldRefuse() {
        sandbox.items("STRICT", 1, 0);
        String good = "{\"sku\":\"STRICT-1\",\"pricing\":[{\"currentPriceType\":\"BASE\",\"currentPrice\":{\"currency\":\"USD\","
                + "\"amount\":10}}]}";

        assertThat(put(good).status()).isEqualTo(200);
        assertRefused(put(good.replace("\"amount\":10", "\"amount\":\"10.00\"")), 400, "currentPrice.amount");
        assertRefused(put(good.replace("\"amount\":10", "\"amount\":10.001")), 400, "currentPrice.amount");
        assertRefused(put(good.replace("USD", "EUR")), 400, "currentPrice.currency");
        assertRefused(put(good.replace("USD", "CAD")), 400, "currentPrice.currency");
        assertRefused(put(good.replace("BASE", "REDUCED")), 400, "currentPriceType");
        assertRefused(put(good.replace("\"sku\":\"STRICT-1\",", "")), 400, "sku");
        assertRefused(put("{\"sku\":\"STRICT-1\",\"pricing\":[]}"), 400, "pricing");
        assertRefused(put(good.replace("STRICT-1", "STRICT-9")), 404, "sku");
        assertThat(sandbox.price("STRICT-1")).isEqualTo("10.00");
    }

    @Test
    void theSandboxChecksAPriceFeedsShapeAndSizeOnUploadAndItsItemsWhenProcessed() {
        sandbox.items("FEED", 2, 0);
        sandbox.feedDelay(0);
        String item = "{\"sku\":\"FEED-1\",\"pricing\":[{\"currentPriceType\":\"BASE\",\"currentPrice\":{\"currency\":\"USD\",\"amount\":5}}]}";

        assertRefused(upload("price", "{\"PriceHeader\":{\"version\":\"1.4\"},\"Price\":[" + item + "]}"), 400, "file");
        assertRefused(upload("price", "{\"InventoryHeader\":{\"version\":\"1.4\"},\"Inventory\":[]}"), 400, "file");
        assertRefused(upload("promotions", "{}"), 400, "feedType");
        sandbox.feedMaxBytes("price", 100);
        assertRefused(upload("price", "{\"PriceHeader\":{\"version\":\"1.7\"},\"Price\":[" + item + "]}"), 413, "file");
        sandbox.feedMaxBytes("price", 5 * 1024);

        WalmartHttp.Answer created = upload("price", "{\"PriceHeader\":{\"version\":\"1.7\"},\"Price\":[" + item + ","
                + item.replace("\"amount\":5", "\"amount\":6") + "," + item.replace("FEED-1", "FEED-2").replace("USD", "EUR") + "]}");
        assertThat(created.status()).isEqualTo(200);
        JsonNode status = json(http.get(connection(), "/v3/feeds/" + json(created).path("feedId").asText() + "?includeDetails=true"));
        assertThat(status.path("feedStatus").asText()).isEqualTo("PROCESSED");
        assertThat(status.path("itemDetails").path("itemIngestionStatus")).extracting(i -> i.path("ingestionStatus").asText()
                + " " + i.path("ingestionErrors").path("ingestionError").path(0).path("code").asText())
                .containsExactly("SUCCESS ", "DATA_ERROR ERR_PDI_0021", "DATA_ERROR ERR_PDI_0034");
        assertThat(sandbox.price("FEED-1")).isEqualTo("5.00");
        assertThat(sandbox.price("FEED-2")).isEqualTo("129.00");
    }

    private WalmartHttp.Answer put(String body) {
        return http.putJson(connection(), "/v3/price", body);
    }

    private WalmartHttp.Answer upload(String feedType, String file) {
        WalmartFeeds.Multipart upload = WalmartFeeds.multipart(file, feedType + ".json");
        return http.send(connection(), "POST", "/v3/feeds?feedType=" + feedType, upload.body(), upload.contentType());
    }

    private void assertRefused(WalmartHttp.Answer answer, int status, String field) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        JsonNode error = json(answer).path("errors").path(0);
        assertThat(error.path("field").asText()).as(answer.body()).isEqualTo(field);
        assertThat(error.path("severity").asText()).isEqualTo("ERROR");
    }

    private static JsonNode json(WalmartHttp.Answer answer) {
        try {
            return WalmartSandboxClient.JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
