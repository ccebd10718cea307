package dev.kanal.connector.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.connector.CallBudgets;
import dev.kanal.KanalIntegrationTest;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelListing;
import dev.kanal.connector.ChannelUnavailableException;
import dev.kanal.connector.PushResult;
import dev.kanal.connector.QuantityUpdate;
import dev.kanal.connector.RateLimitedException;
import dev.kanal.sandbox.woocommerce.WooSandboxControl;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The connector over real HTTP against the WooCommerce sandbox inside the running application. */
class WooCommerceClientTest extends KanalIntegrationTest {

    private static final ObjectMapperHolder JSON = new ObjectMapperHolder();

    @LocalServerPort int port;

    private final WooCommerceClient client = new WooCommerceClient(WooCommerceClient.DEFAULT_REQUEST_TIMEOUT, WooCommerceClient.DEFAULT_PARALLEL_BATCHES, CallBudgets.inJvm(), dev.kanal.connector.TestTransports.selected());
    /** One batch call at a time: for tests that fail "the second call" of a push. */
    private final WooCommerceClient sequential = new WooCommerceClient(WooCommerceClient.DEFAULT_REQUEST_TIMEOUT, 1, CallBudgets.inJvm(), dev.kanal.connector.TestTransports.selected());
    private final HttpClient http = HttpClient.newHttpClient();
    private WooSandboxControl shop;

    @BeforeEach
    void newShop() {
        shop = new WooSandboxControl(port);
    }

    private ChannelConnection connection(int callsPerMinute) {
        return connection(shop.consumerSecret, callsPerMinute);
    }

    private ChannelConnection connection(String secret, int callsPerMinute) {
        // a fresh account name per connection: a fresh call budget
        return new ChannelConnection("test/" + UUID.randomUUID(), shop.apiRoot(),
                Map.of(WooCommerceClient.CONSUMER_KEY, shop.consumerKey, WooCommerceClient.CONSUMER_SECRET, secret),
                callsPerMinute);
    }

    // ------------------------------------------------------------ authentication

    @Test
    void oauthSignedRequestIsAcceptedWrongSecretAndReplayedNonceAreRefused() throws Exception {
        shop.seed(products(3, "AUTH"));
        URI products = URI.create(shop.apiRoot() + "/products?per_page=5");

        URI signed = new OAuth1Signer(shop.consumerKey, shop.consumerSecret, OAuth1Signer.SignatureMethod.HMAC_SHA256)
                .sign("GET", products);
        HttpResponse<String> accepted = get(signed);
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(JSON.read(accepted.body())).hasSize(3);

        HttpResponse<String> replayed = get(signed);
        assertThat(replayed.statusCode()).isEqualTo(401);
        assertThat(JSON.read(replayed.body()).path("message").asText()).isEqualTo("Invalid nonce - nonce has already been used.");

        URI wrongSecret = new OAuth1Signer(shop.consumerKey, "cs_wrong", OAuth1Signer.SignatureMethod.HMAC_SHA256)
                .sign("GET", products);
        HttpResponse<String> refused = get(wrongSecret);
        assertThat(refused.statusCode()).isEqualTo(401);
        JsonNode error = JSON.read(refused.body());
        assertThat(error.path("code").asText()).isEqualTo("woocommerce_rest_authentication_error");
        assertThat(error.path("message").asText()).isEqualTo("Invalid signature - provided signature does not match.");
        assertThat(error.path("data").path("status").asInt()).isEqualTo(401);

        URI sha1 = new OAuth1Signer(shop.consumerKey, shop.consumerSecret, OAuth1Signer.SignatureMethod.HMAC_SHA1)
                .sign("GET", products);
        assertThat(get(sha1).statusCode()).isEqualTo(200);
    }

