package dev.kanal.sandbox.baselinker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.KanalIntegrationTest;
import java.math.BigDecimal;
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
        ObjectNode parameters = JSON.createObjectNode().put("inventory_id", inventory);
        parameters.putObject("products").putObject(product.path("id").asText()).put("bl_1", 4);

        JsonNode answer = sandbox.api("updateInventoryProductsStock", parameters);

        assertThat(answer.path("counter").asInt()).isEqualTo(1);
        assertThat(answer.path("warnings").isArray()).isTrue();
        assertThat(answer.path("warnings")).isEmpty();
        assertThat(sandbox.api("nothingLikeThis", JSON.createObjectNode()).path("error_code").asText()).isEqualTo("ERROR_UNKNOWN_METHOD");
    }

    @Test
    void pricesAreWrittenPerPriceGroupProductAndVariantAndRefusedAsBaseLinkerDoes() {
        JsonNode inventory = sandbox.inventory();
        long inventoryId = inventory.path("inventory_id").asLong();
        assertThat(inventory.path("price_groups")).extracting(JsonNode::asLong).containsExactly(105L, 106L);
        assertThat(inventory.path("default_price_group").asLong()).isEqualTo(105);
        JsonNode simple = sandbox.seed("PR", 1, 1).get(0);
        ArrayNode withVariants = JSON.createArrayNode();
        withVariants.addObject().put("sku", "PR-V").put("price", "50.00").putArray("variants").addObject().put("sku", "PR-V-1");
        JsonNode parent = sandbox.seedProducts(withVariants).get(0);
        String variant = parent.path("variants").path("PR-V-1").asText();

        ObjectNode parameters = JSON.createObjectNode().put("inventory_id", inventoryId);
        ObjectNode products = parameters.putObject("products");
        products.putObject(simple.path("id").asText()).put("106", new BigDecimal("120.90"));
        products.putObject(variant).put("106", "64.90");
        products.putObject("999999999").put("106", 10);
        products.putObject(parent.path("id").asText()).put("106", -1);
        JsonNode answer = sandbox.api("updateInventoryProductsPrices", parameters);

        assertThat(answer.path("status").asText()).isEqualTo("SUCCESS");
        assertThat(answer.path("counter").asInt()).isEqualTo(2);
        assertThat(answer.path("warnings").path("999999999").asText()).isEqualTo("Product not found");
        assertThat(answer.path("warnings").path(parent.path("id").asText()).asText()).contains("Invalid price");
        assertThat(sandbox.priceOf("PR-1", 106)).isEqualByComparingTo("120.90");
        assertThat(sandbox.priceOf("PR-1", 105)).as("another group is untouched").isEqualByComparingTo("499.00");
        assertThat(sandbox.priceOf("PR-V-1", 106)).as("a variant by its own id").isEqualByComparingTo("64.90");
        assertThat(sandbox.priceOf("PR-V", 106)).as("the refused product keeps what it had").isNull();
        assertThat(sandbox.stats().path("priceWrites").asInt()).isEqualTo(2);

        // a price group the catalog does not have, or a body of the wrong shape: the call is refused, nothing written
        ObjectNode unknownGroup = JSON.createObjectNode().put("inventory_id", inventoryId);
        ObjectNode both = unknownGroup.putObject("products");
        both.putObject(simple.path("id").asText()).put("106", 1.00);
        both.putObject(variant).put("777", 1.00);
        JsonNode refused = sandbox.api("updateInventoryProductsPrices", unknownGroup);
        assertThat(refused.path("status").asText()).isEqualTo("ERROR");
        assertThat(refused.path("error_code").asText()).isEqualTo("ERROR_PARAMETERS");
        assertThat(refused.path("error_message").asText()).contains("Price group 777");
        assertThat(sandbox.priceOf("PR-1", 106)).isEqualByComparingTo("120.90");
        ObjectNode flat = JSON.createObjectNode().put("inventory_id", inventoryId);
        flat.putObject("products").put(simple.path("id").asText(), 9.99);
        assertThat(sandbox.api("updateInventoryProductsPrices", flat).path("error_code").asText()).isEqualTo("ERROR_PARAMETERS");
        assertThat(sandbox.api("updateInventoryProductsPrices", JSON.createObjectNode().put("inventory_id", inventoryId + 1)
                .set("products", JSON.createObjectNode())).path("error_code").asText()).isEqualTo("ERROR_INVENTORY_NOT_FOUND");
        ObjectNode tooMany = JSON.createObjectNode().put("inventory_id", inventoryId);
        ObjectNode many = tooMany.putObject("products");
        for (int i = 1; i <= 1001; i++) {
            many.putObject(Integer.toString(i)).put("105", 1);
        }
        assertThat(sandbox.api("updateInventoryProductsPrices", tooMany).path("error_code").asText()).isEqualTo("ERROR_PRODUCTS_LIMIT");
        assertThat(sandbox.stats().path("priceWrites").asInt()).isEqualTo(2);
    }

    @Test
    void priceGroupsAreListedAsBaseLinkerDocumentsThemAndTheControlApiChangesAddsAndDeletesThem() {
        JsonNode answer = sandbox.api("getInventoryPriceGroups", JSON.createObjectNode());
        assertThat(answer.path("status").asText()).isEqualTo("SUCCESS");
        JsonNode groups = answer.path("price_groups");
        assertThat(groups).extracting(g -> g.path("price_group_id").asLong()).containsExactly(105L, 106L);
        JsonNode standard = groups.get(0);
        assertThat(standard.path("name").asText()).isEqualTo("Default");
        assertThat(standard.path("currency").asText()).isEqualTo("PLN");
        assertThat(standard.path("is_default").isBoolean()).isTrue();
        assertThat(standard.path("is_default").asBoolean()).isTrue();
        assertThat(groups.get(1).path("is_default").asBoolean()).isFalse();
        assertThat(standard.path("price_group_type").asText()).isEqualTo("standard");
        assertThat(standard.path("source_price_group_id").asLong()).isZero();
        assertThat(standard.path("price_multiplier").asDouble()).isEqualTo(1.0);
        assertThat(standard.path("price_addition").asDouble()).isZero();

        JsonNode euro = sandbox.changePriceGroup(106, g -> g.put("currency", "EUR"));
        assertThat(euro.path("currency").asText()).isEqualTo("EUR");
        JsonNode dependent = sandbox.changePriceGroup(107, g -> g.put("name", "Allegro +8%")
                .put("price_group_type", "dependent_on_price_group").put("source_price_group_id", 105).put("price_multiplier", 1.08));
        assertThat(dependent.path("source_price_group_id").asLong()).isEqualTo(105);
        assertThat(dependent.path("price_multiplier").asDouble()).isEqualTo(1.08);
        assertThat(sandbox.inventory().path("price_groups")).extracting(JsonNode::asLong).containsExactly(105L, 106L, 107L);
        assertThat(sandbox.api("getInventoryPriceGroups", JSON.createObjectNode()).path("price_groups"))
                .extracting(g -> g.path("price_group_id").asLong() + " " + g.path("currency").asText() + " "
                        + g.path("price_group_type").asText())
                .containsExactly("105 PLN standard", "106 EUR standard", "107 PLN dependent_on_price_group");

        // bad changes: 400, nothing changed
        assertThat(sandbox.changePriceGroupRefused(106, JSON.createObjectNode().put("currency", "euro")).toString())
                .contains("currency");
        sandbox.changePriceGroupRefused(106, JSON.createObjectNode().put("price_group_type", "dependent_on_price_group"));
        sandbox.changePriceGroupRefused(105, JSON.createObjectNode().put("price_group_type", "dependent_on_average_cost"));

        // a deleted group is gone from the list and the catalog: a price for it refuses the call
        sandbox.deletePriceGroup(106);
        assertThat(sandbox.priceGroups()).extracting(g -> g.path("price_group_id").asLong()).containsExactly(105L, 107L);
        JsonNode product = sandbox.seed("PG", 1, 1).get(0);
        ObjectNode parameters = JSON.createObjectNode().put("inventory_id", sandbox.inventory().path("inventory_id").asLong());
        parameters.putObject("products").putObject(product.path("id").asText()).put("106", 10.00);
        assertThat(sandbox.api("updateInventoryProductsPrices", parameters).path("error_code").asText()).isEqualTo("ERROR_PARAMETERS");
    }
}
