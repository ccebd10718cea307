package dev.kanal.connector.baselinker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.KanalIntegrationTest;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.OfferedProduct;
import dev.kanal.connector.ChannelOrderCanceller;
import dev.kanal.connector.OutgoingShipment;
import dev.kanal.connector.PriceUpdate;
import dev.kanal.connector.QuantityUpdate;
import dev.kanal.sandbox.baselinker.BaseLinkerSandboxDriver;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every BaseLinker method Kanal calls, checked against the contract both ways: Kanal's
 * {@code parameters} as the connector sent them, and the sandbox's answers, as the sandbox
 * recorded the exchanges. The connector runs every flow once (listing import, stock, prices, orders
 * with the journal, acknowledgement, shipment, cancellation), and the sandbox's failure answers are
 * checked too. Where the contract and the sandbox disagree, the sandbox is the bug.
 */
class BaseLinkerContractTest extends KanalIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Test
    void kanalsRequestsAndTheSandboxsAnswersKeepTheContractForEveryMethod() {
        BaseLinkerSandboxDriver sandbox = BaseLinkerSandboxDriver.newAccount(
                URI.create("http://localhost:" + port + "/sandbox/baselinker"));
        BaseLinkerHttp http = new BaseLinkerHttp(Duration.ofSeconds(5));
        ChannelConnection connection = new ChannelConnection("acme/baselinker-allegro", sandbox.endpoint(), Map.of(
                "token", sandbox.token()), Map.of("status-accepted", "In progress", "status-shipped", "Shipped",
                "status-cancelled", "Cancelled"), 600, null);
        List<JsonNode> products = sandbox.seed("CT", 3, 2);
        ArrayNode withVariants = JSON.createArrayNode();
        withVariants.addObject().put("sku", "CT-V").putArray("variants").addObject().put("sku", "CT-V-1");
        sandbox.seedProducts(withVariants);
        Instant since = Instant.now().minusSeconds(5);

        BaseLinkerClient client = new BaseLinkerClient(http);
        client.fetchListings(connection);
        client.pushQuantities(connection, List.of(new QuantityUpdate(products.get(0).path("id").asText(), 1),
                new QuantityUpdate("424242", 1)));
        // prices: a product, a variant, and one BaseLinker does not know (a warning), into price group 106
        ChannelConnection priced = new ChannelConnection(connection.account(), connection.baseUrl(), connection.credentials(),
                Map.of("price-group", "106"), 600, null);
        String variant = sandbox.stock().stream().filter(p -> p.path("sku").asText().equals("CT-V-1")).findFirst().orElseThrow()
                .path("id").asText();
        // (the groups are read first: getInventoryPriceGroups, 106 is a standard group in PLN)
        client.pushPrices(priced, List.of(new PriceUpdate(products.get(0).path("id").asText(), new BigDecimal("129.90"), "PLN"),
                new PriceUpdate(variant, new BigDecimal("19.9"), "PLN"),
                new PriceUpdate("424242", BigDecimal.TEN, "PLN")), results -> { });
        // the groups as BaseLinker can also answer them: one dependent on another, one in another currency
        sandbox.changePriceGroup(107, g -> g.put("name", "Allegro +8%").put("currency", "PLN")
                .put("price_group_type", "dependent_on_price_group").put("source_price_group_id", 105).put("price_multiplier", 1.08));
        sandbox.changePriceGroup(108, g -> g.put("name", "Euro").put("currency", "EUR").put("description", "Shops abroad"));
        sandbox.api("getInventoryPriceGroups", JSON.createObjectNode());
        JsonNode shipped = sandbox.order(o -> o.put("sku", "CT-1").put("quantity", 1).put("order_source", "ebay"));
        JsonNode cancelled = sandbox.order(o -> o.put("sku", "CT-2").put("quantity", 1).put("order_source", "personal"));
        BaseLinkerOrders orders = new BaseLinkerOrders(http);
        orders.changedSince(connection, since);
        sandbox.changeOrder(shipped.path("order_id").asLong(), c -> c.put("payment_done", "1.00"));
        sandbox.changeOrder(shipped.path("order_id").asLong(), c -> c.put("status_id", 8002));
        orders.changedSince(connection, since);
        new BaseLinkerOrderAcknowledger(http).accept(connection, shipped.path("order_id").asText(), "CT-1");
        new BaseLinkerShipmentWriter(http).write(connection, new OutgoingShipment(1, shipped.path("order_id").asText(), "WZ 1",
                "DPD", "0000123456789", null, Instant.now(), true, List.of(new OutgoingShipment.Line(1,
                shipped.path("products").get(0).path("order_product_id").asText(), "CT-1", 1, 1, List.of("356789012345678"), false))),
                id -> { });
        new BaseLinkerOrderCanceller(http).cancel(connection, new ChannelOrderCanceller.Cancellation(
                cancelled.path("order_id").asText(), true, List.of(), "out of stock", "[kanal-change-9]"));
        // products out: a new product (priced, so the price group is read), and the same again (found by SKU)
        BaseLinkerProductOffers offers = new BaseLinkerProductOffers(http, client.catalog());
        offers.offer(connection, new OfferedProduct("CT-NEW", "New phone", "5901234123457", new BigDecimal("249.00"),
                Map.of("Colour", "Red"), List.of("https://img.example/ct-new.jpg")));
        offers.offer(connection, new OfferedProduct("CT-NEW", "New phone", "5901234123457", null));
        // failure answers: a bad token, an unknown order, a blocked token
        sandbox.api("nobody", "getOrders", JSON.createObjectNode());
        sandbox.api("setOrderStatus", JSON.createObjectNode().put("order_id", 1).put("status_id", 8001));

        List<JsonNode> exchanges = sandbox.exchanges();
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        boolean sawError = false;
        for (JsonNode exchange : exchanges) {
            String method = exchange.path("method").asText();
            JsonNode answer = exchange.path("answer");
            seen.add(method);
            sawError |= "ERROR".equals(answer.path("status").asText());
            problems.addAll(BaseLinkerContract.checkParameters(method, exchange.path("parameters")).stream()
                    .map(p -> "request " + p).toList());
            problems.addAll(BaseLinkerContract.checkAnswer(method, answer).stream().map(p -> "answer " + p).toList());
        }

        assertThat(problems).isEmpty();
        assertThat(seen).containsAll(BaseLinkerContract.METHODS);
        assertThat(sawError).as("a failure answer was checked against error.json").isTrue();
    }

    @Test
    void theContractCatchesWhatBreaksIt() {
        ObjectNode tooMany = JSON.createObjectNode().put("inventory_id", 1);
        ObjectNode products = tooMany.putObject("products");
        for (int i = 1; i <= 1001; i++) {
            products.putObject(Integer.toString(i)).put("bl_1", 1);
        }
        assertThat(BaseLinkerContract.checkParameters("updateInventoryProductsStock", tooMany)).isNotEmpty();
        ObjectNode badWarehouse = JSON.createObjectNode().put("inventory_id", 1);
        badWarehouse.putObject("products").putObject("7").put("main", 1);
        assertThat(BaseLinkerContract.checkParameters("updateInventoryProductsStock", badWarehouse)).isNotEmpty();
        ObjectNode priceAsText = JSON.createObjectNode().put("inventory_id", 1);
        priceAsText.putObject("products").putObject("7").put("105", "19.99");
        assertThat(BaseLinkerContract.checkParameters("updateInventoryProductsPrices", priceAsText)).as("a price is a number")
                .isNotEmpty();
        ObjectNode groupByName = JSON.createObjectNode().put("inventory_id", 1);
        groupByName.putObject("products").putObject("7").put("retail", 19.99);
        assertThat(BaseLinkerContract.checkParameters("updateInventoryProductsPrices", groupByName)).isNotEmpty();
        ObjectNode negative = JSON.createObjectNode().put("inventory_id", 1);
        negative.putObject("products").putObject("7").put("105", -1);
        assertThat(BaseLinkerContract.checkParameters("updateInventoryProductsPrices", negative)).isNotEmpty();
        assertThat(BaseLinkerContract.checkParameters("getInventoryPriceGroups", JSON.createObjectNode().put("inventory_id", 1)))
                .as("getInventoryPriceGroups takes no parameters").isNotEmpty();
        ObjectNode groups = JSON.createObjectNode().put("status", "SUCCESS");
        groups.putArray("price_groups").addObject().put("price_group_id", 105).put("name", "Default").put("description", "")
                .putNull("currency").put("is_default", true).put("price_group_type", "standard").put("source_price_group_id", 0)
                .put("price_multiplier", 1).put("price_addition", 0).put("is_bundle_price_calculated", false)
                .put("bundle_price_multiplier", 1).put("bundle_price_addition", 0);
        assertThat(BaseLinkerContract.checkAnswer("getInventoryPriceGroups", groups)).as("a group's currency is never null").isNotEmpty();
        ((ObjectNode) groups.path("price_groups").get(0)).put("currency", "PLN").put("price_group_type", "dependent");
        assertThat(BaseLinkerContract.checkAnswer("getInventoryPriceGroups", groups)).as("only the documented types").isNotEmpty();
        assertThat(BaseLinkerContract.checkParameters("getOrders", JSON.createObjectNode().put("date_confirmed_from", 1)
                .put("page_size", 500))).as("no such parameter").isNotEmpty();
        assertThat(BaseLinkerContract.checkAnswer("setOrderStatus", JSON.createObjectNode().put("status", "ERROR")
                .put("error_code", "ERROR_X"))).as("error_message missing").isNotEmpty();
        assertThat(BaseLinkerContract.checkAnswer("getJournalList", JSON.createObjectNode().put("status", "SUCCESS")
                .set("logs", JSON.createArrayNode().add(JSON.createObjectNode().put("id", 1))))).isNotEmpty();
    }
}
