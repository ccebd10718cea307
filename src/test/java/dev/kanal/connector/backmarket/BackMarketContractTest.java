package dev.kanal.connector.backmarket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.whitelist.ValidationErrorsWhitelist;
import com.atlassian.oai.validator.whitelist.rule.WhitelistRules;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.KanalIntegrationTest;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.OfferedProduct;
import dev.kanal.connector.ProductOfferResult;
import dev.kanal.connector.ChannelOrderSource;
import dev.kanal.connector.ChannelOrderAcknowledger.OrderAcknowledgementRefusedException;
import dev.kanal.connector.ChannelShipmentWriter.ShipmentRefusedException;
import dev.kanal.connector.ChannelInvoiceWriter;
import dev.kanal.connector.OutgoingInvoice;
import dev.kanal.connector.OutgoingRefund;
import dev.kanal.connector.OutgoingShipment;
import dev.kanal.connector.ChannelUnavailableException;
import dev.kanal.connector.PushResult;
import dev.kanal.connector.QuantityUpdate;
import dev.kanal.connector.RateLimitedException;
import dev.kanal.sandbox.backmarket.BackMarketSandboxControl;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What the connector sends and what the sandbox answers, checked against Back Market's own
 * OpenAPI description: the request/response pairs are recorded on the wire (a recording
 * {@link HttpClient}) while the connector talks to the sandbox, then validated.
 *
 * <p>The spec is read only from {@code src/test/resources/specs/backmarket-openapi.yml}, the
 * project's own copy of Back Market's published description, so a clean clone needs nothing
 * outside the project and the test never skips: without the copy it fails. Refresh the copy by
 * hand when Back Market publishes a new one.
 */
class BackMarketContractTest extends KanalIntegrationTest {

    private static final String SPEC_RESOURCE = "specs/backmarket-openapi.yml";
    private static final String SANDBOX_PREFIX = "/sandbox/backmarket";

    /**
     * Defects of the spec file itself, outside the listings API, that stop the validator from
     * loading it. Parsed leniently with the validator's own options, these and only these
     * messages are accepted:
     * <ul>
     *   <li>{@code components.schemas.claim} (care folders) declares {@code warnings} as an array
     *       without {@code items}, which OAS 3.0 requires; swagger-parser names the schema, not the
     *       property.</li>
     * </ul>
     */
    private static final Set<String> KNOWN_SPEC_PARSE_DEFECTS = Set.of(
            "attribute components.schemas.claim.items is missing");

    /**
     * Validation messages caused by the spec meeting the validator, not by the connector or the
     * sandbox. Each rule says why.
     */
    private static final ValidationErrorsWhitelist KNOWN_SPEC_VALIDATION_DEFECTS = ValidationErrorsWhitelist.create()
            .withRule("The spec types the listingId path parameter as oneOf(uuid string, integer); for a"
                            + " composed parameter schema the validator parses the raw path segment as JSON,"
                            + " which a UUID is not. The sandbox and the connector use real UUIDs.",
                    WhitelistRules.allOf(
                            WhitelistRules.isRequest(),
                            WhitelistRules.messageHasKey("validation.request.parameter.schema.invalidJson"),
                            WhitelistRules.pathContainsRegexp("^/ws/listings/\\{listingId\\}$"))) // the operation's path
            .withRule("The order and orderline endpoints' 400/403/404/422 are declared without content: the spec does not describe"
                            + " their bodies (shared/api-contracts.md 2.5), which the validator reads as 'no body'. Back"
                            + " Market sends an error body there; the sandbox sends its V1 error body, and Kanal reads"
                            + " only the status and a message from it.",
                    WhitelistRules.allOf(
                            WhitelistRules.isResponse(),
                            WhitelistRules.messageHasKey("validation.response.body.unexpected"),
                            WhitelistRules.pathContainsRegexp("^/ws/(orders(/\\{order_id\\}(/invoice)?)?|orderlines/\\{orderline_id\\})$")));

    /**
     * OpenAPI allows properties a schema does not list unless it says otherwise, and Back Market
     * answers more fields than it documents. The validator is stricter by default, which also
     * breaks every allOf (ListingPublic + statuscode): each part rejects the other's fields.
     */
    private static final LevelResolver OPENAPI_SEMANTICS = LevelResolver.create()
            .withLevel("validation.schema.additionalProperties", ValidationReport.Level.IGNORE)
            .build();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static OpenApiInteractionValidator validator;

    @LocalServerPort
    int port;

    private BackMarketSandboxControl sandbox;
    private RecordingHttpClient http;
    private BackMarketClient client;

    @BeforeAll
    static void loadSpec() throws IOException {
        // The validator's own parse options: resolve references fully, leave combinators alone.
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(true);
        options.setResolveCombinators(false);
        SwaggerParseResult parsed = new OpenAPIParser().readContents(spec(), null, options);
        assertThat(parsed.getMessages()).as("spec parse messages").containsExactlyInAnyOrderElementsOf(KNOWN_SPEC_PARSE_DEFECTS);
        assertThat(parsed.getOpenAPI().getPaths()).containsKeys("/ws/listings", "/ws/listings/{listingId}", "/ws/listings/detail",
                "/ws/tasks/{taskId}", "/ws/orders", "/ws/orders/{order_id}", "/ws/orderlines/{orderline_id}",
                "/ws/orders/{order_id}/invoice", "/ws/sav", "/ws/sav/refund");
        validator = OpenApiInteractionValidator.createFor(parsed.getOpenAPI())
                .withWhitelist(KNOWN_SPEC_VALIDATION_DEFECTS)
                .withLevelResolver(OPENAPI_SEMANTICS)
                .build();
    }