    @Test
    void connectorWithWrongSecretGetsAnApiException() {
        WooCommerceApiException e = catchThrowableOfType(
                () -> client.fetchListings(connection("cs_wrong", 600)), WooCommerceApiException.class);
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.code()).isEqualTo("woocommerce_rest_authentication_error");
        assertThat(e.getMessage()).doesNotContain("cs_wrong").doesNotContain(shop.consumerSecret);
    }

    // ------------------------------------------------------------ listings

    @Test
    void fetchesEveryPageAndTheVariationsOfVariableProducts() {
        ArrayNode seed = products(247, "SIMPLE");
        ((ObjectNode) seed.get(0)).put("status", "draft");
        seed.add(variable("Phone", "PH", 2));
        seed.add(variable("Case", "CS", 3));
        seed.add(variable("Cable", "CB", 120)); // two pages of variations
        ArrayNode created = shop.seed(seed);
        shop.clearStats();

        List<ChannelListing> listings = client.fetchListings(connection(600));

        assertThat(listings).hasSize(247 + 2 + 3 + 120);
        long firstId = created.get(0).path("id").asLong();
        ChannelListing first = listings.get(0);
        assertThat(first.channelListingId()).isEqualTo(Long.toString(firstId));
        assertThat(first.channelSku()).isEqualTo("SIMPLE-0");
        assertThat(first.title()).isEqualTo("Product SIMPLE-0");
        assertThat(first.price()).isEqualByComparingTo(new BigDecimal("19.99"));
        assertThat(first.currency()).isEqualTo("EUR");
        assertThat(first.quantity()).isEqualTo(0);
        assertThat(first.state()).isEqualTo("draft");
        assertThat(listings.get(1).quantity()).isEqualTo(1);
        assertThat(listings.get(5).quantity()).as("stock not managed").isNull();
        assertThat(listings.get(5).state()).isEqualTo("publish");

        JsonNode phone = created.get(247);
        long phoneId = phone.path("id").asLong();
        long firstVariation = phone.path("variations").get(0).path("id").asLong();
        ChannelListing variation = listings.stream()
                .filter(l -> l.channelListingId().equals(phoneId + "/" + firstVariation)).findFirst().orElseThrow();
        assertThat(variation.channelSku()).isEqualTo("PH-0");
        assertThat(variation.title()).isEqualTo("Phone - Grade 0");
        assertThat(variation.quantity()).isEqualTo(5);
        assertThat(variation.price()).isEqualByComparingTo(new BigDecimal("100.00"));
        assertThat(listings).noneMatch(l -> l.channelListingId().equals(Long.toString(phoneId)));
        assertThat(listings.stream().filter(l -> l.channelListingId().startsWith(created.get(249).path("id").asLong() + "/")))
                .hasSize(120);

        assertThat(shop.calls("GET /products")).isEqualTo(3);
        assertThat(shop.calls("GET /products/{id}/variations")).isEqualTo(1 + 1 + 2);
    }

    @Test
    void listingsAreHandedOverOnePageOfProductsAtATime() {
        ArrayNode seed = products(230, "PAGED");
        seed.add(variable("Phone", "PP", 3));
        shop.seed(seed);
        List<Integer> pageSizes = new ArrayList<>();

        client.fetchListings(connection(600), page -> pageSizes.add(page.size()));

        // 231 products at 100 a page; the variable product's three variations come with its page
        assertThat(pageSizes).containsExactly(100, 100, 30 + 3);
    }

    @Test
    void aStockChangeMadeInTheShopShowsInTheNextFetch() {
        ArrayNode created = shop.seed(products(2, "HAND"));
        long id = created.get(1).path("id").asLong();
        shop.setProductStock(id, 42);

        List<ChannelListing> listings = client.fetchListings(connection(600));

        assertThat(listings).filteredOn(l -> l.channelListingId().equals(Long.toString(id)))
                .singleElement().extracting(ChannelListing::quantity).isEqualTo(42);
    }

    // ------------------------------------------------------------ quantities

    @Test
    void pushing250UpdatesTakesThreeProductBatchesAndTheShopHoldsTheQuantities() {
        ArrayNode seed = products(250, "BULK");
        seed.add(variable("Phone", "BV", 2));
        ArrayNode created = shop.seed(seed);
        shop.clearStats();

        List<QuantityUpdate> updates = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            updates.add(new QuantityUpdate(created.get(i).path("id").asText(), 1000 + i));
        }
        JsonNode phone = created.get(250);
        for (int v = 0; v < 2; v++) {
            updates.add(new QuantityUpdate(phone.path("id").asText() + "/" + phone.path("variations").get(v).path("id").asText(), 7 + v));
        }
        // variations first in the input: results still come back in input order
        updates.add(0, updates.remove(251));

        ChannelConnection connection = connection(600);
        List<PushResult> results = client.pushQuantities(connection, updates);

        assertThat(results).hasSize(252).allMatch(PushResult::accepted);
        assertThat(results).extracting(PushResult::channelListingId)
                .containsExactlyElementsOf(updates.stream().map(QuantityUpdate::channelListingId).toList());
        assertThat(shop.calls("POST /products/batch")).isEqualTo(3);
        assertThat(shop.calls("POST /products/{id}/variations/batch")).isEqualTo(1);
        JsonNode stats = shop.stats();
        assertThat(stats.path("batch_calls").asInt()).isEqualTo(4);
        assertThat(stats.path("items_updated").asInt()).isEqualTo(252);
        assertThat(stats.path("max_calls_in_60s").asInt()).isEqualTo(4);

        JsonNode stock = shop.stock();
        for (QuantityUpdate update : updates) {
            assertThat(stock.path(update.channelListingId()).asInt()).as(update.channelListingId()).isEqualTo(update.quantity());
        }
        assertThat(shop.product(created.get(3).path("id").asLong()).path("stock_status").asText()).isEqualTo("instock");
    }

    @Test
    void anUnknownIdIsRejectedWhileTheRestApply() {
        ArrayNode created = shop.seed(products(3, "MIX"));
        long a = created.get(0).path("id").asLong();
        long c = created.get(2).path("id").asLong();
        List<QuantityUpdate> updates = List.of(
                new QuantityUpdate(Long.toString(a), 5),
                new QuantityUpdate("999999", 1),
                new QuantityUpdate(Long.toString(c), 0),
                new QuantityUpdate("not-an-id", 1),
                new QuantityUpdate(a + "/999998", 2));

        List<PushResult> results = client.pushQuantities(connection(600), updates);

        assertThat(results).extracting(PushResult::accepted).containsExactly(true, false, true, false, false);
        assertThat(results.get(1).error()).isEqualTo("Invalid ID. (woocommerce_rest_product_invalid_id)");
        assertThat(results.get(3).error()).contains("Not a WooCommerce listing id");
        assertThat(results.get(4).error()).isEqualTo("Invalid ID. (woocommerce_rest_product_variation_invalid_id)");
        assertThat(shop.product(a).path("stock_quantity").asInt()).isEqualTo(5);
        assertThat(shop.product(c).path("stock_quantity").asInt()).isEqualTo(0);
        assertThat(shop.product(c).path("stock_status").asText()).isEqualTo("outofstock");
    }

    @Test
    void variationsOfAVanishedProductAreRejected() {
        List<PushResult> results = client.pushQuantities(connection(600), List.of(new QuantityUpdate("999990/999991", 3)));
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.accepted()).isFalse();
            assertThat(r.error()).contains("Invalid ID.").contains("404");
        });
    }

    @Test
    void aBatchOfMoreThan100ItemsSentDirectlyGets413() throws Exception {
        ArrayNode created = shop.seed(products(101, "BIG"));
        ObjectNode body = JSON.mapper().createObjectNode();
        ArrayNode update = body.putArray("update");
        created.forEach(p -> update.addObject().put("id", p.path("id").asLong()).put("manage_stock", true).put("stock_quantity", 1));

        URI signed = new OAuth1Signer(shop.consumerKey, shop.consumerSecret, OAuth1Signer.SignatureMethod.HMAC_SHA256)
                .sign("POST", URI.create(shop.apiRoot() + "/products/batch"));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(signed)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        JsonNode error = JSON.read(response.body());
        assertThat(error.path("code").asText()).isEqualTo("woocommerce_rest_request_entity_too_large");
        assertThat(error.path("message").asText()).isEqualTo("Unable to accept more than 100 items for this request.");
        assertThat(shop.stats().path("items_updated").asInt()).isZero();

        // the connector splits the same 101 updates: 100 + 1
        shop.clearStats();
        List<QuantityUpdate> updates = new ArrayList<>();
        created.forEach(p -> updates.add(new QuantityUpdate(p.path("id").asText(), 2)));
        assertThat(client.pushQuantities(connection(600), updates)).allMatch(PushResult::accepted);
        assertThat(shop.calls("POST /products/batch")).isEqualTo(2);
    }

    // ------------------------------------------------------------ failures

    @Test
    void a429WithEmptyBodyPausesTheBudgetForTheDefaultWait() {
        ArrayNode created = shop.seed(products(2, "RL"));
        shop.nextAnswers(429, 1, null, 0);
        ChannelConnection connection = connection(600);

        RateLimitedException e = catchThrowableOfType(() -> client.pushQuantities(connection,
                List.of(new QuantityUpdate(created.get(0).path("id").asText(), 9))), RateLimitedException.class);

        assertThat(e.completed()).as("nothing answered").isEmpty();
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(client.budgetFor(connection).tryAcquire()).as("budget paused").isFalse();
        assertThat(shop.product(created.get(0).path("id").asLong()).path("stock_quantity").asInt()).isZero();
    }

    @Test
    void a429WithRetryAfterIsHonoured() {
        shop.nextAnswers(429, 1, "120", 0);
        ChannelConnection connection = connection(600);

        RateLimitedException e = catchThrowableOfType(() -> client.fetchListings(connection), RateLimitedException.class);

        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(120));
        assertThat(client.budgetFor(connection).tryAcquire()).isFalse();
    }

    @Test
    void serverErrorsAreChannelUnavailable() {
        ArrayNode created = shop.seed(products(1, "ERR"));
        List<QuantityUpdate> updates = List.of(new QuantityUpdate(created.get(0).path("id").asText(), 3));

        shop.nextAnswers(500, 1, null, 0);
        ChannelUnavailableException e500 = catchThrowableOfType(
                () -> client.pushQuantities(connection(600), updates), ChannelUnavailableException.class);
        assertThat(e500.completed()).isEmpty();
        assertThat(e500.getMessage()).contains("500").contains("critical error");

        shop.nextAnswers(502, 1, null, 0);
        assertThatThrownBy(() -> client.fetchListings(connection(600)))
                .isInstanceOf(ChannelUnavailableException.class).hasMessageContaining("502");

        shop.nextAnswers(503, 1, "10", 0);
        assertThatThrownBy(() -> client.pushQuantities(connection(600), updates))
                .isInstanceOf(ChannelUnavailableException.class).hasMessageContaining("503");

        assertThat(client.pushQuantities(connection(600), updates)).allMatch(PushResult::accepted);
    }

    @Test
    void aSlowShopTimesOutAsChannelUnavailable() {
        shop.hostBehaviour(null, 1_500);
        WooCommerceClient impatient = new WooCommerceClient(Duration.ofMillis(300), WooCommerceClient.DEFAULT_PARALLEL_BATCHES, CallBudgets.inJvm(), dev.kanal.connector.TestTransports.selected());

        assertThatThrownBy(() -> impatient.fetchListings(connection(600)))
                .isInstanceOf(ChannelUnavailableException.class).hasMessageContaining("timed out");
        shop.clearFaults();
    }

    @Test
    void anUnreachableShopIsChannelUnavailable() {
        ChannelConnection nowhere = new ChannelConnection("test/nowhere", URI.create("http://127.0.0.1:1/wp-json/wc/v3"),
                Map.of(WooCommerceClient.CONSUMER_KEY, "ck", WooCommerceClient.CONSUMER_SECRET, "cs"), 600);
        assertThatThrownBy(() -> client.pushQuantities(nowhere, List.of(new QuantityUpdate("1", 1))))
                .isInstanceOf(ChannelUnavailableException.class);
    }

    @Test
    void aFailureAfterTheFirstBatchCarriesWhatWasApplied() {
        ArrayNode created = shop.seed(products(150, "PART"));
        List<QuantityUpdate> updates = new ArrayList<>();
        created.forEach(p -> updates.add(new QuantityUpdate(p.path("id").asText(), 50)));
        updates.add(new QuantityUpdate("bogus", 1)); // rejected without a call

        shop.nextAnswers(503, 1, null, 1); // the first batch goes through, the second fails
        ChannelUnavailableException e = catchThrowableOfType(
                () -> sequential.pushQuantities(connection(600), updates), ChannelUnavailableException.class);

        assertThat(e.getMessage()).contains("503");
        assertThat(e.completed()).hasSize(100).allMatch(PushResult::accepted)
                .extracting(PushResult::channelListingId).containsExactlyElementsOf(
                        updates.subList(0, 100).stream().map(QuantityUpdate::channelListingId).toList());
        JsonNode stock = shop.stock();
        assertThat(updates.subList(0, 100)).allMatch(u -> stock.path(u.channelListingId()).asInt() == 50);
        assertThat(updates.subList(100, 150)).allMatch(u -> stock.path(u.channelListingId()).asInt() != 50);

        // the caller sends the rest again
        List<QuantityUpdate> rest = updates.subList(e.completed().size(), updates.size());
        List<PushResult> retried = sequential.pushQuantities(connection(600), rest);
        assertThat(retried).hasSize(51);
        assertThat(retried.subList(0, 50)).allMatch(PushResult::accepted);
        assertThat(retried.get(50).accepted()).isFalse();
        assertThat(shop.stock().path(updates.get(149).channelListingId()).asInt()).isEqualTo(50);
    }

    @Test
    void completedIsTheAnsweredPrefixEvenWhenLaterUpdatesWereApplied() {
        ArrayNode seed = products(2, "PFX");
        seed.add(variable("Phone", "PFXV", 1));
        ArrayNode created = shop.seed(seed);
        String a = created.get(0).path("id").asText();
        String b = created.get(1).path("id").asText();
        JsonNode phone = created.get(2);
        String v = phone.path("id").asText() + "/" + phone.path("variations").get(0).path("id").asText();
        List<QuantityUpdate> updates = List.of(new QuantityUpdate(a, 31), new QuantityUpdate(v, 32), new QuantityUpdate(b, 33));

        shop.nextAnswers(502, 1, null, 1); // products (a, b) go first and through; the variation call fails
        ChannelUnavailableException e = catchThrowableOfType(
                () -> sequential.pushQuantities(connection(600), updates), ChannelUnavailableException.class);

        assertThat(e.completed()).extracting(PushResult::channelListingId).containsExactly(a);
        assertThat(shop.stock().path(b).asInt()).as("applied, though after the prefix").isEqualTo(33);
        assertThat(sequential.pushQuantities(connection(600), updates.subList(1, 3))).allMatch(PushResult::accepted);
        assertThat(shop.stock().path(v).asInt()).isEqualTo(32);
    }

    @Test
    void aRateLimitAfterTheFirstBatchCarriesWhatWasAppliedAndPauses() {
        ArrayNode created = shop.seed(products(120, "PRL"));
        List<QuantityUpdate> updates = new ArrayList<>();
        created.forEach(p -> updates.add(new QuantityUpdate(p.path("id").asText(), 8)));
        shop.nextAnswers(429, 1, "5", 1);
        ChannelConnection connection = connection(600);

        RateLimitedException e = catchThrowableOfType(() -> sequential.pushQuantities(connection, updates), RateLimitedException.class);

        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(5));
        assertThat(e.completed()).hasSize(100).allMatch(PushResult::accepted);
        assertThat(sequential.budgetFor(connection).tryAcquire()).isFalse();
    }

    @Test
    void parallelBatchCallsAnswerInInputOrderAndAFailureKeepsTheAnsweredPrefix() {
        ArrayNode created = shop.seed(products(1000, "PAR"));
        List<QuantityUpdate> updates = new ArrayList<>();
        created.forEach(p -> updates.add(new QuantityUpdate(p.path("id").asText(), 9)));
        assertThat(client.maxUpdatesPerPush()).isEqualTo(10_000);
        assertThat(client.updatesWorthStarting()).isEqualTo(2000);
        shop.clearStats();

        List<PushResult> results = client.pushQuantities(connection(6000), updates);

        assertThat(results).extracting(PushResult::channelListingId)
                .containsExactlyElementsOf(updates.stream().map(QuantityUpdate::channelListingId).toList());
        assertThat(results).allMatch(PushResult::accepted);
        assertThat(shop.calls("POST /products/batch")).isEqualTo(10);
        JsonNode stock = shop.stock();
        assertThat(updates).allMatch(u -> stock.path(u.channelListingId()).asInt() == 9);

        // one call of a wave fails: whichever it is, completed() is an answered prefix, and
        // sending the rest again lands every quantity
        List<QuantityUpdate> next = updates.stream().map(u -> new QuantityUpdate(u.channelListingId(), 4)).toList();
        shop.nextAnswers(503, 1, null, 2);
        ChannelUnavailableException e = catchThrowableOfType(
                () -> client.pushQuantities(connection(6000), next), ChannelUnavailableException.class);
        // which batch arrives third depends on the threads' scheduling (a slow first-wave call can
        // arrive after a later batch's): whichever failed, only whole batches before it count
        assertThat(e.completed().size()).as("an answered prefix of whole batches, short of the failed one")
                .isLessThan(1000).matches(n -> n % 100 == 0);
        JsonNode partly = shop.stock();
        assertThat(e.completed()).allMatch(r -> r.accepted() && partly.path(r.channelListingId()).asInt() == 4);
        assertThat(client.pushQuantities(connection(6000), next.subList(e.completed().size(), 1000))).allMatch(PushResult::accepted);
        JsonNode after = shop.stock();
        assertThat(next).allMatch(u -> after.path(u.channelListingId()).asInt() == 4);
    }

    @Test
    void eachBatchCallsResultsAreHandedOverAsSoonAsItIsAnsweredAndAFailureHandsOverOnlyWhatWasApplied() {
        ArrayNode created = shop.seed(products(1000, "PART"));
        List<QuantityUpdate> updates = new ArrayList<>();
        created.forEach(p -> updates.add(new QuantityUpdate(p.path("id").asText(), 6)));
        List<List<PushResult>> parts = java.util.Collections.synchronizedList(new ArrayList<>());

        client.pushQuantities(connection(6000), updates, parts::add);

        assertThat(parts).hasSize(10).allSatisfy(part -> assertThat(part).hasSize(100).allMatch(PushResult::accepted));
        assertThat(parts.stream().flatMap(List::stream).map(PushResult::channelListingId))
                .containsExactlyInAnyOrderElementsOf(updates.stream().map(QuantityUpdate::channelListingId).toList());

        List<QuantityUpdate> next = updates.stream().map(u -> new QuantityUpdate(u.channelListingId(), 2)).toList();
        parts.clear();
        shop.nextAnswers(503, 1, null, 2);
        assertThatThrownBy(() -> client.pushQuantities(connection(6000), next, parts::add)).isInstanceOf(ChannelUnavailableException.class);
        JsonNode partly = shop.stock();
        assertThat(parts).as("the failed call and the calls not started after it are not handed over").hasSizeLessThan(10)
                .allSatisfy(part -> assertThat(part).allMatch(r -> r.accepted() && partly.path(r.channelListingId()).asInt() == 2));
    }

    // ------------------------------------------------------------ helpers

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Simple products SKU prefix-i, price 19.99; stock i % 7, not managed for every 5th from index 5. */
    static ArrayNode products(int count, String prefix) {
        ArrayNode products = JSON.mapper().createArrayNode();
        for (int i = 0; i < count; i++) {
            ObjectNode product = products.addObject()
                    .put("name", "Product " + prefix + "-" + i)
                    .put("sku", prefix + "-" + i)
                    .put("regular_price", "19.99");
            if (i % 5 == 0 && i > 0) {
                product.put("manage_stock", false);
            } else {
                product.put("manage_stock", true).put("stock_quantity", i % 7);
            }
        }
        return products;
    }

    /** A variable product with variations "Grade n", SKU prefix-n, stock 5, price 100.00. */
    static ObjectNode variable(String name, String prefix, int variations) {
        ObjectNode product = JSON.mapper().createObjectNode().put("name", name).put("type", "variable");
        product.putArray("attributes").addObject().put("name", "Grade").put("variation", true);
        ArrayNode list = product.putArray("variations");
        for (int v = 0; v < variations; v++) {
            ObjectNode variation = list.addObject()
                    .put("sku", prefix + "-" + v)
                    .put("regular_price", "100.00")
                    .put("manage_stock", true)
                    .put("stock_quantity", 5);
            variation.putArray("attributes").addObject().put("name", "Grade").put("option", "Grade " + v);
        }
        return product;
    }

    /** Jackson for the tests. */
    static final class ObjectMapperHolder {
        private final com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();

        com.fasterxml.jackson.databind.ObjectMapper mapper() {
            return mapper;
        }

        JsonNode read(String body) throws java.io.IOException {
            return mapper.readTree(body);
        }
    }
}
