package dev.kanal.connector.walmart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.KanalIntegrationTest;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
 * Flow 5, prices out, to Walmart (docs/decisions/0041) on real PostgreSQL, the embedded broker
 * and the sandboxes over HTTP: a price changes in the sandbox ERP's tw_Cena, Kanal reads it with
 * the stock poll, applies wm-priced's rule (level 1, +10 %, x0.25 into USD, .99, floor 20.00; see
 * KanalIntegrationTest) and the Walmart sandbox shows the result; the breakdown explains it; a
 * price under the floor is held and never sent until an operator approves it.
 */
class WalmartPricesEndToEndTest extends KanalIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired JdbcTemplate jdbc;

    private WalmartSandboxClient walmart;
    private String prefix;

    @BeforeEach
    void seller() {
        walmart = WalmartSandboxClient.seller(URI.create(baseUrl() + "/sandbox/walmart"), WM_PRICED_CLIENT_ID, WM_PRICED_SECRET);
        walmart.stats(); // the first control request makes the seller known
        prefix = "WP" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
    }

    @Test
    void anErpPriceChangeReachesWalmartWithTheRulesPriceAndTheBreakdownExplainsIt() throws Exception {
        String sku = prefix + "-IP8";
        erpStock(sku, 4);
        erpPrice(sku, "400.00");
        item(sku, "99.00");
        importListings();

        // 400.00 PLN + 10 % = 440.00, x 0.25 = 110.00 USD -> 110.99
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(walmart.price(sku)).isEqualTo("110.99");
            assertThat(walmart.inventory()).containsEntry(sku, 4);
        });

        erpPrice(sku, "800.00");

        // 800.00 + 10 % = 880.00, x 0.25 = 220.00 -> 220.99
        await().atMost(WAIT).until(() -> walmart.price(sku).equals("220.99"));
        List<JsonNode> sent = walmart.list("prices/updates").stream().filter(u -> sku.equals(u.path("sku").asText())).toList();
        assertThat(sent).as("one PUT /v3/price per changed price, the BASE price in USD only")
                .extracting(u -> u.path("pricing").get(0).path("currentPriceType").asText() + " "
                        + u.path("pricing").get(0).path("currentPrice").path("currency").asText() + " "
                        + u.path("pricing").get(0).path("currentPrice").path("amount").decimalValue().setScale(2, RoundingMode.UNNECESSARY))
                .containsExactly("BASE USD 110.99", "BASE USD 220.99");
        assertThat(walmart.list("feeds")).as("no feed for single changes").isEmpty();
        JsonNode shown = walmart.send("GET", "/items/" + sku, null, 200);
        assertThat(shown.path("productName").asText()).as("only the price is written").isEqualTo("Walmart's own title " + sku);
        assertThat(shown.path("quantity").asInt()).isEqualTo(4);

        JsonNode explained = admin("GET", "/listings/" + listingId(sku) + "/price");
        assertThat(explained.path("status").asText()).isEqualTo("sent");
        assertThat(explained.path("account").asText()).isEqualTo("wm-priced");
        JsonNode steps = explained.path("calculation");
        assertThat(steps.path("sourcePrice").decimalValue()).isEqualByComparingTo("800.00");
        assertThat(steps.path("priceLevel").asInt()).isEqualTo(1);
        assertThat(steps.path("afterMarkup").decimalValue()).isEqualByComparingTo("880.00");
        assertThat(steps.path("rate").decimalValue()).isEqualByComparingTo("0.25");
        assertThat(steps.path("currency").asText()).isEqualTo("USD");
        assertThat(steps.path("converted").decimalValue()).isEqualByComparingTo("220.00");
        assertThat(steps.path("rounded").decimalValue()).isEqualByComparingTo("220.99");
        assertThat(steps.path("held").asBoolean()).isFalse();
        assertThat(explained.path("price").decimalValue()).isEqualByComparingTo("220.99");
        assertThat(explained.path("lastSent").decimalValue()).isEqualByComparingTo("220.99");
    }

    @Test
    void aPriceUnderTheFloorIsHeldNotSentAndGoesOutOnceAnOperatorApprovesIt() throws Exception {
        String sku = prefix + "-LOW";
        erpStock(sku, 2);
        erpPrice(sku, "400.00");
        item(sku, "99.00");
        importListings();
        await().atMost(WAIT).until(() -> walmart.price(sku).equals("110.99"));
        long listing = listingId(sku);

        // 60.00 + 10 % = 66.00, x 0.25 = 16.50 -> 16.99: under the floor of 20.00
        erpPrice(sku, "60.00");
        await().atMost(WAIT).until(() -> Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT held FROM listing_price WHERE listing_id = ?", Boolean.class, listing)));
        awaitRouteRuns("source-poll-" + CLIENT, 2);
        assertThat(walmart.price(sku)).as("held: never sent").isEqualTo("110.99");
        assertThat(walmart.list("prices/updates")).filteredOn(u -> sku.equals(u.path("sku").asText())).hasSize(1);

        assertThat(admin("GET", "/prices/held").toString()).contains("\"listingId\":" + listing, "\"price\":16.99");
        JsonNode explained = admin("GET", "/listings/" + listing + "/price");
        assertThat(explained.path("status").asText()).isEqualTo("held");
        assertThat(explained.path("calculation").path("floor").decimalValue()).isEqualByComparingTo("20");
        assertThat(explained.path("calculation").path("held").asBoolean()).isTrue();
        assertThat(explained.path("price").decimalValue()).isEqualByComparingTo("16.99");

        admin("POST", "/listings/" + listing + "/price/approve");

        await().atMost(WAIT).until(() -> walmart.price(sku).equals("16.99"));
        assertThat(admin("GET", "/listings/" + listing + "/price").path("status").asText()).isEqualTo("sent");
    }

    // ------------------------------------------------------------------ helpers

    private void erpStock(String sku, int onHand) throws Exception {
        Answer answer = http("PUT", "/sandbox/subiekt/" + CLIENT + "/_control/stock", List.of(Map.of("symbol", sku, "name", sku,
                "warehouse", "MAG", "onHand", onHand, "reserved", 0, "blocked", false)), null);
        assertThat(answer.status()).as(answer.json().toString()).isEqualTo(200);
        await().atMost(WAIT).until(() -> !jdbc.queryForList(
                "SELECT k.id FROM sku k JOIN client c ON c.id = k.client_id WHERE c.code = ? AND k.code = ?", Long.class,
                CLIENT, sku).isEmpty());
    }

    /** The gross price of level 1 in tw_Cena (net is gross / 1.23, as with Polish VAT). */
    private static void erpPrice(String sku, String gross) throws Exception {
        Answer answer = http("PUT", "/sandbox/subiekt/" + CLIENT + "/_control/prices", List.of(Map.of("symbol", sku, "level", 1,
                "gross", new BigDecimal(gross), "net", new BigDecimal(gross).divide(new BigDecimal("1.23"), 2, RoundingMode.HALF_UP))),
                null);
        assertThat(answer.status()).as(answer.json().toString()).isBetween(200, 299);
    }

    /** The seller's catalogue entry for the SKU, with Walmart's own title and a price of its own. */
    private void item(String sku, String price) {
        walmart.send("POST", "/items", WalmartSandboxClient.JSON.createArrayNode().add(WalmartSandboxClient.JSON.createObjectNode()
                .put("sku", sku).put("productName", "Walmart's own title " + sku).put("price", price).put("quantity", 0)), 201);
    }

    private static void importListings() throws Exception {
        admin("POST", "/accounts/wm-priced/listings/import?wait=true");
    }

    private long listingId(String sku) {
        return jdbc.queryForObject("""
                SELECT l.id FROM listing l JOIN channel_account a ON a.id = l.channel_account_id JOIN client c ON c.id = a.client_id
                 WHERE c.code = ? AND a.code = 'wm-priced' AND l.channel_listing_id = ?""", Long.class, CLIENT, sku);
    }

    private static JsonNode admin(String method, String path) throws Exception {
        Answer answer = http(method, "/admin/clients/" + CLIENT + path, null,
                "Basic " + Base64.getEncoder().encodeToString("admin:test-secret".getBytes(StandardCharsets.UTF_8)));
        assertThat(answer.status()).as(method + " " + path + ": " + answer.json()).isBetween(200, 299);
        return answer.json();
    }
}
