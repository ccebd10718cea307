package dev.kanal.connector.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.KanalIntegrationTest;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.OfferedProduct;
import dev.kanal.connector.ProductOfferResult;
import dev.kanal.connector.backmarket.RecordingHttpClient;
import dev.kanal.sandbox.woocommerce.WooSandboxControl;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Products out to WooCommerce on the wire: what {@link WooCommerceProductOffers} sends and what
 * the sandbox answers, checked against WooCommerce's documented products API
 * (shared/api-contracts.md 1.1, 1.4; WooCommerce publishes no OpenAPI file):
 * {@code GET /products} with the documented filters {@code sku} and {@code status} answers a bare
 * array with the paging headers; {@code POST /products} takes documented product fields only,
 * {@code status} one of draft|pending|private|publish, money as strings, {@code meta_data} as
 * key/value pairs, {@code images} as {@code {src}}, and answers 201 with the product.
 */
class WooCommerceProductOfferContractTest extends KanalIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The documented product fields Kanal may write (1.4). */
    private static final Set<String> PRODUCT_FIELDS = Set.of("name", "type", "status", "sku", "regular_price", "manage_stock",
            "stock_quantity", "meta_data", "attributes", "images");

    @LocalServerPort int port;

    private WooSandboxControl shop;
    private RecordingHttpClient http;
    private WooCommerceProductOffers offers;

    @BeforeEach
    void newShop() {
        shop = new WooSandboxControl(port);
        http = new RecordingHttpClient(HttpClient.newHttpClient());
        offers = new WooCommerceProductOffers(new WooCommerceClient(http, Duration.ofSeconds(5), Clock.systemUTC(), 1));
    }

    private ChannelConnection connection() {
        return new ChannelConnection("test/" + UUID.randomUUID(), shop.apiRoot(),
                Map.of(WooCommerceClient.CONSUMER_KEY, shop.consumerKey, WooCommerceClient.CONSUMER_SECRET, shop.consumerSecret), 600);
    }

    @Test
    void aDraftProductIsLookedUpThenCreatedAsTheProductsApiDocumentsIt() throws Exception {
        ProductOfferResult created = offers.offer(connection(), new OfferedProduct("IP8-RG", "iPhone 8 64 GB", "5901234123457",
                new BigDecimal("249.00"), Map.of("Colour", "Rose gold"), List.of("https://img.example/ip8.jpg")));

        assertThat(created.outcome()).isEqualTo(ProductOfferResult.Outcome.CREATED);
        List<RecordingHttpClient.Exchange> calls = http.exchanges();
        assertThat(calls).extracting(e -> e.method() + " " + e.uri().getPath().replaceFirst("^.*/wp-json/wc/v3", ""))
                .containsExactly("GET /products", "POST /products");

        RecordingHttpClient.Exchange lookUp = calls.get(0);
        assertThat(lookUp.uri().getQuery()).contains("sku=IP8-RG", "status=any");
        assertThat(lookUp.status()).isEqualTo(200);
        assertThat(JSON.readTree(lookUp.responseBody()).isArray()).isTrue();
        assertThat(lookUp.responseHeaders().firstValue("X-WP-Total")).hasValue("0");
        assertThat(lookUp.responseHeaders().firstValue("X-WP-TotalPages")).isPresent();

        RecordingHttpClient.Exchange create = calls.get(1);
        assertThat(create.requestHeaders().firstValue("Content-Type")).hasValue("application/json");
        JsonNode sent = JSON.readTree(create.requestBody());
        assertThat(iterable(sent.fieldNames())).as("documented product fields only").isSubsetOf(PRODUCT_FIELDS);
        assertThat(sent.path("status").asText()).isIn("draft", "pending", "private", "publish").isEqualTo("draft");
        assertThat(sent.path("type").asText()).isIn("simple", "grouped", "external", "variable");
        assertThat(sent.path("regular_price").isTextual()).as("money is a string").isTrue();
        assertThat(sent.path("regular_price").asText()).matches("\\d+\\.\\d{2}");
        assertThat(sent.path("stock_quantity").isInt()).isTrue();
        for (JsonNode meta : sent.path("meta_data")) {
            assertThat(iterable(meta.fieldNames())).containsExactlyInAnyOrder("key", "value");
        }
        for (JsonNode image : sent.path("images")) {
            assertThat(iterable(image.fieldNames())).containsExactly("src");
        }
        for (JsonNode attribute : sent.path("attributes")) {
            assertThat(attribute.path("name").isTextual()).isTrue();
            assertThat(attribute.path("options").isArray()).isTrue();
        }

        assertThat(create.status()).isEqualTo(201);
        JsonNode product = JSON.readTree(create.responseBody());
        assertThat(product.path("id").isIntegralNumber()).isTrue();
        assertThat(Long.toString(product.path("id").asLong())).isEqualTo(created.channelListingId());
        assertThat(product.path("status").asText()).isEqualTo("draft");
        assertThat(product.path("sku").asText()).isEqualTo("IP8-RG");
        assertThat(product.path("regular_price").asText()).isEqualTo("249.00");
        assertThat(product.path("price").isTextual()).isTrue();
        assertThat(product.path("manage_stock").asBoolean()).isTrue();
        assertThat(product.path("stock_status").asText()).isIn("instock", "outofstock", "onbackorder");
        assertThat(product.path("meta_data").get(0).path("id").isIntegralNumber()).as("stored meta carries its id").isTrue();
        assertThat(product.path("images").get(0).path("src").asText()).isEqualTo("https://img.example/ip8.jpg");
        assertThat(product.path("attributes").get(0).path("options").get(0).asText()).isEqualTo("Rose gold");
    }

    @Test
    void aProductTheShopHasIsFoundByItsSkuAndNotCreatedAgain() throws Exception {
        ProductOfferResult first = offers.offer(connection(), new OfferedProduct("DUP-1", "Phone", null, null));
        http.clear();

        ProductOfferResult again = offers.offer(connection(), new OfferedProduct("DUP-1", "Phone", null, null));

        assertThat(again.outcome()).isEqualTo(ProductOfferResult.Outcome.ALREADY_LISTED);
        assertThat(again.channelListingId()).isEqualTo(first.channelListingId());
        assertThat(http.exchanges()).extracting(RecordingHttpClient.Exchange::method).containsExactly("GET");
        JsonNode listed = JSON.readTree(http.exchanges().get(0).responseBody());
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("status").asText()).as("drafts are found too (status=any)").isEqualTo("draft");
    }

    private static <T> List<T> iterable(java.util.Iterator<T> iterator) {
        List<T> list = new java.util.ArrayList<>();
        iterator.forEachRemaining(list::add);
        return list;
    }
}
