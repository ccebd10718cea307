package dev.kanal.connector.walmart;

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
import dev.kanal.connector.ChannelOrderCanceller;
import dev.kanal.connector.OutgoingRefund;
import dev.kanal.connector.OutgoingShipment;
import dev.kanal.connector.PriceResult;
import dev.kanal.connector.PriceUpdate;
import dev.kanal.connector.QuantityUpdate;
import dev.kanal.connector.RateLimitedException;
import dev.kanal.connector.backmarket.RecordingHttpClient;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the Walmart connector sends and what the Walmart sandbox answers, checked against
 * Walmart's own OpenAPI descriptions (the project's copies under {@code src/test/resources/specs},
 * from shared/specs): every endpoint the connector calls, requests and answers, recorded on the
 * wire while the connector talks to the sandbox.
 *
 * <p>Walmart's specs declare only the 200 answer of each endpoint; the error answers (400, 401,
 * 404, 413, 429) are checked here against Walmart's error body as the specs define it for errors
 * inside a 200 ({@code errors[]} with a required {@code code}, enumerated severity and category).
 */
class WalmartContractTest {

    /**
     * Which spec describes a call: the first whose method and path pattern match, and its query
     * pattern when it has one (the price feed and the inventory feed share a path).
     */
    private static final List<String[]> ROUTES = List.of(
            new String[] {"POST", "^/v3/token$", "walmart-authentication-openapi.yml"},
            new String[] {"PUT", "^/v3/inventory$", "walmart-inventory-openapi.yml"},
            new String[] {"GET", "^/v3/inventories$", "walmart-inventory-openapi.yml"},
            new String[] {"PUT", "^/v3/price$", "walmart-prices-openapi.yml"},
            new String[] {"POST", "^/v3/feeds$", "walmart-prices-openapi.yml", "^feedType=price$"},
            new String[] {"POST", "^/v3/feeds$", "walmart-items-openapi.json", "^feedType=MP_ITEM_MATCH$"},
            new String[] {"GET", "^/v3/items(/walmart/search)?$", "walmart-items-openapi.json"},
            new String[] {"POST", "^/v3/feeds$", "walmart-inventory-openapi.yml"},
            new String[] {"GET", "^/v3/feeds/[^/]+$", "walmart-feeds-openapi.yml"},
            new String[] {"GET", "^/v3/orders(/released)?$", "walmart-orders-openapi.yml"},
            new String[] {"POST", "^/v3/orders/[^/]+/(acknowledge|shipping|cancel|refund)$", "walmart-orders-openapi.yml"},
            new String[] {"GET", "^/v3/returns$", "walmart-returns-openapi.yml"});

    /**
     * Defects of the spec files themselves, as the lenient parser reports them, none on a schema
     * Kanal's calls use: every file lacks {@code info.version}; the prices file declares a path
     * parameter of the repricer's strategy path (not called) nowhere; the authentication file gives
     * object schemas non-object defaults ({@code /v3/token/detail}, not called) and both an example
     * and examples for the token answer (shared/specs/README.md).
     */
    private static final Map<String, Set<String>> KNOWN_SPEC_PARSE_DEFECTS = Map.of(
            "walmart-feeds-openapi.yml", Set.of("attribute info.version is missing"),
            "walmart-inventory-openapi.yml", Set.of("attribute info.version is missing"),
            "walmart-items-openapi.json", Set.of("attribute info.version is missing"),
            "walmart-orders-openapi.yml", Set.of("attribute info.version is missing"),
            "walmart-returns-openapi.yml", Set.of("attribute info.version is missing"),
            "walmart-prices-openapi.yml", Set.of("attribute info.version is missing",
                    "paths.'/v3/repricer/strategy/{strategyCollectionId}'. Declared path parameter strategyCollectionId needs to be"
                            + " defined as a path parameter in path or operation level"),
            "walmart-authentication-openapi.yml", Set.of(
                    "attribute components.schemas.Scopes.default is not of type `object`",
                    "attribute components.schemas.TokenDetailResponse.default is not of type `object`",
                    "attribute paths.'/v3/token/detail'(get).responses.200.content.'application/json'.schema.default is not of type `object`",
                    "attribute info.version is missing",
                    "paths.'/v3/token'(post).responses.200.content.'application/json'.examples already defined -- ignoring \"example\" field"));