    /** The project's copy of the spec, from the test classpath; missing, the test fails saying so. */
    private static String spec() throws IOException {
        try (InputStream copy = BackMarketContractTest.class.getClassLoader().getResourceAsStream(SPEC_RESOURCE)) {
            assertThat(copy).as("src/test/resources/" + SPEC_RESOURCE + " (Back Market's OpenAPI description)").isNotNull();
            return new String(copy.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @BeforeEach
    void newSeller() {
        sandbox = BackMarketSandboxControl.newSeller(URI.create("http://localhost:" + port + SANDBOX_PREFIX));
        http = new RecordingHttpClient(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build());
        client = new BackMarketClient(http, Duration.ofSeconds(5));
    }

    private ChannelConnection connection() {
        return new ChannelConnection("acme/backmarket-fr", URI.create("http://localhost:" + port + SANDBOX_PREFIX),
                Map.of("token", sandbox.token(), "user-agent", "BM-Kanal-Tests;dev@kanal.dev",
                        "accept-language", "fr-fr"), 600);
    }

    @Test
    void listingPagesMatchTheSpec() {
        sandbox.seed("PAGE", 60, 2);

        assertThat(client.fetchListings(connection())).hasSize(60);

        assertThat(http.exchanges()).hasSize(2).allMatch(e -> e.status() == 200);
        assertAllValid();
    }

    @Test
    void aSingleListingMatchesTheSpec() {
        String id = sandbox.seed("ONE", 1, 2).get(0).path("id").asText();

        assertThat(client.fetchListing(connection(), id)).isPresent();
        assertThat(client.fetchListing(connection(), UUID.randomUUID().toString())).isEmpty();

        assertThat(http.exchanges()).extracting(RecordingHttpClient.Exchange::status).containsExactly(200, 404);
        assertAllValid();
    }

    @Test
    void quantityUpdatesMatchTheSpec() {
        String id = sandbox.seed("UPD", 1, 2).get(0).path("id").asText();

        List<PushResult> results = client.pushQuantities(connection(), List.of(
                new QuantityUpdate(id, 5), new QuantityUpdate(id, 0), new QuantityUpdate(UUID.randomUUID().toString(), 1)));

        assertThat(results).extracting(PushResult::accepted).containsExactly(true, true, false);
        assertThat(http.exchanges()).extracting(RecordingHttpClient.Exchange::status).containsExactly(200, 200, 404);
        assertThat(http.exchanges().get(0).requestBody()).isEqualTo("{\"quantity\":5}");
        assertAllValid();
    }

    /** Prices out (docs/decisions/0039): price as a string with the market's currency, nothing else; a wrong currency is refused. */
    @Test
    void priceUpdatesMatchTheSpec() throws Exception {
        String id = sandbox.seed("PRC", 1, 2).get(0).path("id").asText();
        List<dev.kanal.connector.PriceResult> results = new java.util.ArrayList<>();

        client.pushPrices(connection(), List.of(new dev.kanal.connector.PriceUpdate(id, new java.math.BigDecimal("249.9"), "EUR"),
                new dev.kanal.connector.PriceUpdate(id, new java.math.BigDecimal("10"), "USD"),
                new dev.kanal.connector.PriceUpdate(UUID.randomUUID().toString(), java.math.BigDecimal.ONE, "EUR")), results::addAll);

        assertThat(results).extracting(dev.kanal.connector.PriceResult::accepted).containsExactly(true, false, false);
        assertThat(http.exchanges()).extracting(RecordingHttpClient.Exchange::status).containsExactly(200, 400, 404);
        assertThat(http.exchanges().get(0).requestBody()).isEqualTo("{\"price\":\"249.90\",\"currency\":\"EUR\"}");
        assertThat(sandbox.listing(id).path("price").asText()).as("the sandbox stores the price as sent").isEqualTo("249.90");
        assertThat(sandbox.listing(id).path("quantity").asInt()).as("a price update leaves the quantity").isEqualTo(2);
        assertAllValid();
    }

    @Test
    void rateLimitAnswersMatchTheSpec() {
        String id = sandbox.seed("RL", 1, 2).get(0).path("id").asText();
        sandbox.fault(429, 1, null, 0);

        assertThatThrownBy(() -> client.pushQuantities(connection(), List.of(new QuantityUpdate(id, 5))))
                .isInstanceOf(RateLimitedException.class);

        assertThat(http.exchanges()).extracting(RecordingHttpClient.Exchange::status).containsExactly(429);
        assertAllValid();
    }

    /** A push above the bulk threshold: the catalog task's creation and every poll, request and answer. */
    @Test
    void catalogTasksMatchTheSpec() throws Exception {
        List<JsonNode> seeded = sandbox.seed("CSV", 2, 2);
        sandbox.taskDelay(300); // long enough to be polled while to do or in progress
        BackMarketClient bulk = new BackMarketClient(http, Duration.ofSeconds(5), 1,
                new BackMarketClient.TaskSettings(3, Duration.ofSeconds(10), Duration.ofMillis(50)));

        List<PushResult> results = bulk.pushQuantities(connection(), List.of(
                new QuantityUpdate(seeded.get(0).path("id").asText(), 4, "CSV-1"),
                new QuantityUpdate(UUID.randomUUID().toString(), 1, "NOT-MINE"),
                new QuantityUpdate(seeded.get(1).path("id").asText(), 0, "csv-2")));

        assertThat(results).extracting(PushResult::accepted).containsExactly(true, false, true);
        List<RecordingHttpClient.Exchange> exchanges = http.exchanges();
        assertThat(exchanges.get(0).method() + " " + exchanges.get(0).uri().getPath()).endsWith("POST /sandbox/backmarket/ws/listings");
        JsonNode request = JSON.readTree(exchanges.get(0).requestBody());
        assertThat(request.path("catalog").asText()).isEqualTo("sku,quantity\nCSV-1,4\nNOT-MINE,1\ncsv-2,0\n");
        assertThat(request.path("quotechar").asText()).isEqualTo("\"");
        assertThat(request.path("delimiter").asText()).isEqualTo(",");
        assertThat(request.path("encoding").asText()).isEqualTo("utf-8");
        assertThat(exchanges.subList(1, exchanges.size())).isNotEmpty()
                .allMatch(e -> e.method().equals("GET") && e.uri().getPath().matches(".*/ws/tasks/\\d+"));
        List<Integer> statuses = exchanges.subList(1, exchanges.size()).stream()
                .map(e -> readTree(e.responseBody()).path("action_status").asInt()).toList();
        assertThat(statuses).as("polled while pending, then done").hasSizeGreaterThan(1).endsWith(9);
        assertAllValid();
    }

    /**
     * Products out: the look-up by SKU (404, then 200), the catalog line that lists a product by
     * EAN (matched, and not matched), the task polls; each request and answer against the spec.
     */
    @Test
    void productOffersMatchTheSpec() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String known = "590" + Math.abs(suffix.hashCode() % 1_000_000_000L);
        JsonNode product = sandbox.catalogue(Map.of(known, "iPhone 8 " + suffix)).get(0);
        BackMarketClient tasks = new BackMarketClient(http, Duration.ofSeconds(5), 1,
                new BackMarketClient.TaskSettings(0, Duration.ofSeconds(10), Duration.ofMillis(50)));
        BackMarketProductOffers offers = new BackMarketProductOffers(tasks);

        ProductOfferResult matched = offers.offer(connection(), new OfferedProduct("OFFER-1", "Phone", known, new BigDecimal("129")));
        ProductOfferResult noMatch = offers.offer(connection(), new OfferedProduct("OFFER-2", "Phone", "0000000000017",
                new BigDecimal("99")));
        ProductOfferResult again = offers.offer(connection(), new OfferedProduct("OFFER-1", "Phone", known, new BigDecimal("129")));

        assertThat(matched.outcome()).isEqualTo(ProductOfferResult.Outcome.MATCHED);
        assertThat(sandbox.listing(matched.channelListingId()).path("product_id").asText()).isEqualTo(product.path("product_id").asText());
        assertThat(noMatch.outcome()).isEqualTo(ProductOfferResult.Outcome.NO_MATCH);
        assertThat(again.outcome()).isEqualTo(ProductOfferResult.Outcome.ALREADY_LISTED);
        assertThat(again.channelListingId()).isEqualTo(matched.channelListingId());
        List<RecordingHttpClient.Exchange> posts = http.exchanges().stream().filter(e -> e.method().equals("POST")).toList();
        assertThat(posts).hasSize(2);
        assertThat(JSON.readTree(posts.get(0).requestBody()).path("catalog").asText())
                .isEqualTo("sku,ean,quantity,price\nOFFER-1," + known + ",0,129.00\n");
        assertThat(http.exchanges()).extracting(e -> e.method() + " " + e.status() + " " + e.uri().getPath().replaceFirst(".*/ws/", "/ws/")
                .replaceAll("/tasks/\\d+", "/tasks/{id}")).contains("GET 404 /ws/listings/detail", "GET 200 /ws/listings/detail",
                "POST 200 /ws/listings", "GET 200 /ws/tasks/{id}");
        assertAllValid();
    }

    @Test
    void aFailedTaskMatchesTheSpec() {
        List<JsonNode> seeded = sandbox.seed("FT", 1, 2);
        sandbox.failNextTasks(1, null);
        BackMarketClient bulk = new BackMarketClient(http, Duration.ofSeconds(5), 1,
                new BackMarketClient.TaskSettings(1, Duration.ofSeconds(10), Duration.ofMillis(50)));

        assertThatThrownBy(() -> bulk.pushQuantities(connection(), List.of(
                new QuantityUpdate(seeded.get(0).path("id").asText(), 4, "FT-1"))))
                .isInstanceOf(ChannelUnavailableException.class);

        RecordingHttpClient.Exchange last = http.exchanges().get(http.exchanges().size() - 1);
        assertThat(readTree(last.responseBody()).path("action_status").asInt()).isEqualTo(8);
        assertThat(readTree(last.responseBody()).path("last_action_error").asText()).isNotBlank();
        assertAllValid();
    }

    /** 429 on creating a task, 404 for a task that is not the seller's, 400 for a catalog request without catalog. */
    @Test
    void catalogTaskErrorsMatchTheSpec() throws Exception {
        List<JsonNode> seeded = sandbox.seed("ERR", 1, 2);
        BackMarketClient bulk = new BackMarketClient(http, Duration.ofSeconds(5), 1,
                new BackMarketClient.TaskSettings(1, Duration.ofSeconds(10), Duration.ofMillis(50)));
        sandbox.lineQuota(1);
        sandbox.fault(429, 1, null, 0);
        List<QuantityUpdate> two = List.of(new QuantityUpdate(seeded.get(0).path("id").asText(), 4, "ERR-1"),
                new QuantityUpdate(UUID.randomUUID().toString(), 4, "ERR-2"));

        assertThatThrownBy(() -> bulk.pushQuantities(connection(), two)).isInstanceOf(RateLimitedException.class); // Cloudflare
        sandbox.clearFaults();
        assertThatThrownBy(() -> bulk.pushQuantities(connection(), two)).isInstanceOf(RateLimitedException.class); // the quota
        http.send(api("/ws/tasks/987654321").GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(http.exchanges()).extracting(RecordingHttpClient.Exchange::status).containsExactly(429, 429, 404);
        assertAllValid();

        // the request itself breaks the spec (catalog is required): only the answer is checked
        http.clear();
        http.send(api("/ws/listings").POST(HttpRequest.BodyPublishers.ofString(
                "{\"quotechar\":\"\\\"\",\"delimiter\":\",\",\"encoding\":\"utf-8\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        RecordingHttpClient.Exchange refused = http.exchanges().get(0);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(readTree(refused.responseBody()).asText()).isEqualTo("parameter catalog not found");
        ValidationReport report = validator.validateResponse("/ws/listings", Request.Method.POST, response(refused));
        assertThat(report.getMessages()).filteredOn(m -> m.getLevel() == ValidationReport.Level.ERROR).isEmpty();
    }

    // ------------------------------------------------------------ orders

    /**
     * The order poller's real traffic: {@code date_modification} as Kanal sends it, page size 50,
     * the sandbox's absolute {@code next} links followed to the end; orders in every shape the
     * sandbox makes (paid, a SKU the seller does not list, accepted, shipped with tracking,
     * refunded with a reason), each checked against the Order schema.
     */
    @Test
    void orderPagesMatchTheSpec() {
        sandbox.seed("ORD", 1, 5);
        Instant since = Instant.now().minusSeconds(5);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 52; i++) {
            ids.add(placeOrder(1, i % 2 == 0 ? "ORD-1" : "NOT-LISTED-" + i, 1).path("order_id").asLong());
        }
        sandbox.changeOrder(ids.get(1), JSON.createObjectNode().put("state", 3).put("lines_state", 2));
        sandbox.changeOrder(ids.get(2), JSON.createObjectNode().put("state", 9).put("lines_state", 3)
                .put("tracking_number", "6A12345678901"));
        sandbox.changeOrder(ids.get(3), JSON.createObjectNode().put("state", 9).put("lines_state", 6));

        List<ChannelOrderSource.RawOrder> read = new BackMarketOrders(client).changedSince(connection(), since);

        assertThat(read).hasSize(52).isNotInstanceOf(dev.kanal.connector.IncompletePoll.class);
        List<RecordingHttpClient.Exchange> pages = http.exchanges();
        assertThat(pages).extracting(RecordingHttpClient.Exchange::status).containsExactly(200, 200);
        assertThat(pages.get(0).uri().getQuery()).startsWith("date_modification=").endsWith("&page=1&page-size=50");
        JsonNode first = readTree(pages.get(0).responseBody());
        assertThat(first.path("count").asInt()).isEqualTo(52);
        assertThat(first.path("next").asText()).startsWith("http://").contains("page=2");
        assertThat(readTree(pages.get(1).responseBody()).path("next").isNull()).isTrue();
        JsonNode paid = first.path("results").get(0);
        assertThat(paid.path("date_payment").asText()).isNotBlank();
        assertThat(paid.has("date_shipping")).as("not shipped: left out, not null").isFalse();
        assertThat(paid.has("tracking_url")).isFalse();
        assertThat(paid.path("delivery_note").asText()).startsWith("http://").endsWith(".pdf");
        assertThat(paid.path("orderlines").get(0).has("return_reason")).as("never refunded").isFalse();
        JsonNode unlisted = first.path("results").get(1).path("orderlines").get(0);
        assertThat(unlisted.path("listing_id").isIntegralNumber()).isTrue();
        assertThat(unlisted.path("product_id").isIntegralNumber()).isTrue();
        JsonNode shipped = first.path("results").get(2);
        assertThat(shipped.path("tracking_url").asText()).startsWith("https://").contains("6A12345678901");
        assertThat(shipped.path("date_shipping").asText()).isNotBlank();
        assertAllValid();

        // page size above the limit (Kanal never asks it; the spec's maximum is 50): the 400 is the spec's
        http.clear();
        send(api("/ws/orders?page-size=51").GET().build());
        send(api("/ws/orders?page=99").GET().build());
        send(api("/ws/orders/" + ids.get(0)).GET().build());
        assertThat(http.exchanges()).extracting(RecordingHttpClient.Exchange::status).containsExactly(400, 404, 200);
        assertResponsesValid();
    }

    /** Nothing changed since the cursor: one page with no results and no next link. */
    @Test
    void anEmptyOrderPollMatchesTheSpec() {
        placeOrder(1, "EMPTY-1", 1);

        assertThat(new BackMarketOrders(client).changedSince(connection(), Instant.now().plusSeconds(60))).isEmpty();

        assertThat(http.exchanges()).extracting(RecordingHttpClient.Exchange::status).containsExactly(200);
        assertThat(readTree(http.exchanges().get(0).responseBody()).path("count").asInt()).isZero();
        assertAllValid();
    }

    /**
     * The acknowledger's real traffic, every state Kanal sets: accept (2) one SKU and refuse (4)
     * the other, then a second accept of a line no longer paid, which Back Market refuses (400).
     * Requests (the spec requires {@code id} and {@code new_state}, docs/decisions/0019) and answers.
     */
    @Test
    void orderAcknowledgementsMatchTheSpec() throws Exception {
        sandbox.seed("ACK", 2, 5);
        JsonNode order = placeOrder(1, List.of("ACK-1", "ACK-2"), 1);
        String id = order.path("order_id").asText();
        BackMarketOrderAcknowledger acknowledger = new BackMarketOrderAcknowledger(client); // the recording client: its traffic is validated

        acknowledger.accept(connection(), id, "ACK-1");
        acknowledger.refuse(connection(), id, "ACK-2");
        assertThatThrownBy(() -> acknowledger.accept(connection(), id, "ACK-1"))
                .isInstanceOf(OrderAcknowledgementRefusedException.class);

        List<RecordingHttpClient.Exchange> calls = http.exchanges();
        assertThat(calls).extracting(RecordingHttpClient.Exchange::status).containsExactly(200, 200, 400);
        assertThat(calls).allMatch(e -> e.method().equals("POST") && e.uri().getPath().endsWith("/ws/orders/" + id));
        assertThat(readTree(calls.get(0).requestBody())).isEqualTo(JSON.readTree(
                "{\"id\":" + id + ",\"order_id\":" + id + ",\"new_state\":2,\"sku\":\"ACK-1\"}"));
        assertThat(readTree(calls.get(1).requestBody()).path("new_state").asInt()).isEqualTo(4);
        JsonNode answered = readTree(calls.get(1).responseBody());
        assertThat(answered.path("orderlines").findValuesAsText("state")).containsExactly("2", "4");
        assertThat(answered.path("state").asInt()).as("all decided, one accepted: ship now").isEqualTo(3);
        assertAllValid();
    }

    /** Refunds the sandbox emulates (5 before shipping, 6 after, with a reason), requests and answers against the spec. */
    @Test
    void orderRefundsMatchTheSpec() {
        sandbox.seed("REF", 2, 5);
        long id = placeOrder(1, List.of("REF-1", "REF-2"), 1).path("order_id").asLong();
        JsonNode lines = sandbox.changeOrder(id, JSON.createObjectNode().put("state", 3).put("lines_state", 2)).path("orderlines");
        sandbox.changeOrder(id, JSON.createObjectNode().set("orderlines", JSON.createArrayNode()
                .add(JSON.createObjectNode().put("id", lines.get(1).path("id").asLong()).put("state", 3))));

        send(api("/ws/orders/" + id).POST(body("{\"id\":" + id + ",\"order_id\":" + id + ",\"new_state\":5,\"sku\":\"REF-1\"}")).build());
        send(api("/ws/orders/" + id).POST(body("{\"id\":" + id + ",\"order_id\":" + id + ",\"new_state\":6,\"sku\":\"REF-2\","
                + "\"return_reason\":21,\"return_message\":\"Screen faulty on opening.\"}")).build());
        send(api("/ws/orders/" + id).POST(body("{\"id\":" + id + ",\"new_state\":6,\"sku\":\"REF-1\",\"return_reason\":1}")).build());

        List<RecordingHttpClient.Exchange> calls = http.exchanges();
        assertThat(calls).extracting(RecordingHttpClient.Exchange::status).containsExactly(200, 200, 400);
        JsonNode refunded = readTree(calls.get(1).responseBody());
        assertThat(refunded.path("orderlines").findValuesAsText("state")).containsExactly("5", "6");
        assertThat(refunded.path("orderlines").get(1).path("return_reason").asInt()).isEqualTo(21);
        assertThat(refunded.path("orderlines").get(1).path("return_message").asText()).isEqualTo("Screen faulty on opening.");
        assertThat(refunded.path("state").asInt()).as("no line left to accept or ship").isEqualTo(9);
        assertThat(readTree(calls.get(2).responseBody()).toString()).contains("invalid_state");
        assertAllValid();
    }

    // ------------------------------------------------------------ after-sales: refunds Kanal starts, care folders

    /**
     * The refund writer's real traffic: it reads the order, then refunds each line with
     * {@code POST /ws/sav/refund} ({@code refund_type} 6 with the amount for a shipped line, 5 for
     * an accepted one); sent again it only reads (the lines are refunded). The care folder the
     * shipped line's refund opened is listed by {@code GET /ws/sav}. Requests and answers.
     */
    @Test
    void savRefundsMatchTheSpec() throws Exception {
        sandbox.seed("SAV", 2, 5);
        long id = placeOrder(1, List.of("SAV-1", "SAV-2"), 1).path("order_id").asLong();
        JsonNode lines = sandbox.changeOrder(id, JSON.createObjectNode().put("state", 3).put("lines_state", 2)).path("orderlines");
        sandbox.changeOrder(id, JSON.createObjectNode().set("orderlines", JSON.createArrayNode()
                .add(JSON.createObjectNode().put("id", lines.get(0).path("id").asLong()).put("state", 3))));
        String shipped = lines.get(0).path("id").asText();
        String accepted = lines.get(1).path("id").asText();
        OutgoingRefund refund = new OutgoingRefund("admin:contract", String.valueOf(id), "faulty", List.of(
                new OutgoingRefund.Line(shipped, "SAV-1", 1, 1, new java.math.BigDecimal("199.00")),
                new OutgoingRefund.Line(accepted, "SAV-2", 1, 1, new java.math.BigDecimal("199.00"))));
        BackMarketRefundWriter writer = new BackMarketRefundWriter(client);
        java.util.concurrent.atomic.AtomicInteger budget = new java.util.concurrent.atomic.AtomicInteger();

        writer.refund(connection(), refund, budget::incrementAndGet);

        List<RecordingHttpClient.Exchange> calls = http.exchanges();
        assertThat(calls).extracting(e -> e.method() + " " + e.uri().getPath().substring(SANDBOX_PREFIX.length()))
                .containsExactly("GET /ws/orders/" + id, "POST /ws/sav/refund", "POST /ws/sav/refund");
        assertThat(calls).extracting(RecordingHttpClient.Exchange::status).containsExactly(200, 201, 201);
        assertThat(readTree(calls.get(1).requestBody())).isEqualTo(JSON.readTree(
                "{\"orderline_pk\":" + shipped + ",\"refund_type\":6,\"amount\":199.00}"));
        assertThat(readTree(calls.get(2).requestBody())).isEqualTo(JSON.readTree("{\"orderline_pk\":" + accepted + ",\"refund_type\":5}"));
        assertThat(calls.get(1).responseBody()).contains("refunded on the orderline " + shipped);
        assertThat(budget.get()).as("one budget call per refund call").isEqualTo(2);
        assertAllValid();

        http.clear();
        writer.refund(connection(), refund, budget::incrementAndGet);
        assertThat(http.exchanges()).extracting(RecordingHttpClient.Exchange::method).containsExactly("GET");
        assertThat(budget.get()).isEqualTo(2);

        http.clear();
        send(api("/ws/sav?state=9").GET().build());
        JsonNode folders = readTree(http.exchanges().get(0).responseBody());
        assertThat(folders.path("results")).hasSize(1);
        assertThat(folders.path("results").get(0).path("orderline").asText()).isEqualTo(shipped);
        assertAllValid();
    }

    /**
     * The return reader's care-folder lookup as Kanal makes it: for a line refunded after shipping
     * (state 6) that Kanal has no return for yet, {@code GET /ws/sav?orderline=<id>&page=1}; the
     * folder is named in the return's notes. A return Kanal holds already is not looked up again.
     */
    @Test
    void careFolderLookupsMatchTheSpec() throws Exception {
        sandbox.seed("CARE", 1, 5);
        long id = placeOrder(1, List.of("CARE-1"), 1).path("order_id").asLong();
        JsonNode lines = sandbox.changeOrder(id, JSON.createObjectNode().put("state", 3).put("lines_state", 3)).path("orderlines");
        String line = lines.get(0).path("id").asText();
        send(api("/ws/orders/" + id).POST(body("{\"order_id\":" + id + ",\"new_state\":6,\"sku\":\"CARE-1\",\"return_reason\":1}"))
                .build());
        http.clear();
        BackMarketReturns reader = new BackMarketReturns(client);
        String payload = sandbox.order(id).toString();

        List<dev.kanal.connector.ChannelReturn> found = reader.returns(connection(), String.valueOf(id), payload, Set.of());

        assertThat(found).hasSize(1);
        assertThat(found.get(0).key()).isEqualTo("bm-line:" + line + ":state6");
        List<RecordingHttpClient.Exchange> calls = http.exchanges();
        assertThat(calls).extracting(e -> e.method() + " " + e.uri().getPath().substring(SANDBOX_PREFIX.length()) + "?" + e.uri().getQuery())
                .containsExactly("GET /ws/sav?orderline=" + line + "&page=1");
        assertThat(calls.get(0).status()).isEqualTo(200);
        JsonNode folders = readTree(calls.get(0).responseBody());
        assertThat(found.get(0).notes()).containsExactly("care folder " + folders.path("results").get(0).path("id").asText() + " closed");
        assertAllValid();

        http.clear();
        assertThat(reader.returns(connection(), String.valueOf(id), payload, Set.of(found.get(0).key()))).hasSize(1);
        assertThat(http.exchanges()).as("a return Kanal holds is not looked up again").isEmpty();
    }

    /** A rate-limit 429 on the refund call is the rate limit, retried later: not a spent day of refunds. */
    @Test
    void aRateLimitOnTheRefundCallIsRetriedNotTakenForTheDailyBudget() throws Exception {
        sandbox.seed("RLR", 1, 5);
        long id = placeOrder(1, List.of("RLR-1"), 1).path("order_id").asLong();
        OutgoingRefund refund = new OutgoingRefund("admin:rate", String.valueOf(id), "no stock", List.of(
                new OutgoingRefund.Line(placedLine(id), "RLR-1", 1, 1, new java.math.BigDecimal("199.00"))));
        sandbox.fault(429, 1, 1, 1); // after the order's read, the refund call is rate-limited

        assertThatThrownBy(() -> new BackMarketRefundWriter(client).refund(connection(), refund, () -> { }))
                .isInstanceOf(RateLimitedException.class)
                .isNotInstanceOf(dev.kanal.connector.ChannelRefundWriter.RefundBudgetExhaustedException.class);
        assertThat(http.exchanges()).extracting(RecordingHttpClient.Exchange::status).containsExactly(200, 429);
    }

    /** Beyond Back Market's 500 refunds a day the sandbox answers 429 and the writer says the budget is spent; the refused call's request still matches. */
    @Test
    void theDailyRefundBudgetIsAClearRefusal() throws Exception {
        sandbox.seed("BUD", 1, 5);
        long id = placeOrder(1, List.of("BUD-1"), 1).path("order_id").asLong();
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + SANDBOX_PREFIX
                        + "/_control/refunds/budget")).header("Authorization", "Basic " + sandbox.token())
                .header("Content-Type", "application/json").PUT(body("{\"used\":500}")).build(), HttpResponse.BodyHandlers.ofString());
        OutgoingRefund refund = new OutgoingRefund("admin:budget", String.valueOf(id), "no stock", List.of(
                new OutgoingRefund.Line(placedLine(id), "BUD-1", 1, 1, new java.math.BigDecimal("199.00"))));

        assertThatThrownBy(() -> new BackMarketRefundWriter(client).refund(connection(), refund, () -> { }))
                .isInstanceOf(dev.kanal.connector.ChannelRefundWriter.RefundBudgetExhaustedException.class)
                .hasMessageContaining("500 refunds a day");
        RecordingHttpClient.Exchange refused = http.exchanges().get(1);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(validator.validateRequest(request(refused)).getMessages())
                .filteredOn(m -> m.getLevel() == ValidationReport.Level.ERROR).isEmpty();
    }

    private String placedLine(long orderId) {
        send(api("/ws/orders/" + orderId).GET().build());
        String line = readTree(http.exchanges().get(0).responseBody()).path("orderlines").get(0).path("id").asText();
        http.clear();
        return line;
    }

    /**
     * The canceller's real traffic (flow 4): it reads the order, refuses the paid line's SKU
     * ({@code new_state} 4) and refunds the accepted one's before shipping (5); sent again (a
     * redelivered change) it only reads; a shipped line refuses the cancellation before anything
     * is sent. Requests and answers against the spec.
     */
    @Test
    void orderCancellationsMatchTheSpec() throws Exception {
        sandbox.seed("CXL", 3, 5);
        long id = placeOrder(1, List.of("CXL-1", "CXL-2"), 1).path("order_id").asLong();
        JsonNode lines = sandbox.changeOrder(id, JSON.createObjectNode().set("orderlines", JSON.createArrayNode()
                .add(JSON.createObjectNode().put("id", placedLine(id, 1)).put("state", 2)))).path("orderlines");
        BackMarketOrderCanceller canceller = new BackMarketOrderCanceller(client);
        dev.kanal.connector.ChannelOrderCanceller.Cancellation whole = new dev.kanal.connector.ChannelOrderCanceller.Cancellation(
                String.valueOf(id), true, List.of(), "ZK deleted in the ERP", "[kanal-change-1]");

        canceller.cancel(connection(), whole);

        List<RecordingHttpClient.Exchange> calls = http.exchanges();
        assertThat(calls).extracting(e -> e.method() + " " + e.uri().getPath().substring(SANDBOX_PREFIX.length())).containsExactly(
                "GET /ws/orders/" + id, "POST /ws/orders/" + id, "POST /ws/orders/" + id);
        assertThat(calls).extracting(RecordingHttpClient.Exchange::status).containsExactly(200, 200, 200);
        assertThat(readTree(calls.get(1).requestBody())).isEqualTo(JSON.readTree(
                "{\"id\":" + id + ",\"order_id\":" + id + ",\"new_state\":4,\"sku\":\"CXL-1\"}"));
        assertThat(readTree(calls.get(2).requestBody())).isEqualTo(JSON.readTree(
                "{\"id\":" + id + ",\"order_id\":" + id + ",\"new_state\":5,\"sku\":\"CXL-2\"}"));
        assertThat(readTree(calls.get(2).responseBody()).path("orderlines").findValuesAsText("state")).containsExactly("4", "5");
        assertThat(lines).hasSize(2);
        assertAllValid();

        http.clear();
        canceller.cancel(connection(), whole);
        assertThat(http.exchanges()).extracting(RecordingHttpClient.Exchange::method).containsExactly("GET");
        assertAllValid();

        http.clear();
        long shipped = placeOrder(1, "CXL-3", 1).path("order_id").asLong();
        sandbox.changeOrder(shipped, JSON.createObjectNode().put("state", 9).put("lines_state", 3).put("tracking_number", "T-1"));
        assertThatThrownBy(() -> canceller.cancel(connection(), new dev.kanal.connector.ChannelOrderCanceller.Cancellation(
                String.valueOf(shipped), true, List.of(), "cancel", "[kanal-change-2]")))
                .isInstanceOf(dev.kanal.connector.ChannelOrderCanceller.CancellationRefusedException.class)
                .hasMessageContaining("state 3");
        assertThat(http.exchanges()).extracting(RecordingHttpClient.Exchange::method).containsExactly("GET");
        assertAllValid();
    }

    private long placedLine(long orderId, int index) {
        send(api("/ws/orders/" + orderId).GET().build());
        long line = readTree(http.exchanges().get(http.exchanges().size() - 1).responseBody()).path("orderlines").get(index).path("id")
                .asLong();
        http.clear();
        return line;
    }

    // ------------------------------------------------------------ shipping

    /**
     * The shipment writer's real traffic: it reads the order, ships it ({@code new_state} 3 with
     * tracking number, URL, shipper and date), then writes each quantity-1 line's identifier
     * ({@code PATCH /ws/orderlines/{id}}: a 15-digit IMEI as {@code imei}, anything else as
     * {@code serial_number}). Sent again (a redelivery) it only reads. Requests and answers.
     */
    @Test
    void shipmentsMatchTheSpec() throws Exception {
        sandbox.seed("SHP", 2, 5);
        long id = placeOrder(1, List.of("SHP-1", "SHP-2"), 1).path("order_id").asLong();
        JsonNode lines = sandbox.changeOrder(id, JSON.createObjectNode().put("state", 3).put("lines_state", 2)).path("orderlines");
        String imeiLine = lines.get(0).path("id").asText();
        String serialLine = lines.get(1).path("id").asText();
        OutgoingShipment shipment = new OutgoingShipment(1, String.valueOf(id), "WZ 1/2026", "DPD", "6A12345678901",
                "https://tracking.dpd.example/6A12345678901", Instant.parse("2026-03-02T10:15:30Z"), true, List.of(
                new OutgoingShipment.Line(11, imeiLine, "SHP-1", 1, 1, List.of("356938035643809"), false),
                new OutgoingShipment.Line(12, serialLine, "SHP-2", 1, 1, List.of("SN-ABC123XYZ"), false)));
        BackMarketShipmentWriter writer = new BackMarketShipmentWriter(client);
        List<Long> confirmed = new ArrayList<>();

        writer.write(connection(), shipment, confirmed::add);

        List<RecordingHttpClient.Exchange> calls = http.exchanges();
        assertThat(calls).extracting(e -> e.method() + " " + e.uri().getPath().substring(SANDBOX_PREFIX.length())).containsExactly(
                "GET /ws/orders/" + id, "POST /ws/orders/" + id, "PATCH /ws/orderlines/" + imeiLine,
                "PATCH /ws/orderlines/" + serialLine);
        assertThat(calls).extracting(RecordingHttpClient.Exchange::status).containsExactly(200, 200, 200, 200);
        assertThat(readTree(calls.get(1).requestBody())).isEqualTo(JSON.readTree("{\"id\":" + id + ",\"order_id\":" + id
                + ",\"new_state\":3,\"tracking_number\":\"6A12345678901\",\"tracking_url\":\"https://tracking.dpd.example/6A12345678901\","
                + "\"shipper\":\"DPD\",\"date_shipping\":\"2026-03-02T10:15:30+00:00\"}"));
        JsonNode shipped = readTree(calls.get(1).responseBody());
        assertThat(shipped.path("state").asInt()).isEqualTo(9);
        assertThat(shipped.path("orderlines").findValuesAsText("state")).containsExactly("3", "3");
        assertThat(shipped.path("tracking_url").asText()).isEqualTo("https://tracking.dpd.example/6A12345678901");
        assertThat(readTree(calls.get(2).requestBody())).isEqualTo(JSON.readTree("{\"imei\":\"356938035643809\"}"));
        assertThat(readTree(calls.get(2).responseBody()).path("imei").asText()).isEqualTo("356938035643809");
        assertThat(readTree(calls.get(3).requestBody())).isEqualTo(JSON.readTree("{\"serial_number\":\"SN-ABC123XYZ\"}"));
        assertThat(confirmed).containsExactly(11L, 12L);
        assertAllValid();

        // sent again: the channel already holds it all, so the writer only looks
        http.clear();
        confirmed.clear();
        writer.write(connection(), shipment, confirmed::add);
        assertThat(http.exchanges()).extracting(RecordingHttpClient.Exchange::method).containsExactly("GET");
        assertThat(confirmed).containsExactly(11L, 12L);
        assertAllValid();
    }

    /**
     * What the sandbox refuses, against the spec: state 3 without a tracking number (400), an IMEI
     * on a quantity-2 line (422, the spec's "Unprocessable entity"), a second, different IMEI
     * (400 {@code already_set}: write-once), while the same IMEI again is a 200 no-op. The writer
     * turns a line already holding another IMEI into a refusal without calling.
     */
    @Test
    void shippingRefusalsMatchTheSpec() throws Exception {
        sandbox.seed("SRF", 2, 5);
        long single = placeOrder(1, "SRF-1", 1).path("order_id").asLong();
        String singleLine = sandbox.changeOrder(single, JSON.createObjectNode().put("state", 3).put("lines_state", 2))
                .path("orderlines").get(0).path("id").asText();
        long pair = placeOrder(1, "SRF-2", 2).path("order_id").asLong();
        String pairLine = sandbox.changeOrder(pair, JSON.createObjectNode().put("state", 3).put("lines_state", 2))
                .path("orderlines").get(0).path("id").asText();

        send(api("/ws/orders/" + single).POST(body("{\"id\":" + single + ",\"order_id\":" + single + ",\"new_state\":3}")).build());
        send(api("/ws/orderlines/" + pairLine).method("PATCH", body("{\"imei\":\"356938035643809\"}")).build());
        send(api("/ws/orderlines/" + singleLine).method("PATCH", body("{\"imei\":\"356938035643809\"}")).build());
        send(api("/ws/orderlines/" + singleLine).method("PATCH", body("{\"imei\":\"356938035643809\"}")).build());
        send(api("/ws/orderlines/" + singleLine).method("PATCH", body("{\"imei\":\"353918051234561\"}")).build());

        List<RecordingHttpClient.Exchange> calls = http.exchanges();
        assertThat(calls).extracting(RecordingHttpClient.Exchange::status).containsExactly(400, 422, 200, 200, 400);
        assertThat(calls.get(0).responseBody()).contains("tracking_number");
        assertThat(calls.get(1).responseBody()).contains("quantity");
        assertThat(calls.get(2).responseBody()).isEqualTo(calls.get(3).responseBody());
        assertThat(readTree(calls.get(3).responseBody()).path("imei").asText()).isEqualTo("356938035643809");
        assertThat(calls.get(4).responseBody()).contains("already_set");
        send(api("/ws/orders/" + single).GET().build());
        assertThat(readTree(http.exchanges().get(5).responseBody()).path("orderlines").get(0).path("imei").asText())
                .as("write-once: the first value stays").isEqualTo("356938035643809");
        assertAllValid();

        // the writer reads first and refuses a conflicting IMEI itself: no PATCH that Back Market would refuse
        http.clear();
        OutgoingShipment conflicting = new OutgoingShipment(2, String.valueOf(single), "WZ 2/2026", "DPD", "6A999", null,
                Instant.now(), true, List.of(new OutgoingShipment.Line(21, singleLine, "SRF-1", 1, 1, List.of("353918051234561"), false)));
        assertThatThrownBy(() -> new BackMarketShipmentWriter(client).write(connection(), conflicting, l -> { }))
                .isInstanceOf(ShipmentRefusedException.class).hasMessageContaining("already holds imei 356938035643809");
        assertThat(http.exchanges()).extracting(e -> e.method()).doesNotContain("PATCH");
        assertAllValid();
    }

    // ------------------------------------------------------------ invoices

    /**
     * The invoice writer's real traffic: {@code POST /ws/orders/{order_id}/invoice}, multipart with
     * the PDF as the file of the field {@code invoice}; 200 without a body, the sandbox keeping the
     * file. Sent again it replaces the file (Back Market keeps one invoice per order).
     */
    @Test
    void invoicesMatchTheSpec() throws Exception {
        sandbox.seed("INV", 1, 5);
        long id = placeOrder(1, "INV-1", 1).path("order_id").asLong();
        byte[] pdf = onePagePdf("FS 1/2026");
        OutgoingInvoice invoice = new OutgoingInvoice(1, String.valueOf(id), "FS 1/2026", "FS", "FS-1-2026.pdf", pdf, null);
        BackMarketInvoiceWriter writer = new BackMarketInvoiceWriter(client);

        writer.attach(connection(), invoice);

        List<RecordingHttpClient.Exchange> calls = http.exchanges();
        assertThat(calls).extracting(e -> e.method() + " " + e.uri().getPath().substring(SANDBOX_PREFIX.length()))
                .containsExactly("POST /ws/orders/" + id + "/invoice");
        RecordingHttpClient.Exchange call = calls.get(0);
        assertThat(call.status()).isEqualTo(200);
        assertThat(call.responseBody()).as("the spec's 200 has no content").isEmpty();
        String contentType = call.requestHeaders().firstValue("Content-Type").orElseThrow();
        assertThat(contentType).startsWith("multipart/form-data; boundary=");
        String boundary = contentType.substring(contentType.indexOf("boundary=") + "boundary=".length());
        assertThat(call.requestBody()).startsWith("--" + boundary + "\r\nContent-Disposition: form-data; name=\"invoice\"; "
                + "filename=\"FS-1-2026.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-").endsWith("\r\n--" + boundary + "--\r\n");
        assertThat(call.requestHeaders().firstValue("Authorization")).hasValue("Basic " + sandbox.token());
        assertThat(call.requestHeaders().firstValue("User-Agent")).hasValue("BM-Kanal-Tests;dev@kanal.dev");
        assertAllValid();
        JsonNode kept = sandbox.order(id);
        assertThat(kept.path("invoice_uploads").asInt()).isEqualTo(1);
        assertThat(kept.path("invoice").get(0).path("file_name").asText()).isEqualTo("FS-1-2026.pdf");
        assertThat(kept.path("invoice").get(0).path("size").asInt()).isEqualTo(pdf.length);

        writer.attach(connection(), invoice);
        assertThat(sandbox.order(id).path("invoice")).as("replaced, not added").hasSize(1);
    }

    /**
     * What the sandbox refuses, against the spec's answers: an order the seller does not have (404),
     * a body that is not multipart (400), no {@code invoice} file (400), a file that is not a PDF
     * (400), a file over the seller's limit (400). The writer turns them into refusals.
     */
    @Test
    void invoiceRefusalsMatchTheSpec() throws Exception {
        sandbox.seed("INR", 1, 5);
        long id = placeOrder(1, "INR-1", 1).path("order_id").asLong();
        byte[] pdf = onePagePdf("FS 2/2026");
        BackMarketInvoiceWriter writer = new BackMarketInvoiceWriter(client);

        assertThatThrownBy(() -> writer.attach(connection(), new OutgoingInvoice(2, "999999999", "FS 2/2026", "FS", "FS-2-2026.pdf", pdf,
                null))).isInstanceOf(ChannelInvoiceWriter.InvoiceRefusedException.class).hasMessageContaining("404");
        send(api("/ws/orders/" + id + "/invoice").POST(body("{\"invoice\":\"x\"}")).build());
        send(multipart(id, "b1", "--b1\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n%PDF-1.4\r\n--b1--\r\n"));
        send(multipart(id, "b2", "--b2\r\nContent-Disposition: form-data; name=\"invoice\"; filename=\"a.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nnot a pdf\r\n--b2--\r\n"));
        sandbox.invoiceLimit(100);
        assertThatThrownBy(() -> writer.attach(connection(), new OutgoingInvoice(2, String.valueOf(id), "FS 2/2026", "FS", "FS-2-2026.pdf",
                pdf, null))).isInstanceOf(ChannelInvoiceWriter.InvoiceRefusedException.class).hasMessageContaining("400")
                .hasMessageContaining("at most 100");

        List<RecordingHttpClient.Exchange> calls = http.exchanges();
        assertThat(calls).extracting(RecordingHttpClient.Exchange::status).containsExactly(404, 400, 400, 400, 400);
        assertThat(calls.get(1).responseBody()).contains("multipart/form-data");
        assertThat(calls.get(2).responseBody()).contains("'invoice' is required");
        assertThat(calls.get(3).responseBody()).contains("must be a PDF");
        assertResponsesValid();
        assertThat(sandbox.order(id).path("invoice_uploads").asInt()).isZero();
    }

    private HttpRequest multipart(long orderId, String boundary, String body) {
        return api("/ws/orders/" + orderId + "/invoice").setHeader("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(body(body)).build();
    }

    private static byte[] onePagePdf(String text) throws IOException {
        try (org.apache.pdfbox.pdmodel.PDDocument pdf = new org.apache.pdfbox.pdmodel.PDDocument();
             java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream()) {
            org.apache.pdfbox.pdmodel.PDPage page = new org.apache.pdfbox.pdmodel.PDPage();
            pdf.addPage(page);
            try (org.apache.pdfbox.pdmodel.PDPageContentStream content = new org.apache.pdfbox.pdmodel.PDPageContentStream(pdf, page)) {
                content.beginText();
                content.setFont(new org.apache.pdfbox.pdmodel.font.PDType1Font(
                        org.apache.pdfbox.pdmodel.font.Standard14Fonts.FontName.HELVETICA), 12);
                content.newLineAtOffset(72, 720);
                content.showText(text);
                content.endText();
            }
            pdf.save(out);
            return out.toByteArray();
        }
    }

    private JsonNode placeOrder(int state, String sku, int quantity) {
        return placeOrder(state, List.of(sku), quantity);
    }

    private JsonNode placeOrder(int state, List<String> skus, int quantity) {
        com.fasterxml.jackson.databind.node.ObjectNode order = JSON.createObjectNode().put("state", state).put("currency", "EUR")
                .put("country_code", "fr-fr");
        order.putObject("shipping_address").put("firstName", "Luc").put("lastName", "Martin").put("street", "3 rue de la Paix")
                .put("postalCode", "75002").put("city", "Paris").put("country", "FR").put("phoneNumber", "+33639981234");
        com.fasterxml.jackson.databind.node.ArrayNode lines = order.putArray("orderlines");
        skus.forEach(sku -> lines.addObject().put("listing", sku).put("quantity", quantity).put("price", "199.00"));
        return sandbox.placeOrder(order);
    }

    private void send(HttpRequest request) {
        try {
            http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest.BodyPublisher body(String json) {
        return HttpRequest.BodyPublishers.ofString(json);
    }

    /** Only the answers: for requests that break the spec on purpose. */
    private void assertResponsesValid() {
        List<String> problems = new ArrayList<>();
        for (RecordingHttpClient.Exchange exchange : http.exchanges()) {
            String path = exchange.uri().getRawPath().substring(SANDBOX_PREFIX.length());
            ValidationReport report = validator.validateResponse(path, Request.Method.valueOf(exchange.method()), response(exchange));
            report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                    .forEach(m -> problems.add(exchange.method() + " " + path + " -> " + exchange.status() + ": ["
                            + m.getKey() + "] " + m.getMessage()));
        }
        assertThat(problems).as("contract violations in answers").isEmpty();
    }

    private HttpRequest.Builder api(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + SANDBOX_PREFIX + pathAndQuery))
                .header("Authorization", "Basic " + sandbox.token())
                .header("User-Agent", "BM-Kanal-Tests;dev@kanal.dev")
                .header("Accept-Language", "fr-fr")
                .header("Accept", "application/json")
                .header("Content-Type", "application/json");
    }

    private static JsonNode readTree(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theConnectorSendsTheHeadersBackMarketRequires() {
        sandbox.seed("H", 1, 2);

        client.fetchListings(connection());

        RecordingHttpClient.Exchange exchange = http.exchanges().get(0);
        assertThat(exchange.requestHeaders().firstValue("Authorization")).hasValue("Basic " + sandbox.token());
        assertThat(exchange.requestHeaders().firstValue("User-Agent")).hasValue("BM-Kanal-Tests;dev@kanal.dev");
        assertThat(exchange.requestHeaders().firstValue("Accept-Language")).hasValue("fr-fr");
        assertThat(exchange.requestHeaders().firstValue("Accept")).hasValue("application/json");
        assertThat(exchange.requestHeaders().firstValue("Content-Type")).hasValue("application/json");
        assertThat(exchange.uri().getQuery()).isEqualTo("page=1&page-size=50");
    }

    @Test
    void theSpecIsTheProjectsOwnCopy() throws IOException {
        Path copy = Path.of("src/test/resources", SPEC_RESOURCE);
        assertThat(copy).as("the spec is kept in the project, not only in a build's output").isRegularFile();
        assertThat(spec()).isEqualTo(Files.readString(copy));
    }

    private void assertAllValid() {
        assertThat(http.exchanges()).isNotEmpty();
        List<String> problems = new ArrayList<>();
        for (RecordingHttpClient.Exchange exchange : http.exchanges()) {
            ValidationReport report = validator.validate(request(exchange), response(exchange));
            for (ValidationReport.Message message : report.getMessages()) {
                if (message.getLevel() == ValidationReport.Level.ERROR) {
                    problems.add(exchange.method() + " " + exchange.uri().getRawPath() + " -> " + exchange.status()
                            + ": [" + message.getKey() + "] " + message.getMessage());
                }
            }
        }
        assertThat(problems).as("contract violations").isEmpty();
    }

    /** The request as Back Market would see it: the sandbox prefix taken off the path. */
    private static Request request(RecordingHttpClient.Exchange exchange) {
        String path = exchange.uri().getRawPath();
        assertThat(path).startsWith(SANDBOX_PREFIX);
        SimpleRequest.Builder request = new SimpleRequest.Builder(exchange.method(), path.substring(SANDBOX_PREFIX.length()));
        exchange.requestHeaders().map().forEach(request::withHeader);
        queryParameters(exchange.uri()).forEach(request::withQueryParam);
        if (exchange.requestBody() != null) {
            request.withBody(exchange.requestBody());
        }
        return request.build();
    }

    private static SimpleResponse response(RecordingHttpClient.Exchange exchange) {
        SimpleResponse.Builder response = SimpleResponse.Builder.status(exchange.status());
        exchange.responseHeaders().map().forEach(response::withHeader);
        if (exchange.responseBody() != null && !exchange.responseBody().isEmpty()) {
            response.withBody(exchange.responseBody());
        }
        return response.build();
    }

    private static Map<String, List<String>> queryParameters(URI uri) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (uri.getRawQuery() == null) {
            return parameters;
        }
        for (String pair : uri.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            parameters.computeIfAbsent(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), k -> new ArrayList<>())
                    .add(kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return parameters;
    }
}
