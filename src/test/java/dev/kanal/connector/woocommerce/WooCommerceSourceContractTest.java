package dev.kanal.connector.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.KanalIntegrationTest;
import dev.kanal.client.config.SourceConfig;
import dev.kanal.connector.SourceConnector;
import dev.kanal.connector.SourceItem;
import dev.kanal.connector.SourceOrder;
import dev.kanal.connector.SourceProduct;
import dev.kanal.connector.TrustBundles;
import dev.kanal.connector.backmarket.RecordingHttpClient;
import dev.kanal.sandbox.woocommerce.WooSandboxControl;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A WooCommerce source on the wire: what Kanal sends and what the sandbox answers for every
 * endpoint the source connector calls, checked against WooCommerce's documented REST API
 * (shared/api-contracts.md 1.3 to 1.5; WooCommerce publishes no OpenAPI file):
 * {@code GET /products} with {@code modified_after}/{@code dates_are_gmt} and paging
 * ({@code per_page} at most 100, {@code X-WP-Total}, {@code X-WP-TotalPages}),
 * {@code GET /products/{id}/variations}, {@code GET /products/{id}}, {@code GET /products?sku=}
 * (variations found too), {@code POST /orders} (201, paid orders lower managed stock) and
 * {@code GET /orders?after=} to find an order by its request key; for products out,
 * {@code GET /products?sku=a,b,..&status=any} (a comma list, variations found too) and
 * {@code GET /products?include=} for the parents of variations without an image.
 */