    private static final ValidationErrorsWhitelist KNOWN_SPEC_VALIDATION_DEFECTS = ValidationErrorsWhitelist.create()
            .withRule("Walmart's specs declare only each endpoint's 200; its error answers are documented apart"
                            + " (shared/api-contracts.md 3.5) and checked by assertErrorBodies.",
                    WhitelistRules.allOf(WhitelistRules.isResponse(), WhitelistRules.messageHasKey("validation.response.status.unknown")))
            .withRule("The next page of an order list is the same path with nextCursor as its query (shared/api-contracts.md 3.3);"
                            + " the spec's own example cursor is made of hasMoreElements, soIndex, poIndex, partnerId and sellerId,"
                            + " which the spec does not declare as parameters.",
                    WhitelistRules.allOf(WhitelistRules.isRequest(),
                            WhitelistRules.messageHasKey("validation.request.parameter.query.unexpected"),
                            WhitelistRules.pathContainsRegexp("^/v3/orders(/released)?$"),
                            WhitelistRules.messageContainsRegexp("'(hasMoreElements|soIndex|poIndex|partnerId|sellerId)'")));

    /** OpenAPI allows properties a schema does not list unless it says otherwise; Walmart answers more than it documents. */
    private static final LevelResolver OPENAPI_SEMANTICS = LevelResolver.create()
            .withLevel("validation.schema.additionalProperties", ValidationReport.Level.IGNORE)
            .build();

    private static final String PREFIX = "/sandbox/walmart";
    private static final Map<String, OpenApiInteractionValidator> VALIDATORS = new LinkedHashMap<>();

    private WalmartSandboxClient sandbox;
    private RecordingHttpClient recorded;
    private WalmartHttp http;
    private WalmartOrders orders;

    @BeforeAll
    static void loadSpecs() throws IOException {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(true);
        options.setResolveCombinators(false);
        Map<String, Set<String>> messages = new LinkedHashMap<>();
        for (String file : ROUTES.stream().map(r -> r[2]).distinct().toList()) {
            SwaggerParseResult parsed = new OpenAPIParser().readContents(spec(file), null, options);
            if (!parsed.getMessages().isEmpty()) {
                messages.put(file, Set.copyOf(parsed.getMessages()));
            }
            VALIDATORS.put(file, OpenApiInteractionValidator.createFor(parsed.getOpenAPI())
                    .withWhitelist(KNOWN_SPEC_VALIDATION_DEFECTS)
                    .withLevelResolver(OPENAPI_SEMANTICS)
                    .build());
        }
        assertThat(messages).as("parse messages of the specs").isEqualTo(KNOWN_SPEC_PARSE_DEFECTS);
    }

