package dev.kanal.offers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.KanalIntegrationTest;
import dev.kanal.sandbox.backmarket.BackMarketSandboxControl;
import dev.kanal.sandbox.baselinker.BaseLinkerSandboxDriver;
import dev.kanal.sandbox.woocommerce.WooSandboxControl;
import java.net.URI;
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
 * Flow 5, products out, end to end on real PostgreSQL and the sandboxes over HTTP: a product of
 * the sandbox ERP is offered through the admin API to woo-out (a WooCommerce draft), bl-out (a
 * BaseLinker inventory product), bm-out (a Back Market listing matched by EAN) and wm-out (a
 * Walmart offer set up on the catalogue item with the EAN as its GTIN), becomes a
 * listing of the account mapped to its SKU, and from then on only its quantity is written.
 */
class ProductsOutEndToEndTest extends KanalIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("admin:test-secret".getBytes());

    @Autowired JdbcTemplate jdbc;
    @Autowired ProductOffers offers;

    WooSandboxControl woo;
    BaseLinkerSandboxDriver baseLinker;
    BackMarketSandboxControl backMarket;
    String prefix;

    @BeforeEach
    void sandboxes() throws Exception {
        woo = WooSandboxControl.shop(PORT, WOO_OUT_KEY, WOO_OUT_SECRET);
        baseLinker = new BaseLinkerSandboxDriver(URI.create(baseUrl() + "/sandbox/baselinker"), BL_OUT_TOKEN);
        baseLinker.inventory(); // the sandbox knows the account from its first control request
        backMarket = new BackMarketSandboxControl(URI.create(baseUrl() + "/sandbox/backmarket"), BM_OUT_TOKEN);
        backMarket.listings();
        prefix = "PO" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
    }

    @Test
    void aNewErpProductReachesWooCommerceAsADraftAndBaseLinkerAsAnInventoryProductOnce() throws Exception {
        String sku = prefix + "-PHONE";
        String ean = ean13(prefix);
        erpProduct(sku, "Phone " + prefix, ean, 5);

        JsonNode woo1 = offer("woo-out", Map.of("skus", List.of(sku))).get(0);
        JsonNode woo2 = offer("woo-out", Map.of("skus", List.of(sku))).get(0);
        JsonNode bl1 = offer("bl-out", Map.of("skus", List.of(sku))).get(0);
        JsonNode bl2 = offer("bl-out", Map.of("skus", List.of(sku))).get(0);

        assertThat(woo1.path("outcome").asText()).isEqualTo("CREATED");
        assertThat(woo2.path("outcome").asText()).as("offered twice: the first outcome stands").isEqualTo("CREATED");
        assertThat(woo2.path("channelListingId").asText()).isEqualTo(woo1.path("channelListingId").asText());
        assertThat(woo2.path("attempts").asInt()).as("one channel offer").isEqualTo(1);
        List<JsonNode> drafts = woo.productsWithSku(sku);
        assertThat(drafts).hasSize(1);
        JsonNode draft = drafts.get(0);
        assertThat(draft.path("status").asText()).isEqualTo("draft");
        assertThat(draft.path("name").asText()).isEqualTo("Phone " + prefix);
        assertThat(draft.path("meta_data").toString()).contains("\"key\":\"ean\"", ean);
        assertThat(draft.path("regular_price").asText()).as("no price rule yet: the seller sets it").isEmpty();

        assertThat(bl1.path("outcome").asText()).isEqualTo("CREATED");
        assertThat(bl2.path("channelListingId").asText()).isEqualTo(bl1.path("channelListingId").asText());
        assertThat(baseLinker.stock().stream().filter(p -> sku.equals(p.path("sku").asText())).toList())
                .singleElement().satisfies(p -> {
                    assertThat(p.path("name").asText()).isEqualTo("Phone " + prefix);
                    assertThat(p.path("ean").asText()).isEqualTo(ean);
                });
        assertThat(baseLinker.stats().path("calls").path("addInventoryProduct").asInt()).isEqualTo(1);

        // the listings are mapped to the SKU: the ERP's stock goes out like any other listing's
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(woo.product(draft.path("id").asLong()).path("stock_quantity").asInt()).isEqualTo(5);
            assertThat(baseLinker.stockOf(sku)).isEqualTo(5);
        });

        // a redelivery after a crash between the channel call and the record: the look-up finds the product
        jdbc.update("""
                DELETE FROM product_offer WHERE sku_id = (SELECT k.id FROM sku k JOIN client c ON c.id = k.client_id
                                                            WHERE c.code = ? AND k.code = ?)""", CLIENT, sku);
        jdbc.update("""
                DELETE FROM listing_mapping WHERE sku_id = (SELECT k.id FROM sku k JOIN client c ON c.id = k.client_id
                                                            WHERE c.code = ? AND k.code = ?)""", CLIENT, sku);
        JsonNode woo3 = offer("woo-out", Map.of("skus", List.of(sku))).get(0);
        JsonNode bl3 = offer("bl-out", Map.of("skus", List.of(sku))).get(0);
        assertThat(woo3.path("outcome").asText()).isEqualTo("ALREADY_LISTED");
        assertThat(woo3.path("channelListingId").asText()).isEqualTo(woo1.path("channelListingId").asText());
        assertThat(bl3.path("outcome").asText()).isEqualTo("ALREADY_LISTED");
        assertThat(bl3.path("channelListingId").asText()).isEqualTo(bl1.path("channelListingId").asText());
        assertThat(woo.productsWithSku(sku)).hasSize(1);
        assertThat(baseLinker.stats().path("calls").path("addInventoryProduct").asInt()).isEqualTo(1);
    }

    @Test
    void aNameEditedOnTheChannelSurvivesLaterStockUpdates() throws Exception {
        String sku = prefix + "-EDIT";
        erpProduct(sku, "Phone " + prefix, ean13(prefix), 4);
        long id = Long.parseLong(offer("woo-out", Map.of("skus", List.of(sku))).get(0).path("channelListingId").asText());
        await().atMost(Duration.ofSeconds(20)).until(() -> woo.product(id).path("stock_quantity").asInt() == 4);

        woo.editProduct(id, Map.of("name", "Refurbished phone, edited in the shop", "description", "<p>Shop's own words</p>",
                "status", "publish"));
        erpStock(sku, 9);

        await().atMost(Duration.ofSeconds(20)).until(() -> woo.product(id).path("stock_quantity").asInt() == 9);
        JsonNode product = woo.product(id);
        assertThat(product.path("name").asText()).isEqualTo("Refurbished phone, edited in the shop");
        assertThat(product.path("description").asText()).isEqualTo("<p>Shop's own words</p>");
        assertThat(product.path("status").asText()).isEqualTo("publish");
        assertThat(offer("woo-out", Map.of("skus", List.of(sku))).get(0).path("attempts").asInt())
                .as("offered again: nothing is sent").isEqualTo(1);
        assertThat(woo.product(id).path("name").asText()).isEqualTo("Refurbished phone, edited in the shop");
    }

    @Test
    void backMarketListsByEanAndRecordsAnUnknownEanAsNoMatch() throws Exception {
        String known = prefix + "-KNOWN";
        String unknown = prefix + "-UNKNOWN";
        String knownEan = ean13(prefix + "K");
        String unknownEan = ean13(prefix + "U");
        JsonNode catalogueProduct = http("POST", "/sandbox/backmarket/_control/catalogue",
                List.of(Map.of("ean", knownEan, "title", "iPhone 8 64 GB " + prefix)), null).json().get(0);
        erpProduct(known, "Phone " + prefix, knownEan, 3);
        erpProduct(unknown, "Other " + prefix, unknownEan, 3);

        List<JsonNode> outcomes = offer("bm-out", Map.of("skus", List.of(known, unknown, prefix + "-NOT-IN-KANAL"),
                "prices", Map.of(known, "129.00", unknown, "99.00")));

        assertThat(outcomes.get(0).path("outcome").asText()).isEqualTo("MATCHED");
        assertThat(outcomes.get(1).path("outcome").asText()).isEqualTo("NO_MATCH");
        assertThat(outcomes.get(1).path("detail").asText()).contains("No product matches ean " + unknownEan);
        assertThat(outcomes.get(2).path("outcome").asText()).isEqualTo("UNKNOWN_SKU");
        JsonNode listing = backMarket.listing(outcomes.get(0).path("channelListingId").asText());
        assertThat(listing.path("product_id").asText()).isEqualTo(catalogueProduct.path("product_id").asText());
        assertThat(listing.path("sku").asText()).isEqualTo(known);
        assertThat(listing.path("price").asText()).isEqualTo("129.00");
        assertThat(backMarket.listings()).extracting(l -> l.path("sku").asText()).doesNotContain(unknown);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                backMarket.listing(outcomes.get(0).path("channelListingId").asText()).path("quantity").asInt() == 3);

        JsonNode noMatch = admin("GET", "/accounts/bm-out/offers?state=no_match", null).json();
        assertThat(noMatch.toString()).contains("\"sku\":\"" + unknown + "\"").doesNotContain("\"sku\":\"" + known + "\"");
        long tasks = backMarket.stats().path("tasks").asLong();
        JsonNode again = offer("bm-out", Map.of("skus", List.of(unknown), "prices", Map.of(unknown, "99.00"))).get(0);
        assertThat(again.path("outcome").asText()).as("an operator may ask again; still no match").isEqualTo("NO_MATCH");
        assertThat(backMarket.stats().path("tasks").asLong()).isEqualTo(tasks + 1);
    }

    @Test
    void walmartSetsAnOfferUpOnTheCatalogueItemWithTheEanOnceAndRecordsAnUnknownEanAsNoMatch() throws Exception {
        String known = prefix + "-WMK";
        String unknown = prefix + "-WMU";
        String knownEan = ean13(prefix + "WK");
        String unknownEan = ean13(prefix + "WU");
        String seller = basic(WM_OUT_CLIENT_ID, WM_OUT_SECRET);
        http("GET", "/sandbox/walmart/_control/items", null, seller); // the sandbox knows wm-out's seller from now
        JsonNode catalogueItem = http("POST", "/sandbox/walmart/_control/catalogue",
                List.of(Map.of("gtin", knownEan, "title", "Refurbished phone " + prefix)), null).json().get(0);
        erpProduct(known, "Phone " + prefix, knownEan, 3);
        erpProduct(unknown, "Other " + prefix, unknownEan, 3);

        List<JsonNode> outcomes = offer("wm-out", Map.of("skus", List.of(known, unknown),
                "prices", Map.of(known, "129.00", unknown, "99.00")));
        JsonNode again = offer("wm-out", Map.of("skus", List.of(known), "prices", Map.of(known, "129.00"))).get(0);

        assertThat(outcomes.get(0).path("outcome").asText()).as(outcomes.get(0).toString()).isEqualTo("MATCHED");
        assertThat(outcomes.get(0).path("channelListingId").asText()).isEqualTo(known);
        assertThat(outcomes.get(0).path("detail").asText()).contains(catalogueItem.path("itemId").asText());
        assertThat(outcomes.get(1).path("outcome").asText()).isEqualTo("NO_MATCH");
        assertThat(outcomes.get(1).path("detail").asText()).contains("Walmart's catalogue has no item with GTIN 0" + unknownEan);
        assertThat(again.path("outcome").asText()).as("offered twice: the first outcome stands").isEqualTo("MATCHED");
        assertThat(again.path("attempts").asInt()).as("one channel offer").isEqualTo(1);
        JsonNode feeds = http("GET", "/sandbox/walmart/_control/feeds", null, seller).json();
        assertThat(feeds.findValuesAsText("feedType")).as("one match feed, none for the unknown EAN").containsExactly("MP_ITEM_MATCH");
        JsonNode items = http("GET", "/sandbox/walmart/_control/items", null, seller).json();
        assertThat(items.findValuesAsText("sku")).containsExactly(known);
        assertThat(items.get(0).path("wpid").asText()).isEqualTo(catalogueItem.path("itemId").asText());
        // the offer is the seller's item now: the ERP's quantity follows it like any Walmart listing's
        await().atMost(Duration.ofSeconds(20)).until(() ->
                http("GET", "/sandbox/walmart/_control/items/" + known, null, seller).json().path("quantity").asInt() == 3);
        assertThat(admin("GET", "/accounts/wm-out/offers?state=no_match", null).json().toString())
                .contains("\"sku\":\"" + unknown + "\"").doesNotContain("\"sku\":\"" + known + "\"");
    }

    @Test
    void accountsThatCannotTakeAProductAndSwitchedOffAccountsSaySo() throws Exception {
        String sku = prefix + "-WM";
        erpProduct(sku, "Phone " + prefix, ean13(prefix), 2);
        http("GET", "/sandbox/walmart/_control/items", null, basic(WM_CLIENT_ID, WM_SECRET)); // the sandbox knows wm's seller from now

        JsonNode walmart = offer("wm", Map.of("skus", List.of(sku), "prices", Map.of(sku, "99.00"))).get(0);
        assertThat(walmart.path("outcome").asText()).isEqualTo("REFUSED");
        assertThat(walmart.path("detail").asText()).contains("settings.shipping-weight");
        assertThat(admin("GET", "/accounts/wm/offers?state=refused", null).json().toString()).contains(sku);

        Answer off = admin("POST", "/accounts/bm/offers", Map.of("skus", List.of(sku)));
        assertThat(off.status()).isEqualTo(409);
        assertThat(off.json().path("error").asText()).contains("products-out is off");

        JsonNode noPrice = offer("bm-out", Map.of("skus", List.of(sku))).get(0);
        assertThat(noPrice.path("outcome").asText()).isEqualTo("REFUSED");
        assertThat(noPrice.path("detail").asText()).contains("no price");

        assertThat(admin("POST", "/accounts/woo-out/offers", Map.of("skus", List.of())).status()).isEqualTo(400);
    }

    /** The console's Listings page has an offer form for accounts that take products; it posts the SKUs as one text. */
    @Test
    void theConsoleOffersProductsToAccountsThatTakeThem() throws Exception {
        java.net.http.HttpResponse<String> page = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                URI.create(baseUrl() + "/console/listings?client=" + CLIENT)).header("Authorization", ADMIN).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        String html = page.body();
        String wooRow = html.substring(html.indexOf("id=\"mode-woo-out\""), html.indexOf("</tr>", html.indexOf("id=\"mode-woo-out\"")));
        String bmRow = html.substring(html.indexOf("id=\"mode-bm\""), html.indexOf("</tr>", html.indexOf("id=\"mode-bm\"")));
        assertThat(wooRow).contains("selected", "/admin/clients/" + CLIENT + "/accounts/woo-out/offers", "Offer products");
        assertThat(bmRow).contains("off").doesNotContain("Offer products");

        String first = prefix + "-C1";
        String second = prefix + "-C2";
        erpProduct(first, "Console one " + prefix, ean13(first), 1);
        erpProduct(second, "Console two " + prefix, ean13(second), 1);
        List<JsonNode> outcomes = offer("woo-out", Map.of("skus", first + ", " + second));
        assertThat(outcomes).extracting(o -> o.path("sku").asText() + " " + o.path("outcome").asText())
                .containsExactly(first + " CREATED", second + " CREATED");
    }

    /** What the sweep of a products-out all account would pick: SKUs never offered and not listed; a selected account refuses it. */
    @Test
    void theSweepPicksOnlySkusNeverOfferedAndNeverListed() throws Exception {
        String offered = prefix + "-S1";
        String fresh = prefix + "-S2";
        erpProduct(offered, "Swept " + prefix, ean13(offered), 1);
        erpProduct(fresh, "Fresh " + prefix, ean13(fresh), 1);
        offer("woo-out", Map.of("skus", List.of(offered)));
        dev.kanal.stock.AccountRef ref = new dev.kanal.stock.AccountRef(CLIENT, "woo-out");

        List<String> due = offers.unoffered(ref, 100_000);

        assertThat(due).contains(fresh).doesNotContain(offered);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> offers.offer(ref, List.of(fresh), Map.of(), OfferTrigger.SWEEP))
                .isInstanceOf(ProductOffers.NotOffered.class).hasMessageContaining("only operators offer");
        assertThat(woo.productsWithSku(fresh)).isEmpty();
    }

    // ---------------------------------------------------------------- helpers

    /** A product card in the sandbox ERP with stock in MAG, known to Kanal once its poll has seen it. */
    private void erpProduct(String sku, String name, String ean, int onHand) throws Exception {
        erpStock(sku, onHand);
        assertThat(http("PUT", "/sandbox/subiekt/" + CLIENT + "/_control/products/" + sku, Map.of("name", name, "ean", ean), null)
                .status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> !jdbc.queryForList(
                "SELECT k.id FROM sku k JOIN client c ON c.id = k.client_id WHERE c.code = ? AND k.code = ?", Long.class,
                CLIENT, sku).isEmpty());
    }

    private void erpStock(String sku, int onHand) throws Exception {
        Answer answer = http("PUT", "/sandbox/subiekt/" + CLIENT + "/_control/stock", List.of(Map.of("symbol", sku, "name", sku,
                "warehouse", "MAG", "onHand", onHand, "reserved", 0, "blocked", false)), null);
        assertThat(answer.status()).isEqualTo(200);
    }

    private List<JsonNode> offer(String account, Map<String, Object> body) throws Exception {
        Answer answer = admin("POST", "/accounts/" + account + "/offers", body);
        assertThat(answer.status()).as(answer.json().toString()).isEqualTo(200);
        return JSON.convertValue(answer.json(), JSON.getTypeFactory().constructCollectionType(List.class, JsonNode.class));
    }

    private static String basic(String user, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes());
    }

    private Answer admin(String method, String path, Object body) throws Exception {
        return http(method, "/admin/clients/" + CLIENT + path, body, ADMIN);
    }

    /** A valid EAN-13 (check digit included) derived from the text: each test its own barcodes. */
    private static String ean13(String seed) {
        String digits = String.format("%012d", Math.floorMod((long) seed.hashCode() * 7919L, 1_000_000_000_000L));
        int sum = 0;
        for (int i = 0; i < 12; i++) {
            sum += (digits.charAt(i) - '0') * (i % 2 == 0 ? 1 : 3);
        }
        return digits + (10 - sum % 10) % 10;
    }
}
