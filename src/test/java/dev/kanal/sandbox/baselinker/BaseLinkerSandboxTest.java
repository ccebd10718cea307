package dev.kanal.sandbox.baselinker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.KanalIntegrationTest;
import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The BaseLinker sandbox behaves as shared/api-contracts.md 4 says BaseLinker does, seen through raw API calls. */
class BaseLinkerSandboxTest extends KanalIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    private BaseLinkerSandboxDriver sandbox;

    @BeforeEach
    void newAccount() {
        sandbox = BaseLinkerSandboxDriver.newAccount(URI.create("http://localhost:" + port + "/sandbox/baselinker"));
    }

    @Test
    void anUnknownOrMissingTokenIsRefusedWithHttp200() {
        assertThat(sandbox.api("nobody", "getOrders", JSON.createObjectNode()).path("error_code").asText())
                .isEqualTo("ERROR_BAD_TOKEN");
        assertThat(sandbox.api(null, "getOrders", JSON.createObjectNode()).path("status").asText()).isEqualTo("ERROR");
        assertThat(sandbox.stats().path("totalCalls").asInt()).isZero();
    }

    @Test
    void overTheLimitBlocksTheTokenForItsBlockTime() {
        sandbox.limit(3, 60);
        for (int i = 0; i < 3; i++) {
            assertThat(sandbox.api("getOrderStatusList", JSON.createObjectNode()).path("status").asText()).isEqualTo("SUCCESS");
        }
        JsonNode blocked = sandbox.api("getOrderStatusList", JSON.createObjectNode());
        JsonNode stillBlocked = sandbox.api("getOrders", JSON.createObjectNode());

        assertThat(blocked.path("error_code").asText()).isEqualTo("ERROR_BLOCKED_TOKEN");
        assertThat(blocked.path("error_message").asText()).matches("Query limit exceeded, token blocked until \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
        assertThat(stillBlocked.path("error_code").asText()).isEqualTo("ERROR_BLOCKED_TOKEN");
        JsonNode stats = sandbox.stats();
        assertThat(stats.path("blockedAnswers").asInt()).isEqualTo(2);
        assertThat(stats.path("maxCallsPer60s").asInt()).isEqualTo(5);
        assertThat(stats.path("calls").path("getOrderStatusList").asInt()).isEqualTo(4);
    }

    @Test
    void getOrdersAnswersAtMostAHundredConfirmedOrders() {
        long confirmed = Instant.now().getEpochSecond() - 60;
        for (int i = 0; i < 105; i++) {
            sandbox.order(o -> o.put("sku", "P-1").put("quantity", 1).put("date_confirmed", confirmed));
        }
        sandbox.order(o -> o.put("sku", "P-1").put("quantity", 1).put("confirmed", false));

        JsonNode page = sandbox.api("getOrders", JSON.createObjectNode().put("date_confirmed_from", confirmed));
        JsonNode all = sandbox.api("getOrders", JSON.createObjectNode().put("get_unconfirmed_orders", true).put("id_from", 0));

        assertThat(page.path("orders").size()).isEqualTo(100);
        assertThat(page.path("orders").get(0).path("order_source").asText()).isEqualTo("allegro");
        assertThat(page.path("orders").get(0).path("user_login").asText()).startsWith("kupujacy_");
        assertThat(all.path("orders").size()).isEqualTo(100);
        assertThat(sandbox.orders()).hasSize(106);
    }

    @Test
    void controlOrdersNeedOnlyASkuAndAQuantity() {
        JsonNode order = sandbox.order("ANY-SKU", 1);

        assertThat(order.path("order_status_id").asLong()).isEqualTo(8001);
        assertThat(order.path("confirmed").asBoolean()).isTrue();
        assertThat(order.path("products").get(0).path("product_id").asText()).as("not in the catalog").isEmpty();
        assertThat(order.path("payment_done").decimalValue()).isEqualByComparingTo(order.path("products").get(0)
                .path("price_brutto").decimalValue().add(order.path("delivery_price").decimalValue()));
        assertThat(order.path("delivery_point_id").asText()).isNotEmpty();
        JsonNode manual = sandbox.order(o -> o.put("sku", "ANY-SKU").put("quantity", 1).put("order_source", "personal"));
        assertThat(manual.path("user_login").isNull()).isTrue();
        assertThat(manual.path("delivery_point_id").isNull()).isTrue();
    }

    @Test
    void stockWarningsAreAnEmptyArrayWhenNone() {
        JsonNode product = sandbox.seed("W", 1, 1).get(0);
        long inventory = sandbox.inventory().path("inventory_id").asLong();
        com.fasterxml.jackson.databind.node.ObjectNode parameters = JSON.createObjectNode().put("inventory_id", inventory);
        parameters.putObject("products").putObject(product.path("id").asText()).put("bl_1", 4);

        JsonNode answer = sandbox.api("updateInventoryProductsStock", parameters);

        assertThat(answer.path("counter").asInt()).isEqualTo(1);
        assertThat(answer.path("warnings").isArray()).isTrue();
        assertThat(answer.path("warnings")).isEmpty();
        assertThat(sandbox.api("nothingLikeThis", JSON.createObjectNode()).path("error_code").asText()).isEqualTo("ERROR_UNKNOWN_METHOD");
    }
}