class WooCommerceSourceContractTest extends KanalIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort int port;

    private WooSandboxControl shop;
    private RecordingHttpClient http;
    private WooCommerceSource source;
    private SourceConfig config;

    @BeforeEach
    void newShop() {
        shop = new WooSandboxControl(port);
        http = new RecordingHttpClient(HttpClient.newHttpClient());
        source = new WooCommerceSource(new WooCommerceClient(http, Duration.ofSeconds(5), Clock.systemUTC(), 1), TrustBundles.none(),
                Clock.systemUTC());
        config = SourceConfig.wooCommerce(shop.apiRoot().toString(), shop.consumerKey, shop.consumerSecret, null, null, null);
    }

    @Test
    void aWholeReadPagesThroughProductsAndReadsVariationsAsDocumented() throws Exception {
        ArrayNode products = JSON.createArrayNode();
        for (int i = 0; i < 101; i++) {
            products.addObject().put("name", "P" + i).put("sku", "C-" + i).put("regular_price", "10.00")
                    .put("manage_stock", true).put("stock_quantity", i);
        }
        products.add(variable("C-V", "Black", 3));
        shop.seed(products);

        List<SourceItem> items = new ArrayList<>();
        source.readChanged("test", config, null, items::addAll);

        assertThat(items).hasSize(102);
        assertThat(items).filteredOn(i -> i.sku().equals("C-V-Black")).singleElement().satisfies(v -> {
            assertThat(v.attributes()).containsEntry("Colour", "Black");
            assertThat(v.onHand()).isEqualTo(3);
            assertThat(v.itemRef()).contains("/");
        });
        List<RecordingHttpClient.Exchange> pages = calls("/products");
        assertThat(pages).hasSize(2);
        for (int page = 0; page < 2; page++) {
            Map<String, String> query = query(pages.get(page));
            assertThat(query).containsEntry("per_page", "100").containsEntry("page", String.valueOf(page + 1))
                    .containsEntry("orderby", "id").containsEntry("order", "asc");
            assertThat(pages.get(page).status()).isEqualTo(200);
            assertThat(pages.get(page).responseHeaders().firstValue("X-WP-Total")).hasValue("102");
            assertThat(pages.get(page).responseHeaders().firstValue("X-WP-TotalPages")).hasValue("2");
        }
        JsonNode first = JSON.readTree(pages.get(0).responseBody());
        assertThat(first.isArray()).isTrue();
        assertThat(first).hasSize(100);
        assertProduct(first.get(0));

        RecordingHttpClient.Exchange variations = http.exchanges().stream()
                .filter(e -> path(e).matches("/products/\\d+/variations")).findFirst().orElseThrow();
        assertThat(query(variations)).containsEntry("per_page", "100").containsEntry("page", "1");
        assertThat(variations.responseHeaders().firstValue("X-WP-TotalPages")).hasValue("1");
        JsonNode variation = JSON.readTree(variations.responseBody()).get(0);
        assertThat(variation.path("id").isIntegralNumber()).isTrue();
        assertThat(variation.path("sku").asText()).isEqualTo("C-V-Black");
        assertThat(variation.path("attributes").get(0).path("name").asText()).isEqualTo("Colour");
        assertThat(variation.path("attributes").get(0).path("option").asText()).isEqualTo("Black");
        assertThat(variation.path("stock_quantity").isIntegralNumber()).isTrue();
    }

    @Test
    void aModifiedSinceReadAsksForModifiedAfterInGmtAndGetsOnlyWhatChanged() throws Exception {
        long unchanged = shop.seed(JSON.createObjectNode().put("name", "Old").put("sku", "M-OLD").put("manage_stock", true)
                .put("stock_quantity", 1)).get(0).path("id").asLong();
        long changed = shop.seed(JSON.createObjectNode().put("name", "New").put("sku", "M-NEW").put("manage_stock", true)
                .put("stock_quantity", 1)).get(0).path("id").asLong();
        Instant since = Instant.now().plusSeconds(1);
        awaitNextWholeSecond();
        awaitNextWholeSecond();
        shop.setProductStock(changed, 8);

        List<SourceItem> items = new ArrayList<>();
        source.readChanged("test", config, since, items::addAll);

        assertThat(items).as("product " + unchanged + " did not change").extracting(SourceItem::sku).containsExactly("M-NEW");
        assertThat(items.get(0).onHand()).isEqualTo(8);
        Map<String, String> query = query(calls("/products").get(0));
        assertThat(query.get("modified_after")).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}");
        assertThat(query).containsEntry("dates_are_gmt", "true").containsEntry("per_page", "100");
    }

    @Test
    void anOrderIsCreatedOnceAsDocumentedAndLowersTheShopsManagedStock() throws Exception {
        long simple = shop.seed(JSON.createObjectNode().put("name", "Phone").put("sku", "O-1").put("regular_price", "249.00")
                .put("manage_stock", true).put("stock_quantity", 5)).get(0).path("id").asLong();
        JsonNode variable = shop.seed(variable("O-V", "White", 4)).get(0);
        long parent = variable.path("id").asLong();
        long variationId = variable.path("variations").get(0).path("id").asLong();
        SourceOrder order = new SourceOrder("test/1/bm:77", "bm:77", "Back Market", false, List.of(
                new SourceOrder.Line("O-1", 2, new BigDecimal("200.00")), new SourceOrder.Line("O-V-White", 1, new BigDecimal("300.00"))));

        SourceConnector.Written written = source.writeOrder("test", config, order, false);

        RecordingHttpClient.Exchange bySku = calls("/products").get(0);
        assertThat(query(bySku)).containsEntry("sku", "O-1");
        JsonNode found = JSON.readTree(bySku.responseBody());
        assertThat(found).hasSize(1);
        RecordingHttpClient.Exchange variationBySku = calls("/products").get(1);
        JsonNode foundVariation = JSON.readTree(variationBySku.responseBody()).get(0);
        assertThat(foundVariation.path("type").asText()).isEqualTo("variation");
        assertThat(foundVariation.path("parent_id").asLong()).isEqualTo(parent);

        RecordingHttpClient.Exchange create = calls("/orders").stream().filter(e -> e.method().equals("POST")).findFirst().orElseThrow();
        JsonNode sent = JSON.readTree(create.requestBody());
        assertThat(create.requestHeaders().firstValue("Content-Type")).hasValue("application/json");
        assertThat(sent.path("set_paid").isBoolean()).isTrue();
        assertThat(sent.path("status").asText()).isIn("pending", "processing", "on-hold", "completed");
        for (JsonNode line : sent.path("line_items")) {
            assertThat(line.path("product_id").isIntegralNumber()).isTrue();
            assertThat(line.path("quantity").isIntegralNumber()).isTrue();
            assertThat(line.path("total").isTextual()).as("money is a string").isTrue();
        }
        assertThat(sent.path("line_items").get(1).path("variation_id").asLong()).isEqualTo(variationId);
        assertThat(sent.path("meta_data").get(0).path("key").asText()).isEqualTo(WooCommerceSource.REQUEST_KEY);

        assertThat(create.status()).isEqualTo(201);
        JsonNode answer = JSON.readTree(create.responseBody());
        assertThat(answer.path("id").isIntegralNumber()).isTrue();
        assertThat(answer.path("status").asText()).isEqualTo("processing");
        assertThat(answer.path("total").isTextual()).isTrue();
        assertThat(answer.path("total").asText()).isEqualTo("700.00");
        assertThat(answer.path("date_created_gmt").isTextual()).isTrue();
        assertThat(answer.path("date_paid_gmt").isTextual()).isTrue();
        assertThat(answer.path("meta_data").toString()).contains("\"key\":\"_kanal_request_key\"", "\"value\":\"test/1/bm:77\"");
        assertThat(written.orderRef()).isEqualTo(answer.path("id").asText());
        assertThat(written.itemRefs()).containsExactly(String.valueOf(simple), parent + "/" + variationId);
        assertThat(shop.product(simple).path("stock_quantity").asInt()).isEqualTo(3);
        assertThat(shop.variation(parent, variationId).path("stock_quantity").asInt()).isEqualTo(3);

        // tried again after an attempt that may have reached the shop: found by its key, nothing made
        http.clear();
        SourceConnector.Written again = source.writeOrder("test", config, order, true);

        assertThat(again.orderRef()).isEqualTo(written.orderRef());
        assertThat(http.exchanges()).extracting(RecordingHttpClient.Exchange::method).containsOnly("GET");
        RecordingHttpClient.Exchange lookup = http.exchanges().get(0);
        assertThat(path(lookup)).isEqualTo("/orders");
        assertThat(query(lookup)).containsEntry("dates_are_gmt", "true").containsEntry("per_page", "100").containsKey("after");
        assertThat(lookup.responseHeaders().firstValue("X-WP-TotalPages")).isPresent();
        assertThat(shop.product(simple).path("stock_quantity").asInt()).isEqualTo(3);

        // the stock read back after the write: GET /products/{id} and /products/{id}/variations/{id}
        http.clear();
        List<SourceItem> back = source.readItems("test", config, written.itemRefs());
        assertThat(back).extracting(SourceItem::onHand).containsExactly(3, 3);
        assertThat(http.exchanges()).extracting(WooCommerceSourceContractTest::path).containsExactly(
                "/products/" + simple, "/products/" + parent, "/products/" + parent + "/variations/" + variationId);
        assertThat(http.exchanges()).extracting(RecordingHttpClient.Exchange::status).containsOnly(200);
    }

    @Test
    void productCardsAreReadBySkuInCommaListsAsDocumentedWithGtinImagesAndVariations() throws Exception {
        String p = "PC" + System.nanoTime() % 1_000_000;
        ObjectNode withEverything = JSON.createObjectNode().put("name", "iPhone XR " + p).put("sku", p + "-XR")
                .put("global_unique_id", "0190198776745").put("regular_price", "249.00").put("manage_stock", true)
                .put("stock_quantity", 2);
        withEverything.putArray("images").addObject().put("src", "https://shop.example/xr.jpg");
        withEverything.putArray("attributes").addObject().put("name", "Storage").put("visible", true).putArray("options").add("64 GB");
        ObjectNode older = JSON.createObjectNode().put("name", "Case " + p).put("sku", p + "-CASE");
        older.putArray("meta_data").addObject().put("key", "ean").put("value", "5901234123457");
        ObjectNode variable = variable(p + "-11", "Black", 1).put("sku", p + "-11");
        variable.putArray("images").addObject().put("src", "https://shop.example/11.jpg");
        ((ObjectNode) variable.path("variations").get(0)).put("global_unique_id", "0190199221176");
        ObjectNode white = ((ArrayNode) variable.path("variations")).addObject().put("sku", p + "-11-White")
                .put("regular_price", "319.00").put("manage_stock", true).put("stock_quantity", 1);
        white.putArray("attributes").addObject().put("name", "Colour").put("option", "White");
        white.putObject("image").put("src", "https://shop.example/11-white.jpg");
        ((ArrayNode) variable.path("attributes").get(0).path("options")).add("White");
        ArrayNode seeded = JSON.createArrayNode().add(withEverything).add(older).add(variable);
        JsonNode made = shop.seed(seeded);
        long parent = made.get(2).path("id").asLong();

        List<SourceProduct> cards = source.readProducts("test", config,
                List.of(p + "-XR", p + "-CASE", p + "-11-Black", p + "-11-White", p + "-11", p + "-NONE"));

        assertThat(cards).extracting(SourceProduct::sku).as("in the order asked; the variable parent is no item")
                .containsExactly(p + "-XR", p + "-CASE", p + "-11-Black", p + "-11-White");
        assertThat(cards.get(0)).isEqualTo(new SourceProduct(p + "-XR", "iPhone XR " + p, "0190198776745", new BigDecimal("249.00"),
                Map.of("Storage", "64 GB"), List.of("https://shop.example/xr.jpg"), false));
        assertThat(cards.get(1).ean()).isEqualTo("5901234123457");
        assertThat(cards.get(1).price()).isNull();
        assertThat(cards.get(2).name()).isEqualTo("Variable " + p + "-11 - Black");
        assertThat(cards.get(2).attributes()).containsExactly(Map.entry("Colour", "Black"));
        assertThat(cards.get(2).imageUrls()).as("no image of its own: its parent's").containsExactly("https://shop.example/11.jpg");
        assertThat(cards.get(2).ean()).isEqualTo("0190199221176");
        assertThat(cards.get(3).imageUrls()).containsExactly("https://shop.example/11-white.jpg");
        assertThat(cards.get(3).price()).isEqualByComparingTo("319.00");

        List<RecordingHttpClient.Exchange> reads = calls("/products");
        assertThat(reads).hasSize(2);
        Map<String, String> bySku = query(reads.get(0));
        assertThat(bySku.get("sku")).isEqualTo(String.join(",", p + "-XR", p + "-CASE", p + "-11-Black", p + "-11-White", p + "-11",
                p + "-NONE"));
        assertThat(bySku).containsEntry("status", "any").containsEntry("per_page", "100").containsEntry("page", "1");
        assertThat(reads.get(0).status()).isEqualTo(200);
        assertThat(reads.get(0).responseHeaders().firstValue("X-WP-Total")).hasValue("5");
        assertThat(reads.get(0).responseHeaders().firstValue("X-WP-TotalPages")).hasValue("1");
        JsonNode answer = JSON.readTree(reads.get(0).responseBody());
        assertThat(answer.isArray()).isTrue();
        for (JsonNode item : answer) {
            if (item.path("parent_id").asLong() == 0) {
                assertProduct(item);
            } else {
                assertThat(item.path("type").asText()).isEqualTo("variation");
                assertThat(item.path("sku").isTextual() && item.path("name").isTextual()).isTrue();
            }
            assertThat(item.path("global_unique_id").isTextual()).as("GTIN is a string, \"\" when blank").isTrue();
            assertThat(item.path("regular_price").isTextual()).as("money is a string").isTrue();
            assertThat(item.path("images").isArray()).isTrue();
            assertThat(item.path("meta_data").isArray()).isTrue();
            assertThat(item.has("image")).as("the products endpoint shows images, never a variation's image").isFalse();
        }
        JsonNode black = find(answer, p + "-11-Black");
        assertThat(black.path("type").asText()).isEqualTo("variation");
        assertThat(black.path("parent_id").asLong()).isEqualTo(parent);
        assertThat(black.path("images")).as("wc/v3 adds no placeholder").isEmpty();
        assertThat(black.path("attributes").get(0).path("option").asText()).isEqualTo("Black");
        assertThat(find(answer, p + "-11-White").path("images").get(0).path("src").asText())
                .isEqualTo("https://shop.example/11-white.jpg");
        assertThat(find(answer, p + "-11").path("type").asText()).isEqualTo("variable");
        assertThat(find(answer, p + "-CASE").path("regular_price").asText()).isEmpty();

        Map<String, String> parents = query(reads.get(1));
        assertThat(parents).containsEntry("include", String.valueOf(parent)).containsEntry("per_page", "100");
        assertThat(JSON.readTree(reads.get(1).responseBody())).singleElement()
                .satisfies(product -> assertThat(product.path("images").get(0).path("src").asText()).isEqualTo("https://shop.example/11.jpg"));
    }

    @Test
    void moreSkusThanOnePageTakesOneCallAHundred() throws Exception {
        String p = "PM" + System.nanoTime() % 1_000_000;
        ArrayNode products = JSON.createArrayNode();
        List<String> skus = new ArrayList<>();
        for (int i = 0; i < 130; i++) {
            products.addObject().put("name", "P" + i).put("sku", p + "-" + i).put("regular_price", "10.00");
            skus.add(p + "-" + i);
        }
        shop.seed(products);

        List<SourceProduct> cards = source.readProducts("test", config, skus);

        assertThat(cards).hasSize(130);
        List<RecordingHttpClient.Exchange> reads = calls("/products");
        assertThat(reads).hasSize(2);
        assertThat(query(reads.get(0)).get("sku").split(",")).hasSize(100);
        assertThat(query(reads.get(1)).get("sku").split(",")).hasSize(30);
        assertThat(reads).extracting(RecordingHttpClient.Exchange::status).containsOnly(200);
    }

    private static JsonNode find(JsonNode list, String sku) {
        for (JsonNode item : list) {
            if (sku.equals(item.path("sku").asText())) {
                return item;
            }
        }
        throw new AssertionError("no " + sku + " in " + list);
    }

    private static ObjectNode variable(String skuPrefix, String colour, int stock) {
        ObjectNode product = JSON.createObjectNode().put("name", "Variable " + skuPrefix).put("type", "variable");
        product.putArray("attributes").addObject().put("name", "Colour").put("variation", true).putArray("options").add(colour);
        ObjectNode variation = product.putArray("variations").addObject().put("sku", skuPrefix + "-" + colour)
                .put("regular_price", "300.00").put("manage_stock", true).put("stock_quantity", stock);
        variation.putArray("attributes").addObject().put("name", "Colour").put("option", colour);
        return product;
    }

    /** The documented product fields Kanal reads, with their documented types. */
    private static void assertProduct(JsonNode product) {
        assertThat(product.path("id").isIntegralNumber()).isTrue();
        assertThat(product.path("type").asText()).isIn("simple", "grouped", "external", "variable");
        assertThat(product.path("sku").isTextual()).isTrue();
        assertThat(product.path("name").isTextual()).isTrue();
        assertThat(product.path("manage_stock").isBoolean()).isTrue();
        assertThat(product.path("stock_quantity").isIntegralNumber() || product.path("stock_quantity").isNull()).isTrue();
        assertThat(product.path("date_modified_gmt").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}");
        assertThat(product.path("price").isTextual()).as("money is a string").isTrue();
    }

    private List<RecordingHttpClient.Exchange> calls(String path) {
        return http.exchanges().stream().filter(e -> path(e).equals(path)).toList();
    }

    private static String path(RecordingHttpClient.Exchange exchange) {
        return exchange.uri().getPath().replaceFirst("^.*/wp-json/wc/v3", "");
    }

    private static Map<String, String> query(RecordingHttpClient.Exchange exchange) {
        Map<String, String> query = new LinkedHashMap<>();
        String raw = exchange.uri().getRawQuery();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            int eq = pair.indexOf('=');
            query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return query;
    }
}
