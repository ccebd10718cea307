package dev.kanal.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.KanalIntegrationTest;
import dev.kanal.connector.woocommerce.WooWebhookSignature;
import dev.kanal.sandbox.backmarket.BackMarketSandboxControl;
import dev.kanal.sandbox.woocommerce.WooSandboxControl;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Flow 5, prices out, for a client whose source is a WooCommerce shop ({@link #SHOP_CLIENT},
 * docs/decisions/0046), end to end on real PostgreSQL, the broker and the sandboxes over HTTP:
 * the shop's regular price of a product or a variation is the source price, and bm-priced's rule
 * (+10 %, up to .99, floor 50 EUR) puts the result on its Back Market listing, carried by the
 * modified-since poll and by a verified product webhook alike; a sale price is not followed; a
 * price under the floor is held; a price removed in the shop is not sent as anything; the
 * breakdown says where the source price came from.
 */
class ShopPricesOutEndToEndTest extends KanalIntegrationTest {

    private static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("admin:test-secret".getBytes(StandardCharsets.UTF_8));
    /** The shop source is polled every second: a price edit is on Back Market well within this. */
    private static final Duration WITHIN_POLLS = Duration.ofSeconds(20);
    private static final String BM_PRICE_CALLS = "POST /ws/listings/{listingId}";

    @Autowired JdbcTemplate jdbc;

    WooSandboxControl shop;
    BackMarketSandboxControl backMarket;
    String prefix;

    @BeforeEach
    void sandboxes() {
        shop = WooSandboxControl.shop(PORT, SHOP_SOURCE_KEY, SHOP_SOURCE_SECRET);
        backMarket = new BackMarketSandboxControl(URI.create(baseUrl() + "/sandbox/backmarket"), SHOP_BM_PRICED_TOKEN);
        backMarket.listings(); // the sandbox knows a seller from its first control request
        prefix = "SPR" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
    }

    @Test
    void aRegularPriceEditInTheShopReachesBackMarketByTheRuleAndASalePriceIsNotFollowed() throws Exception {
        String sku = prefix + "-XR";
        long product = simpleProduct(sku, "100.00", 3);
        String listing = listedOnBackMarket(sku);
        // 100.00 + 10 % = 110.00 -> 110.99
        await().atMost(WITHIN_POLLS).untilAsserted(() -> {
            assertThat(backMarket.listing(listing).path("price").asText()).isEqualTo("110.99");
            assertThat(backMarket.listing(listing).path("quantity").asInt()).isEqualTo(3);
        });
        long callsBefore = backMarket.stats().path("calls").path(BM_PRICE_CALLS).asLong();

        JsonNode edited = shop.editProduct(product, Map.of("regular_price", "200.00", "sale_price", "150.00"));
        assertThat(edited.path("price").asText()).as("the shop itself sells at its sale price now").isEqualTo("150.00");
        assertThat(edited.path("on_sale").asBoolean()).isTrue();

        // 200.00 + 10 % = 220.00 -> 220.99: the regular price, not the shop's own promotion at 150.00
        await().atMost(WITHIN_POLLS).until(() -> backMarket.listing(listing).path("price").asText().equals("220.99"));
        long id = listingId(listing);
        await().atMost(WITHIN_POLLS).until(() -> "sent".equals(price(id).path("status").asText()));
        JsonNode explained = price(id);
        assertThat(explained.path("priceSource").asText()).startsWith("the source shop's regular price").contains("not followed");
        JsonNode steps = explained.path("calculation");
        assertThat(steps.path("sourcePrice").decimalValue()).isEqualByComparingTo("200.00");
        assertThat(steps.path("priceLevel").asInt()).isEqualTo(1);
        assertThat(steps.path("afterMarkup").decimalValue()).isEqualByComparingTo("220.00");
        assertThat(steps.path("rounded").decimalValue()).isEqualByComparingTo("220.99");
        assertThat(explained.path("price").decimalValue()).isEqualByComparingTo("220.99");
        assertThat(explained.path("lastSent").decimalValue()).isEqualByComparingTo("220.99");
        assertThat(backMarket.stats().path("calls").path(BM_PRICE_CALLS).asLong() - callsBefore)
                .as("one call for one changed price").isEqualTo(1);
        assertThat(backMarket.listing(listing).path("quantity").asInt()).isEqualTo(3);
    }

    @Test
    void aVariationsOwnRegularPriceIsItsSourcePrice() throws Exception {
        String sku = prefix + "-11-BK";
        ObjectNode variable = WooSandboxControl.JSON.createObjectNode().put("name", "iPhone 11 " + prefix).put("type", "variable");
        variable.putArray("attributes").addObject().put("name", "Colour").put("variation", true).putArray("options").add("Black");
        ObjectNode variation = variable.putArray("variations").addObject().put("sku", sku).put("regular_price", "300.00")
                .put("manage_stock", true).put("stock_quantity", 2);
        variation.putArray("attributes").addObject().put("name", "Colour").put("option", "Black");
        JsonNode made = shop.seed(variable).get(0);
        long productId = made.path("id").asLong();
        long variationId = made.path("variations").get(0).path("id").asLong();
        String listing = listedOnBackMarket(sku);
        // 300.00 + 10 % = 330.00 -> 330.99
        await().atMost(WITHIN_POLLS).until(() -> backMarket.listing(listing).path("price").asText().equals("330.99"));

        shop.editVariation(productId, variationId, Map.of("regular_price", "320.00"));

        // 320.00 + 10 % = 352.00 -> 352.99
        await().atMost(WITHIN_POLLS).until(() -> backMarket.listing(listing).path("price").asText().equals("352.99"));
        assertThat(price(listingId(listing)).path("calculation").path("sourcePrice").decimalValue()).isEqualByComparingTo("320.00");
    }

    /**
     * The shop's API answers 503 to every call, so no poll can read it: the product webhook alone
     * carries the new price (the delivery is the product as the shop renders it after the edit,
     * signed with the source's secret). Once the shop answers again, the poll reads the same price
     * and sends nothing more.
     */
    @Test
    void aVerifiedProductWebhookCarriesThePriceWhenNoPollCanReadTheShop() throws Exception {
        String sku = prefix + "-12M";
        long product = simpleProduct(sku, "100.00", 2);
        String listing = listedOnBackMarket(sku);
        await().atMost(WITHIN_POLLS).until(() -> backMarket.listing(listing).path("price").asText().equals("110.99"));
        long faultsBefore = shop.stats().path("faults_injected").asLong();

        shop.nextAnswers(503, 1_000_000, null, 0);
        try {
            awaitRouteRuns("source-poll-" + SHOP_CLIENT, 2); // a poll that began before the faults is over
            JsonNode edited = shop.editProduct(product, Map.of("regular_price", "130.00"));
            byte[] delivery = edited.toString().getBytes(StandardCharsets.UTF_8);

            assertThat(deliver(delivery, WooWebhookSignature.sign(delivery, SHOP_SOURCE_WEBHOOK_SECRET))).isEqualTo(202);

            // 130.00 + 10 % = 143.00 -> 143.99
            await().atMost(WITHIN_POLLS).until(() -> backMarket.listing(listing).path("price").asText().equals("143.99"));
            assertThat(shop.stats().path("faults_injected").asLong()).as("the polls meanwhile were refused").isGreaterThan(faultsBefore);
        } finally {
            shop.clearFaults();
        }
        long callsBefore = backMarket.stats().path("calls").path(BM_PRICE_CALLS).asLong();
        awaitRouteRuns("source-poll-" + SHOP_CLIENT, 3);
        assertThat(backMarket.listing(listing).path("price").asText()).isEqualTo("143.99");
        assertThat(backMarket.stats().path("calls").path(BM_PRICE_CALLS).asLong()).as("the poll found nothing new").isEqualTo(callsBefore);
    }

    @Test
    void aPriceUnderTheFloorIsHeldAndAPriceRemovedInTheShopIsNotSentAsAnything() throws Exception {
        String sku = prefix + "-LOW";
        long product = simpleProduct(sku, "100.00", 2);
        String listing = listedOnBackMarket(sku);
        await().atMost(WITHIN_POLLS).until(() -> backMarket.listing(listing).path("price").asText().equals("110.99"));
        long id = listingId(listing);

        // 40.00 + 10 % = 44.00 -> 44.99: under the floor of 50
        shop.editProduct(product, Map.of("regular_price", "40.00"));
        await().atMost(WITHIN_POLLS).until(() -> Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT held FROM listing_price WHERE listing_id = ?", Boolean.class, id)));
        awaitRouteRuns("source-poll-" + SHOP_CLIENT, 2);
        assertThat(backMarket.listing(listing).path("price").asText()).as("held: never sent").isEqualTo("110.99");
        JsonNode held = price(id);
        assertThat(held.path("status").asText()).isEqualTo("held");
        assertThat(held.path("priceSource").asText()).startsWith("the source shop's regular price");
        assertThat(held.path("calculation").path("sourcePrice").decimalValue()).isEqualByComparingTo("40.00");
        assertThat(held.path("calculation").path("floor").decimalValue()).isEqualByComparingTo("50");
        assertThat(held.path("price").decimalValue()).isEqualByComparingTo("44.99");
        assertThat(admin("GET", "/prices/held").toString()).contains("\"listingId\":" + id);

        // the shop manager empties the price: the shop has none, so Kanal has none to send
        shop.editProduct(product, Map.of("regular_price", ""));
        await().atMost(WITHIN_POLLS).until(() -> "no-source-price".equals(price(id).path("status").asText()));
        assertThat(jdbc.queryForList("""
                SELECT p.gross FROM source_price p JOIN sku k ON k.id = p.sku_id JOIN client c ON c.id = k.client_id
                 WHERE c.code = ? AND k.code = ?""", BigDecimal.class, SHOP_CLIENT, sku)).containsExactly((BigDecimal) null);
        awaitRouteRuns("source-poll-" + SHOP_CLIENT, 2);
        assertThat(backMarket.listing(listing).path("price").asText()).isEqualTo("110.99");
    }

    // ------------------------------------------------------------ helpers

    private long simpleProduct(String sku, String regularPrice, int stock) {
        ObjectNode product = WooSandboxControl.JSON.createObjectNode().put("name", "Phone " + sku).put("sku", sku)
                .put("regular_price", regularPrice).put("manage_stock", true).put("stock_quantity", stock);
        return shop.seed(product).get(0).path("id").asLong();
    }

    /** A bm-priced listing of the SKU at 80.00, imported once the source poll has learnt the SKU. */
    private String listedOnBackMarket(String sku) throws Exception {
        await().atMost(WITHIN_POLLS).until(() -> jdbc.queryForObject("""
                SELECT count(*) FROM sku k JOIN client c ON c.id = k.client_id WHERE c.code = ? AND k.code = ?""",
                Integer.class, SHOP_CLIENT, sku) == 1);
        String listing = backMarket.seed(1, (i, l) -> l.put("sku", sku).put("quantity", 0).put("price", "80.00")).get(0)
                .path("id").asText();
        admin("POST", "/accounts/bm-priced/listings/import?wait=true");
        return listing;
    }

    private long listingId(String bmListing) {
        return jdbc.queryForObject("""
                SELECT l.id FROM listing l JOIN channel_account a ON a.id = l.channel_account_id JOIN client c ON c.id = a.client_id
                 WHERE c.code = ? AND a.code = 'bm-priced' AND l.channel_listing_id = ?""", Long.class, SHOP_CLIENT, bmListing);
    }

    private JsonNode price(long listingId) throws Exception {
        return admin("GET", "/listings/" + listingId + "/price");
    }

    private int deliver(byte[] body, String signature) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/webhooks/woocommerce-source/" + SHOP_CLIENT))
                .header("Content-Type", "application/json").header("X-WC-Webhook-Topic", "product.updated")
                .header("X-WC-Webhook-Signature", signature).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private JsonNode admin(String method, String path) throws Exception {
        Answer answer = http(method, "/admin/clients/" + SHOP_CLIENT + path, null, ADMIN);
        assertThat(answer.status()).as(method + " " + path + ": " + answer.json()).isBetween(200, 299);
        return answer.json();
    }
}
