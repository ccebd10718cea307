package dev.kanal.connector.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.kanal.KanalIntegrationTest;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.PriceResult;
import dev.kanal.connector.PriceUpdate;
import dev.kanal.connector.backmarket.RecordingHttpClient;
import dev.kanal.sandbox.woocommerce.WooSandboxControl;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Prices out to WooCommerce on the wire (docs/decisions/0039), checked against WooCommerce's
 * documented batch endpoints (shared/api-contracts.md 1.4; WooCommerce publishes no OpenAPI
 * file): {@code POST /products/batch} and {@code POST /products/{id}/variations/batch} take
 * {@code {"update":[{"id":…,"regular_price":"…"}]}} (money as a string) and answer 200
 * {@code {"update":[…]}}, each entry the full resource or {@code {"id":…,"error":{code,message,data}}}.
 */
class WooCommercePriceContractTest extends KanalIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort int port;

    private WooSandboxControl shop;
    private RecordingHttpClient http;
    private WooCommerceClient client;

    @BeforeEach
    void newShop() {
        shop = new WooSandboxControl(port);
        http = new RecordingHttpClient(HttpClient.newHttpClient());
        client = new WooCommerceClient(http, Duration.ofSeconds(5), Clock.systemUTC(), 1);
    }

    private ChannelConnection connection() {
        return new ChannelConnection("test/" + UUID.randomUUID(), shop.apiRoot(),
                Map.of(WooCommerceClient.CONSUMER_KEY, shop.consumerKey, WooCommerceClient.CONSUMER_SECRET, shop.consumerSecret), 600);
    }

    @Test
    void productAndVariationPricesMatchTheDocumentedBatchApi() throws Exception {
        ArrayNode products = JSON.createArrayNode();
        products.addObject().put("name", "Phone").put("sku", "PRICE-1").put("regular_price", "10.00").put("description", "Kept")
                .put("manage_stock", true).put("stock_quantity", 3);
        products.addObject().put("name", "Case").put("type", "variable").put("sku", "PRICE-V");
        ArrayNode seeded = shop.seed(products);
        long simple = seeded.get(0).path("id").asLong();
        long parent = seeded.get(1).path("id").asLong();
        ArrayNode variations = JSON.createArrayNode();
        variations.addObject().put("sku", "PRICE-V-RED").put("regular_price", "5.00");
        long variation = shop.call("POST", shop.shopPath() + "/products/" + parent + "/variations", variations, 201).get(0)
                .path("id").asLong();
        List<PriceResult> results = new ArrayList<>();

        client.pushPrices(connection(), List.of(new PriceUpdate(String.valueOf(simple), new BigDecimal("249.9"), "EUR"),
                new PriceUpdate(parent + "/" + variation, new BigDecimal("19.99"), "EUR"),
                new PriceUpdate("999999", BigDecimal.TEN, "EUR"),
                new PriceUpdate("not-an-id", BigDecimal.TEN, "EUR")), results::addAll);

        assertThat(results).extracting(r -> r.channelListingId() + "=" + r.accepted())
                .containsExactlyInAnyOrder(simple + "=true", parent + "/" + variation + "=true", "999999=false", "not-an-id=false");
        List<RecordingHttpClient.Exchange> calls = http.exchanges();
        assertThat(calls).extracting(e -> e.method() + " " + e.uri().getPath().replaceFirst("^.*/wp-json/wc/v3", ""))
                .containsExactly("POST /products/batch", "POST /products/" + parent + "/variations/batch");
        assertThat(calls).extracting(RecordingHttpClient.Exchange::status).containsExactly(200, 200);
        for (RecordingHttpClient.Exchange call : calls) {
            assertThat(call.requestHeaders().firstValue("Content-Type")).hasValue("application/json");
            JsonNode sent = JSON.readTree(call.requestBody());
            assertThat(sent.fieldNames()).toIterable().containsExactly("update");
            for (JsonNode item : sent.path("update")) {
                assertThat(item.fieldNames()).toIterable().as("the id and the price only").containsExactly("id", "regular_price");
                assertThat(item.path("regular_price").isTextual()).as("money as a string").isTrue();
                assertThat(item.path("id").isIntegralNumber()).isTrue();
            }
            JsonNode answer = JSON.readTree(call.responseBody());
            assertThat(answer.has("update")).isTrue();
            for (JsonNode item : answer.path("update")) {
                if (item.has("error")) {
                    assertThat(item.path("error").path("code").isTextual()).isTrue();
                    assertThat(item.path("error").path("message").isTextual()).isTrue();
                    assertThat(item.path("error").path("data").path("status").isInt()).isTrue();
                } else {
                    assertThat(item.path("regular_price").isTextual()).isTrue();
                    assertThat(item.path("price").isTextual()).as("the effective price follows").isTrue();
                }
            }
        }
        assertThat(JSON.readTree(calls.get(0).requestBody()).path("update").get(0).path("regular_price").asText()).isEqualTo("249.90");

        JsonNode stored = shop.product(simple);
        assertThat(stored.path("regular_price").asText()).as("the sandbox stores the price as sent").isEqualTo("249.90");
        assertThat(stored.path("price").asText()).isEqualTo("249.90");
        assertThat(stored.path("description").asText()).isEqualTo("Kept");
        assertThat(stored.path("stock_quantity").asInt()).isEqualTo(3);
        assertThat(shop.variation(parent, variation).path("regular_price").asText()).isEqualTo("19.99");
    }
}