    private static String spec(String file) throws IOException {
        try (InputStream copy = WalmartContractTest.class.getClassLoader().getResourceAsStream("specs/" + file)) {
            assertThat(copy).as("src/test/resources/specs/" + file + " (Walmart's OpenAPI description)").isNotNull();
            return new String(copy.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @BeforeEach
    void newSeller() {
        sandbox = WalmartSandboxClient.newSeller(WalmartSandboxHost.base());
        recorded = new RecordingHttpClient(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build());
        http = new WalmartHttp(recorded, Duration.ofSeconds(5));
        orders = new WalmartOrders(http, Duration.ofHours(24), 2);
    }

    private WalmartStock stock() {
        return new WalmartStock(http, new WalmartStock.FeedSettings(5, 1_000, 10, Duration.ofSeconds(20), Duration.ofMillis(50)));
    }

    @Test
    void tokenListingsAndSingleUpdatesMatchTheSpecs() {
        sandbox.items("C", 60, 2);

        assertThat(stock().fetchListings(sandbox.connection(6_000))).hasSize(60);
        stock().pushQuantities(sandbox.connection(6_000), List.of(new QuantityUpdate("C-1", 4), new QuantityUpdate("NOPE", 1)));

        assertThat(paths()).contains("POST /v3/token", "GET /v3/inventories", "PUT /v3/inventory");
        assertAllValid();
    }

    @Test
    void anInventoryFeedAndItsStatusPagesMatchTheSpecs() {
        sandbox.items("F", 60, 0);
        sandbox.feedDelay(300);
        List<QuantityUpdate> updates = new ArrayList<>(IntStream.rangeClosed(1, 60).mapToObj(i -> new QuantityUpdate("F-" + i, i)).toList());
        updates.add(new QuantityUpdate("F-UNKNOWN", 3));

        stock().pushQuantities(sandbox.connection(6_000), updates);

        assertThat(paths()).contains("POST /v3/feeds", "GET /v3/feeds/{feedId}");
        RecordingHttpClient.Exchange upload = recorded.exchanges().stream().filter(e -> e.method().equals("POST")
                && e.uri().getPath().endsWith("/v3/feeds")).findFirst().orElseThrow();
        assertThat(upload.requestHeaders().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("multipart/form-data"));
        assertThat(upload.requestBody()).contains("name=\"file\"").contains("\"InventoryHeader\":{\"version\":\"1.4\"}");
        assertAllValid();
    }

    /**
     * Products out by match: the look-up of the seller's item by SKU (404 first, found on the
     * second offer), the catalogue search by GTIN-14, the MP_ITEM_MATCH feed (its file checked
     * against Walmart's feed schema MP_ITEM_MATCH_v4 too) and its status pages.
     */
    @Test
    void anOfferSetUpByMatchMatchesTheItemSpecAndTheMatchFeedSchema() throws Exception {
        String known = WalmartSandboxClient.randomEan13();
        String unknown = WalmartSandboxClient.randomEan13();
        JsonNode catalogueItem = sandbox.catalogue(known, "Refurbished phone " + known);
        WalmartProductOffers offers = new WalmartProductOffers(http, new WalmartFeeds.Polling(10, Duration.ofSeconds(20),
                Duration.ofMillis(50), Duration.ofSeconds(1)));
        dev.kanal.connector.ChannelConnection connection = sandbox.connection(6_000, Map.of("shipping-weight", "1.25"));

        dev.kanal.connector.ProductOfferResult matched = offers.offer(connection,
                new dev.kanal.connector.OfferedProduct("MATCH-1", "Phone", known, new BigDecimal("129.9")));
        dev.kanal.connector.ProductOfferResult again = offers.offer(connection,
                new dev.kanal.connector.OfferedProduct("MATCH-1", "Phone", known, new BigDecimal("129.9")));
        dev.kanal.connector.ProductOfferResult noMatch = offers.offer(connection,
                new dev.kanal.connector.OfferedProduct("MATCH-2", "Other", unknown, new BigDecimal("99")));

        assertThat(matched.outcome()).as(matched.detail()).isEqualTo(dev.kanal.connector.ProductOfferResult.Outcome.MATCHED);
        assertThat(matched.detail()).contains(catalogueItem.path("itemId").asText());
        assertThat(again.outcome()).isEqualTo(dev.kanal.connector.ProductOfferResult.Outcome.ALREADY_LISTED);
        assertThat(noMatch.outcome()).isEqualTo(dev.kanal.connector.ProductOfferResult.Outcome.NO_MATCH);
        assertThat(paths()).contains("GET /v3/items", "GET /v3/items/walmart/search", "POST /v3/feeds", "GET /v3/feeds/{feedId}");
        RecordingHttpClient.Exchange upload = recorded.exchanges().stream().filter(e -> e.method().equals("POST")
                && e.uri().getPath().endsWith("/v3/feeds")).findFirst().orElseThrow();
        assertThat(upload.uri().getQuery()).isEqualTo("feedType=MP_ITEM_MATCH");
        String body = upload.requestBody();
        JsonNode file = read(body.substring(body.indexOf("\r\n\r\n") + 4, body.lastIndexOf("\r\n--")));
        assertThat(file).isEqualTo(read("""
                {"MPItemFeedHeader":{"version":"1.0","sellingChannel":"mpsetupbymatch","locale":"en"},
                 "MPItem":[{"Item":{"sku":"MATCH-1","productIdentifiers":{"productIdType":"GTIN","productId":"0%s"},
                                    "price":129.90,"ShippingWeight":1.25}}]}""".formatted(known)));
        com.github.fge.jsonschema.core.report.ProcessingReport schema = com.github.fge.jsonschema.main.JsonSchemaFactory.byDefault()
                .getJsonSchema(read(spec("walmart-MP_ITEM_MATCH_v4.json"))).validate(file);
        assertThat(schema.isSuccess()).as(schema.toString()).isTrue();
        assertThat(recorded.exchanges().stream().filter(e -> e.uri().getPath().endsWith("/v3/items")).map(e -> e.status()))
                .containsExactly(404, 200, 404);
        assertAllValid();
        assertErrorBodies();
    }

    @Test
    void singlePricesAndTheirRefusalMatchThePriceSpec() {
        sandbox.items("SP", 2, 1);
        List<PriceResult> results = new ArrayList<>();

        prices(50, 10_000_000).push(sandbox.connection(6_000), List.of(new PriceUpdate("SP-1", new BigDecimal("129.9"), "USD"),
                new PriceUpdate("SP-2", new BigDecimal("1049.00"), "USD"), new PriceUpdate("SP-GONE", BigDecimal.TEN, "USD")),
                results::addAll);

        assertThat(results).extracting(PriceResult::accepted).containsExactly(true, true, false);
        assertThat(paths()).contains("POST /v3/token", "PUT /v3/price");
        RecordingHttpClient.Exchange first = recorded.exchanges().stream().filter(e -> e.method().equals("PUT")).findFirst().orElseThrow();
        assertThat(read(first.requestBody())).isEqualTo(read("""
                {"sku":"SP-1","pricing":[{"currentPriceType":"BASE","currentPrice":{"currency":"USD","amount":129.90}}]}"""));
        assertThat(read(first.responseBody()).path("ItemPriceResponse").path("sku").asText()).isEqualTo("SP-1");
        assertErrorBodies();
        assertAllValid();
    }

    @Test
    void aPriceFeedItsStatusPagesAndASizeRefusalMatchTheSpecs() {
        sandbox.items("PF", 60, 0);
        sandbox.feedDelay(300);
        List<PriceUpdate> updates = new ArrayList<>(IntStream.rangeClosed(1, 60)
                .mapToObj(i -> new PriceUpdate("PF-" + i, new BigDecimal("100.00").add(BigDecimal.valueOf(i)), "USD")).toList());
        updates.add(new PriceUpdate("PF-UNKNOWN", BigDecimal.TEN, "USD"));
        List<PriceResult> results = new ArrayList<>();

        // Kanal's cap above the sandbox's 5 KB: the first upload is refused (413), then smaller feeds go
        prices(50, 10_000_000).push(sandbox.connection(6_000), updates, results::addAll);

        assertThat(results).filteredOn(PriceResult::accepted).hasSize(60);
        assertThat(paths()).contains("POST /v3/feeds", "GET /v3/feeds/{feedId}");
        List<RecordingHttpClient.Exchange> uploads = recorded.exchanges().stream().filter(e -> e.method().equals("POST")
                && e.uri().getPath().endsWith("/v3/feeds")).toList();
        assertThat(uploads).allMatch(e -> e.uri().getQuery().equals("feedType=price"));
        assertThat(uploads).extracting(RecordingHttpClient.Exchange::status).contains(413, 200);
        assertThat(uploads.get(0).requestHeaders().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("multipart/form-data"));
        assertThat(uploads.get(0).requestBody()).contains("name=\"file\"").contains("{\"PriceHeader\":{\"version\":\"1.7\"},\"Price\":[");
        assertErrorBodies();
        assertAllValid();
    }

    private WalmartPrices prices(int bulkThreshold, int maxBytes) {
        return new WalmartPrices(http, new WalmartPrices.FeedSettings(bulkThreshold, 1_000, maxBytes, 10, Duration.ofSeconds(20),
                Duration.ofMillis(50), Duration.ofMillis(200)));
    }

    @Test
    void ordersAndEveryOrderActionMatchTheSpecs() {
        Instant since = Instant.now().minusSeconds(5);
        List<String> placed = IntStream.rangeClosed(1, 3).mapToObj(i -> sandbox.order("O-" + i, 2).path("purchaseOrderId").asText()).toList();
        var connection = sandbox.connection(6_000);

        assertThat(orders.changedSince(connection, since)).hasSize(3);
        new WalmartOrderAcknowledger(http, new WalmartOrderCanceller(http, orders)).accept(connection, placed.get(0), "O-1");
        new WalmartShipmentWriter(http, orders).write(connection, new OutgoingShipment(1L, placed.get(0), "WZ-1", "FedEx", "7489",
                "https://www.fedex.com/fedextrack/?trknbr=7489", Instant.now(), true,
                List.of(new OutgoingShipment.Line(1L, "1", "O-1", 1, 1, List.of(), false))), id -> { });
        new WalmartOrderCanceller(http, orders).cancel(connection, new ChannelOrderCanceller.Cancellation(placed.get(0), false,
                List.of(new ChannelOrderCanceller.Line("2", "O-1", 1, BigDecimal.TEN)), "out of stock", "[kanal-change-9]"));
        new WalmartRefundWriter(http, orders).refund(connection, new OutgoingRefund("rq-1", placed.get(0), "goodwill",
                List.of(new OutgoingRefund.Line("1", "O-1", 1, 1, new BigDecimal("10.00")))), () -> { });
        sandbox.addReturn(placed.get(0), "1", "DAMAGED_ITEM");
        new WalmartReturns(http).returns(connection, placed.get(0), sandbox.order(placed.get(0)).toString(), Set.of());

        assertThat(paths()).contains("GET /v3/orders/released", "GET /v3/orders", "POST /v3/orders/{purchaseOrderId}/acknowledge",
                "POST /v3/orders/{purchaseOrderId}/shipping", "POST /v3/orders/{purchaseOrderId}/cancel",
                "POST /v3/orders/{purchaseOrderId}/refund", "GET /v3/returns");
        assertThat(recorded.exchanges()).allMatch(e -> e.status() == 200);
        assertAllValid();
    }

    @Test
    void errorAnswersCarryWalmartsErrorBody() {
        sandbox.items("E", 3, 0);
        var connection = sandbox.connection(6_000);
        stock().pushQuantities(connection, List.of(new QuantityUpdate("E-1", 1)));
        sandbox.revokeTokens(); // 401, renewed
        sandbox.limit("PUT /v3/inventory", 1, 60); // then 429

        assertThatThrownBy(() -> stock().pushQuantities(connection, List.of(new QuantityUpdate("E-2", 1), new QuantityUpdate("E-3", 1))))
                .isInstanceOf(RateLimitedException.class);

        assertThat(recorded.exchanges()).extracting(RecordingHttpClient.Exchange::status).contains(401, 429);
        RecordingHttpClient.Exchange limited = recorded.exchanges().stream().filter(e -> e.status() == 429).findFirst().orElseThrow();
        assertThat(limited.responseHeaders().firstValue("X-Current-Token-Count")).isPresent();
        assertThat(limited.responseHeaders().firstValue("X-Next-Replenishment-Time")).isPresent();
        assertErrorBodies();
        assertAllValid();
    }

    /** Every answer of 400 or more is Walmart's error body with the code the status has (shared/api-contracts.md 3.5). */
    private void assertErrorBodies() {
        Map<Integer, String> codes = Map.of(400, "INVALID_REQUEST", 401, "UNAUTHORIZED", 404, "CONTENT_NOT_FOUND",
                413, "REQUEST_ENTITY_TOO_LARGE", 429, "REQUEST_THRESHOLD_VIOLATED", 500, "SYSTEM_ERROR");
        for (RecordingHttpClient.Exchange exchange : recorded.exchanges()) {
            if (exchange.status() < 400) {
                continue;
            }
            JsonNode body = read(exchange.responseBody());
            assertThat(body.path("errors").isArray()).as("errors[] in " + exchange.responseBody()).isTrue();
            for (JsonNode error : body.path("errors")) {
                assertThat(error.path("code").asText()).startsWith(codes.get(exchange.status()));
                assertThat(error.path("severity").asText()).isIn("INFO", "WARN", "ERROR");
                assertThat(error.path("category").asText()).isIn("APPLICATION", "SYSTEM", "REQUEST", "DATA");
            }
        }
    }

    private List<String> paths() {
        return recorded.exchanges().stream().map(e -> e.method() + " " + e.uri().getPath().substring(PREFIX.length())
                .replaceAll("^/v3/feeds/[^/]+$", "/v3/feeds/{feedId}").replaceAll("^/v3/orders/\\d+/", "/v3/orders/{purchaseOrderId}/"))
                .distinct().toList();
    }

    private void assertAllValid() {
        assertThat(recorded.exchanges()).isNotEmpty();
        List<String> problems = new ArrayList<>();
        for (RecordingHttpClient.Exchange exchange : recorded.exchanges()) {
            String path = exchange.uri().getRawPath().substring(PREFIX.length());
            String query = exchange.uri().getRawQuery() == null ? "" : exchange.uri().getRawQuery();
            String file = ROUTES.stream().filter(r -> r[0].equals(exchange.method()) && path.matches(r[1])
                            && (r.length < 4 || query.matches(r[3]))).map(r -> r[2]).findFirst()
                    .orElseThrow(() -> new AssertionError("no spec for " + exchange.method() + " " + path));
            ValidationReport report = VALIDATORS.get(file).validate(request(exchange, path), response(exchange));
            for (ValidationReport.Message message : report.getMessages()) {
                if (message.getLevel() == ValidationReport.Level.ERROR) {
                    problems.add(exchange.method() + " " + path + " -> " + exchange.status() + ": [" + message.getKey() + "] "
                            + message.getMessage());
                }
            }
        }
        assertThat(problems).as("contract violations").isEmpty();
    }

    private static Request request(RecordingHttpClient.Exchange exchange, String path) {
        SimpleRequest.Builder request = new SimpleRequest.Builder(exchange.method(), path);
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

    private static JsonNode read(String body) {
        try {
            return WalmartSandboxClient.JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
