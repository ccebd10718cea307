package dev.kanal.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.KanalIntegrationTest;
import dev.kanal.sandbox.backmarket.BackMarketSandboxControl;
import dev.kanal.sandbox.baselinker.BaseLinkerSandboxDriver;
import dev.kanal.sandbox.woocommerce.WooSandboxControl;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Flow 5, prices out, end to end on real PostgreSQL, the embedded broker and the sandboxes over
 * HTTP: a price changes in the sandbox ERP's tw_Cena, Kanal reads it with the stock poll, applies
 * each account's rule (bm-priced: +10 %, .99, floor 50; woo-priced: level 2, +2.00, ×0.25, .90,
 * 10..500; bl-priced: +20 %, .90, floor 30, into BaseLinker price group 106; see
 * KanalIntegrationTest) and Back Market, WooCommerce and BaseLinker show the result.
 */
class PricesOutEndToEndTest extends KanalIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired JdbcTemplate jdbc;
    @Autowired dev.kanal.offers.OfferPrices offerPrices;

    BackMarketSandboxControl backMarket;
    WooSandboxControl woo;
    String prefix;

    @BeforeEach
    void sandboxes() {
        backMarket = new BackMarketSandboxControl(URI.create(baseUrl() + "/sandbox/backmarket"), BM_PRICED_TOKEN);
        woo = WooSandboxControl.shop(PORT, WOO_PRICED_KEY, WOO_PRICED_SECRET);
        prefix = "PR" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
    }

    @Test
    void anErpPriceChangeReachesBothChannelsWithEachAccountsRuleAndTouchesNothingElse() throws Exception {
        String sku = prefix + "-IP8";
        erpStock(sku, 4);
        erpPrices(sku, "100.00", "400.00");
        String bmListing = backMarket.seed(1, (i, l) -> l.put("sku", sku).put("quantity", 0).put("price", "80.00")).get(0)
                .path("id").asText();
        long wooProduct = seedWoo(sku);
        importListings("bm-priced");
        importListings("woo-priced");

        // bm-priced: 100.00 + 10 % = 110.00 -> 110.99; woo-priced: (400.00 + 2.00) * 0.25 = 100.50 -> 100.90
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(backMarket.listing(bmListing).path("price").asText()).isEqualTo("110.99");
            assertThat(woo.product(wooProduct).path("regular_price").asText()).isEqualTo("100.90");
            assertThat(backMarket.listing(bmListing).path("quantity").asInt()).isEqualTo(4);
            assertThat(woo.product(wooProduct).path("stock_quantity").asInt()).isEqualTo(4);
        });

        // the channels' own edits: a title on Back Market, a name and description in the shop stay
        backMarket.editByHand(bmListing, l -> l.put("title", "Edited on Back Market").put("comment", "seller note"));
        JsonNode wooBefore = woo.product(wooProduct);
        long bmCallsBefore = backMarket.stats().path("calls").path("POST /ws/listings/{listingId}").asLong();

        erpPrices(sku, "200.00", "4000.00");

        // 200.00 + 10 % = 220.00 -> 220.99; (4000.00 + 2.00) * 0.25 = 1000.50 -> 1000.90, clamped to 500.00
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(backMarket.listing(bmListing).path("price").asText()).isEqualTo("220.99");
            assertThat(woo.product(wooProduct).path("regular_price").asText()).isEqualTo("500.00");
        });
        JsonNode bmAfter = backMarket.listing(bmListing);
        assertThat(bmAfter.path("title").asText()).isEqualTo("Edited on Back Market");
        assertThat(bmAfter.path("comment").asText()).isEqualTo("seller note");
        assertThat(bmAfter.path("quantity").asInt()).isEqualTo(4);
        JsonNode wooAfter = woo.product(wooProduct);
        for (String field : List.of("name", "description", "short_description", "sku", "stock_quantity", "status")) {
            assertThat(wooAfter.path(field)).as(field).isEqualTo(wooBefore.path(field));
        }
        assertThat(backMarket.stats().path("calls").path("POST /ws/listings/{listingId}").asLong() - bmCallsBefore)
                .as("one call for one changed price").isEqualTo(1);

        JsonNode explained = admin("GET", "/listings/" + listingId("woo-priced", String.valueOf(wooProduct)) + "/price", null);
        assertThat(explained.path("status").asText()).isEqualTo("sent");
        JsonNode steps = explained.path("calculation");
        assertThat(steps.path("sourcePrice").decimalValue()).isEqualByComparingTo("4000.00");
        assertThat(steps.path("priceLevel").asInt()).isEqualTo(2);
        assertThat(steps.path("afterAddOn").decimalValue()).isEqualByComparingTo("4002.00");
        assertThat(steps.path("converted").decimalValue()).isEqualByComparingTo("1000.50");
        assertThat(steps.path("rounded").decimalValue()).isEqualByComparingTo("1000.90");
        assertThat(steps.path("clamped").decimalValue()).isEqualByComparingTo("500.00");
        assertThat(explained.path("price").decimalValue()).isEqualByComparingTo("500.00");
        assertThat(explained.path("lastSent").decimalValue()).isEqualByComparingTo("500.00");

        JsonNode apiDocs = send("GET", "/v3/api-docs", null, true);
        assertThat(apiDocs.path("paths").path("/admin/clients/{client}/listings/{listingId}/price").path("get").path("summary")
                .asText()).isEqualTo("A listing's price and why");
        assertThat(apiDocs.path("paths").has("/admin/clients/{client}/listings/{listingId}/price/approve")).isTrue();
    }

    @Test
    void aPriceUnderTheFloorIsHeldNotSentAndGoesOutOnceAnOperatorApprovesIt() throws Exception {
        String sku = prefix + "-LOW";
        erpStock(sku, 2);
        erpPrices(sku, "100.00", "100.00");
        String bmListing = backMarket.seed(1, (i, l) -> l.put("sku", sku).put("quantity", 0)).get(0).path("id").asText();
        importListings("bm-priced");
        await().atMost(Duration.ofSeconds(20)).until(() -> backMarket.listing(bmListing).path("price").asText().equals("110.99"));
        long listing = listingId("bm-priced", bmListing);

        // 40.00 + 10 % = 44.00 -> 44.99: under the floor of 50
        erpPrices(sku, "40.00", "100.00");
        await().atMost(Duration.ofSeconds(20)).until(() -> Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT held FROM listing_price WHERE listing_id = ?", Boolean.class, listing)));
        awaitRouteRuns("source-poll-" + CLIENT, 2);
        assertThat(backMarket.listing(bmListing).path("price").asText()).as("held: never sent").isEqualTo("110.99");

        JsonNode held = admin("GET", "/prices/held", null);
        assertThat(held.toString()).contains("\"listingId\":" + listing, "\"price\":44.99");
        JsonNode explained = admin("GET", "/listings/" + listing + "/price", null);
        assertThat(explained.path("status").asText()).isEqualTo("held");
        assertThat(explained.path("calculation").path("floor").decimalValue()).isEqualByComparingTo("50");
        assertThat(explained.path("calculation").path("held").asBoolean()).isTrue();
        assertThat(explained.path("price").decimalValue()).isEqualByComparingTo("44.99");

        admin("POST", "/listings/" + listing + "/price/approve", null);

        await().atMost(Duration.ofSeconds(20)).until(() -> backMarket.listing(bmListing).path("price").asText().equals("44.99"));
        assertThat(admin("GET", "/listings/" + listing + "/price", null).path("status").asText()).isEqualTo("sent");
        assertThat(admin("GET", "/prices/held", null).toString()).doesNotContain("\"listingId\":" + listing + ",");

        // a different price under the floor is held again: the approval was for 44.99 only
        erpPrices(sku, "30.00", "100.00");
        await().atMost(Duration.ofSeconds(20)).until(() -> Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT held FROM listing_price WHERE listing_id = ?", Boolean.class, listing)));
        assertThat(backMarket.listing(bmListing).path("price").asText()).isEqualTo("44.99");
    }

    @Test
    void anAccountWithoutAPricingBlockGetsNoPrices() throws Exception {
        String sku = prefix + "-NOPRICE";
        erpStock(sku, 3);
        erpPrices(sku, "100.00", "100.00");
        BackMarketSandboxControl plain = new BackMarketSandboxControl(URI.create(baseUrl() + "/sandbox/backmarket"), BM_TOKEN);
        String bmListing = plain.seed(1, (i, l) -> l.put("sku", sku).put("quantity", 0).put("price", "80.00")).get(0)
                .path("id").asText();
        importListings("bm");
        await().atMost(Duration.ofSeconds(20)).until(() -> plain.listing(bmListing).path("quantity").asInt() == 3);
        awaitRouteRuns("source-poll-" + CLIENT, 2);

        assertThat(plain.listing(bmListing).path("price").asText()).isEqualTo("80.00");
        long listing = listingId("bm", bmListing);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM listing_price WHERE listing_id = ?", Integer.class, listing)).isZero();
        assertThat(admin("GET", "/listings/" + listing + "/price", null).path("status").asText()).isEqualTo("no-rule");
    }

    @Test
    void anErpPriceChangeReachesBaseLinkerInTheAccountsPriceGroupForProductsAndVariantsAndIsExplained() throws Exception {
        BaseLinkerSandboxDriver baseLinker = new BaseLinkerSandboxDriver(URI.create(baseUrl() + "/sandbox/baselinker"),
                BL_PRICED_TOKEN);
        String simple = prefix + "-BLS";
        String red = prefix + "-BLV-RED";
        erpStock(simple, 3);
        erpStock(red, 2);
        erpPrices(simple, "100.00", "100.00");
        erpPrices(red, "50.00", "50.00");
        ArrayNode products = JSON.createArrayNode();
        products.addObject().put("sku", simple).put("name", "Phone as BaseLinker names it").put("price", "99.00")
                .putObject("stock").put("bl_1", 0);
        ObjectNode parent = products.addObject().put("sku", prefix + "-BLV").put("name", "Case").put("price", "45.00");
        parent.putArray("variants").addObject().put("sku", red).putObject("stock").put("bl_1", 0);
        String simpleId = baseLinker.seedProducts(products).get(0).path("id").asText();
        importListings("bl-priced");

        // 100.00 + 20 % = 120.00 -> 120.90; the variant 50.00 + 20 % = 60.00 -> 60.90; both in group 106
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(baseLinker.priceOf(simple, 106)).isEqualByComparingTo("120.90");
            assertThat(baseLinker.priceOf(red, 106)).isEqualByComparingTo("60.90");
            assertThat(baseLinker.stockOf(simple)).isEqualTo(3);
            assertThat(baseLinker.stockOf(red)).isEqualTo(2);
        });
        assertThat(baseLinker.priceOf(simple, 105)).as("the catalog's default group is not Kanal's").isEqualByComparingTo("99.00");
        assertThat(baseLinker.priceOf(red, 105)).isEqualByComparingTo("45.00");
        long listing = listingId("bl-priced", simpleId);
        await().atMost(Duration.ofSeconds(20)).until(() -> "sent".equals(admin("GET", "/listings/" + listing + "/price", null)
                .path("status").asText()));
        long callsBefore = baseLinker.calls("updateInventoryProductsPrices");

        erpPrices(simple, "250.00", "100.00");

        // 250.00 + 20 % = 300.00 -> 300.90
        await().atMost(Duration.ofSeconds(20)).until(() -> baseLinker.priceOf(simple, 106).compareTo(new BigDecimal("300.90")) == 0);
        await().atMost(Duration.ofSeconds(20)).until(() -> "sent".equals(admin("GET", "/listings/" + listing + "/price", null)
                .path("status").asText()));
        assertThat(baseLinker.calls("updateInventoryProductsPrices") - callsBefore).as("one call for one changed price").isEqualTo(1);
        assertThat(baseLinker.priceOf(red, 106)).isEqualByComparingTo("60.90");
        JsonNode explained = admin("GET", "/listings/" + listing + "/price", null);
        assertThat(explained.path("account").asText()).isEqualTo("bl-priced");
        JsonNode steps = explained.path("calculation");
        assertThat(steps.path("sourcePrice").decimalValue()).isEqualByComparingTo("250.00");
        assertThat(steps.path("priceLevel").asInt()).isEqualTo(1);
        assertThat(steps.path("markupPercent").decimalValue()).isEqualByComparingTo("20");
        assertThat(steps.path("afterMarkup").decimalValue()).isEqualByComparingTo("300.00");
        assertThat(steps.path("currency").asText()).isEqualTo("PLN");
        assertThat(steps.path("rounded").decimalValue()).isEqualByComparingTo("300.90");
        assertThat(explained.path("price").decimalValue()).isEqualByComparingTo("300.90");
        assertThat(explained.path("lastSent").decimalValue()).isEqualByComparingTo("300.90");

        // 20.00 + 20 % = 24.00 -> 24.90: under the floor of 30, held and never sent
        erpPrices(simple, "20.00", "100.00");
        await().atMost(Duration.ofSeconds(20)).until(() -> Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT held FROM listing_price WHERE listing_id = ?", Boolean.class, listing)));
        awaitRouteRuns("source-poll-" + CLIENT, 2);
        assertThat(baseLinker.priceOf(simple, 106)).as("held: never sent").isEqualByComparingTo("300.90");
        JsonNode held = admin("GET", "/listings/" + listing + "/price", null);
        assertThat(held.path("status").asText()).isEqualTo("held");
        assertThat(held.path("calculation").path("floor").decimalValue()).isEqualByComparingTo("30");
        assertThat(held.path("price").decimalValue()).isEqualByComparingTo("24.90");
        assertThat(admin("GET", "/prices/held", null).toString()).contains("\"listingId\":" + listing);
    }

    @Test
    void aBaseLinkerPriceGroupInAnotherCurrencyOrCalculatedByBaseLinkerWithholdsThePricesUntilItIsFixed() throws Exception {
        BaseLinkerSandboxDriver baseLinker = new BaseLinkerSandboxDriver(URI.create(baseUrl() + "/sandbox/baselinker"),
                BL_PRICED_TOKEN);
        String sku = prefix + "-BLG";
        long groupReadsBefore = baseLinker.calls("getInventoryPriceGroups");
        long writesBefore = baseLinker.calls("updateInventoryProductsPrices");
        try {
            // someone switched bl-priced's group 106 to euros in BaseLinker; the rule still gives zloty
            baseLinker.changePriceGroup(106, g -> g.put("currency", "EUR"));
            erpStock(sku, 2);
            erpPrices(sku, "100.00", "100.00");
            ArrayNode products = JSON.createArrayNode();
            products.addObject().put("sku", sku).put("name", "Charger").put("price", "99.00").putObject("stock").put("bl_1", 0);
            String productId = baseLinker.seedProducts(products).get(0).path("id").asText();
            importListings("bl-priced");
            long listing = listingId("bl-priced", productId);

            await().atMost(Duration.ofSeconds(20)).until(() -> "withheld".equals(admin("GET", "/listings/" + listing + "/price", null)
                    .path("status").asText()));
            JsonNode withheld = admin("GET", "/listings/" + listing + "/price", null);
            assertThat(withheld.path("pushError").asText()).contains("price group 106", "is in EUR", "prices in PLN");
            assertThat(withheld.path("price").decimalValue()).isEqualByComparingTo("120.90");
            assertThat(baseLinker.calls("getInventoryPriceGroups")).as("the groups were read").isGreaterThan(groupReadsBefore);
            assertThat(baseLinker.calls("updateInventoryProductsPrices")).as("nothing sent").isEqualTo(writesBefore);
            assertThat(baseLinker.priceOf(sku, 106)).isNull();
            await().atMost(Duration.ofSeconds(20)).until(() -> baseLinker.stockOf(sku) == 2); // stock is not held

            // back in zloty but now calculated by BaseLinker from group 105: still nothing sent, the reason says why
            baseLinker.changePriceGroup(106, g -> g.put("currency", "PLN").put("price_group_type", "dependent_on_price_group")
                    .put("source_price_group_id", 105).put("price_multiplier", 1.1));
            erpPrices(sku, "200.00", "100.00"); // 200.00 + 20 % = 240.00 -> 240.90; the change nudges the writer
            // (a nudge within a second of the last read finds the kept list; then the 30 s sweep reads the groups again)
            await().atMost(Duration.ofSeconds(50)).until(() -> admin("GET", "/listings/" + listing + "/price", null)
                    .path("pushError").asText().contains("not a standard group"));
            assertThat(admin("GET", "/listings/" + listing + "/price", null).path("status").asText()).isEqualTo("withheld");
            assertThat(baseLinker.calls("updateInventoryProductsPrices")).isEqualTo(writesBefore);

            // fixed in BaseLinker: the sweep offers the price again, and it goes out once, at its latest value
            baseLinker.changePriceGroup(106, g -> g.put("price_group_type", "standard"));
            await().atMost(Duration.ofSeconds(75)).until(() -> "sent".equals(admin("GET", "/listings/" + listing + "/price", null)
                    .path("status").asText()));
            assertThat(baseLinker.priceOf(sku, 106)).isEqualByComparingTo("240.90");
            assertThat(baseLinker.priceOf(sku, 105)).isEqualByComparingTo("99.00");
            assertThat(baseLinker.calls("updateInventoryProductsPrices") - writesBefore).as("sent once").isEqualTo(1);
            assertThat(admin("GET", "/listings/" + listing + "/price", null).path("pushError").isNull()).isTrue();
        } finally {
            baseLinker.changePriceGroup(106, g -> g.put("currency", "PLN").put("price_group_type", "standard"));
        }
    }

    // ------------------------------------------------------------------ helpers

    @Test
    void aProductOfferedToAnAccountGoesOutAtItsRulesPriceAndNeverUnderItsFloor() throws Exception {
        String sku = prefix + "-NEW";
        erpStock(sku, 2);
        erpPrices(sku, "100.00", "400.00");
        await().atMost(Duration.ofSeconds(20)).until(() -> offerPrices.price(CLIENT, "bm-priced", sku).isPresent());

        assertThat(offerPrices.price(CLIENT, "bm-priced", sku)).contains(new BigDecimal("110.99"));
        assertThat(offerPrices.price(CLIENT, "woo-priced", sku)).contains(new BigDecimal("100.90"));
        assertThat(offerPrices.price(CLIENT, "bm", sku)).as("no price rule, no price").isEmpty();

        erpPrices(sku, "40.00", "400.00"); // 40.00 + 10 % = 44.00 -> 44.99: under bm-priced's floor of 50
        await().atMost(Duration.ofSeconds(20)).until(() -> offerPrices.price(CLIENT, "bm-priced", sku).isEmpty());
        assertThat(offerPrices.price(CLIENT, "woo-priced", sku)).contains(new BigDecimal("100.90"));
    }

    private void erpStock(String sku, int onHand) throws Exception {
        send("PUT", "/sandbox/subiekt/" + CLIENT + "/_control/stock", List.of(Map.of("symbol", sku, "name", sku, "warehouse", "MAG",
                "onHand", onHand, "reserved", 0, "blocked", false)), false);
        await().atMost(Duration.ofSeconds(15)).until(() -> !jdbc.queryForList(
                "SELECT k.id FROM sku k JOIN client c ON c.id = k.client_id WHERE c.code = ? AND k.code = ?", Long.class,
                CLIENT, sku).isEmpty());
    }

    /** Gross prices of levels 1 and 2 in tw_Cena (net is gross / 1.23, as with Polish VAT). */
    private void erpPrices(String sku, String level1, String level2) throws Exception {
        send("PUT", "/sandbox/subiekt/" + CLIENT + "/_control/prices", List.of(
                Map.of("symbol", sku, "level", 1, "gross", new BigDecimal(level1), "net", net(level1)),
                Map.of("symbol", sku, "level", 2, "gross", new BigDecimal(level2), "net", net(level2))), false);
    }

    private static BigDecimal net(String gross) {
        return new BigDecimal(gross).divide(new BigDecimal("1.23"), 2, java.math.RoundingMode.HALF_UP);
    }

    private long seedWoo(String sku) {
        ArrayNode products = JSON.createArrayNode();
        products.addObject().put("name", sku + " as the shop names it").put("sku", sku).put("regular_price", "99.00")
                .put("description", "Written in the shop").put("manage_stock", true).put("stock_quantity", 0);
        return woo.seed(products).get(0).path("id").asLong();
    }

    private void importListings(String account) throws Exception {
        admin("POST", "/accounts/" + account + "/listings/import?wait=true", null);
    }

    private long listingId(String account, String channelListingId) {
        return jdbc.queryForObject("""
                SELECT l.id FROM listing l JOIN channel_account a ON a.id = l.channel_account_id JOIN client c ON c.id = a.client_id
                 WHERE c.code = ? AND a.code = ? AND l.channel_listing_id = ?""", Long.class, CLIENT, account, channelListingId);
    }

    private JsonNode admin(String method, String path, Object body) throws Exception {
        return send(method, "/admin/clients/" + CLIENT + path, body, true);
    }

    private JsonNode send(String method, String path, Object body, boolean login) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (login) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:test-secret".getBytes()));
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
        return response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
    }
}
