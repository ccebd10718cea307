package dev.kanal.offers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * Products out from a client whose source is a WooCommerce shop ({@link #SHOP_CLIENT}), end to
 * end on real PostgreSQL, the broker and the sandboxes over HTTP: a variation of the shop is
 * offered through the admin API to bl-out (one BaseLinker inventory product with the shop's name,
 * GTIN, options and images) and to bm-out (a Back Market listing matched by the GTIN, priced by the
 * account's rule from the shop's regular price); offering again creates nothing; from then on only
 * quantity follows the shop's stock, and names and texts edited on the channels stay.
 */
class ShopProductsOutEndToEndTest extends KanalIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("admin:test-secret".getBytes());
    /** The shop source is polled every second: a stock edit is on the channels well within this. */
    private static final Duration WITHIN_POLLS = Duration.ofSeconds(20);

    @Autowired JdbcTemplate jdbc;

    WooSandboxControl shop;
    BaseLinkerSandboxDriver baseLinker;
    BackMarketSandboxControl backMarket;
    String prefix;

    @BeforeEach
    void sandboxes() {
        shop = WooSandboxControl.shop(PORT, SHOP_SOURCE_KEY, SHOP_SOURCE_SECRET);
        baseLinker = new BaseLinkerSandboxDriver(URI.create(baseUrl() + "/sandbox/baselinker"), SHOP_BL_OUT_TOKEN);
        baseLinker.inventory(); // the sandbox knows an account from its first control request
        backMarket = new BackMarketSandboxControl(URI.create(baseUrl() + "/sandbox/backmarket"), SHOP_BM_OUT_TOKEN);
        backMarket.listings();
        prefix = "SP" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
    }

    @Test
    void aShopVariationReachesBaseLinkerOnceAndBackMarketByItsGtinAndEditsOnTheChannelsSurviveStockUpdates() throws Exception {
        String sku = prefix + "-11-BK";
        String gtin = ean13(prefix);
        JsonNode variable = shopVariation(sku, gtin, "329.00", 4);
        long productId = variable.path("id").asLong();
        long variationId = variable.path("variations").get(0).path("id").asLong();
        JsonNode catalogueProduct = backMarket.catalogue(Map.of(gtin, "iPhone 11 64 GB Black " + prefix)).get(0);

        JsonNode bl1 = offer("bl-out", Map.of("skus", List.of(sku))).get(0);
        JsonNode bm1 = offer("bm-out", Map.of("skus", List.of(sku))).get(0);
        long blProductsAdded = baseLinker.calls("addInventoryProduct");
        long bmTasks = backMarket.stats().path("tasks").asLong();
        JsonNode bl2 = offer("bl-out", Map.of("skus", List.of(sku))).get(0);
        JsonNode bm2 = offer("bm-out", Map.of("skus", List.of(sku))).get(0);

        // BaseLinker: one inventory product, made from the shop's product card
        assertThat(bl1.path("outcome").asText()).as(bl1.toString()).isEqualTo("CREATED");
        assertThat(bl2.path("channelListingId").asText()).isEqualTo(bl1.path("channelListingId").asText());
        assertThat(bl2.path("attempts").asInt()).as("offered twice: one channel offer").isEqualTo(1);
        assertThat(blProductsAdded).isEqualTo(1);
        assertThat(baseLinker.calls("addInventoryProduct")).as("nothing new the second time").isEqualTo(1);
        JsonNode added = baseLinker.exchanges().stream().filter(e -> "addInventoryProduct".equals(e.path("method").asText()))
                .findFirst().orElseThrow().path("parameters");
        assertThat(added.path("sku").asText()).isEqualTo(sku);
        assertThat(added.path("ean").asText()).as("the variation's GTIN (global_unique_id)").isEqualTo(gtin);
        assertThat(added.path("text_fields").path("name").asText()).isEqualTo("iPhone 11 " + prefix + " - Black");
        assertThat(added.path("text_fields").path("features").path("Colour").asText()).isEqualTo("Black");
        assertThat(added.path("images").get(0).asText()).as("the parent's image: the variation has none of its own")
                .isEqualTo("url:https://shop.example/" + prefix + "/11.jpg");
        assertThat(baseLinker.stock().stream().filter(p -> sku.equals(p.path("sku").asText())).toList()).hasSize(1);

        // Back Market: matched to the catalogue by the GTIN, at the account's price from the shop's 329.00
        assertThat(bm1.path("outcome").asText()).as(bm1.toString()).isEqualTo("MATCHED");
        assertThat(bm2.path("channelListingId").asText()).isEqualTo(bm1.path("channelListingId").asText());
        assertThat(bm2.path("attempts").asInt()).isEqualTo(1);
        assertThat(backMarket.stats().path("tasks").asLong()).as("no second catalog task").isEqualTo(bmTasks);
        String listingId = bm1.path("channelListingId").asText();
        JsonNode listing = backMarket.listing(listingId);
        assertThat(listing.path("product_id").asText()).isEqualTo(catalogueProduct.path("product_id").asText());
        assertThat(listing.path("price").asText()).as("329.00 + 10 % = 361.90, up to .99").isEqualTo("361.99");
        assertThat(backMarket.listings().stream().filter(l -> sku.equals(l.path("sku").asText())).count()).isEqualTo(1);

        // both are listings of their account mapped to the SKU: the shop's stock goes out
        await().atMost(WITHIN_POLLS).untilAsserted(() -> {
            assertThat(baseLinker.stockOf(sku)).isEqualTo(4);
            assertThat(backMarket.listing(listingId).path("quantity").asInt()).isEqualTo(4);
        });

        // the seller rewrites the name on BaseLinker and the title and comment on Back Market
        long blProduct = Long.parseLong(bl1.path("channelListingId").asText());
        ObjectNode rename = JSON.createObjectNode().put("inventory_id", baseLinker.inventory().path("inventory_id").asLong())
                .put("product_id", String.valueOf(blProduct));
        rename.putObject("text_fields").put("name", "iPhone 11 Black, refurbished (our words)");
        assertThat(baseLinker.api("addInventoryProduct", rename).path("status").asText()).isEqualTo("SUCCESS");
        backMarket.editByHand(listingId, edit -> edit.put("title", "Edited on Back Market").put("comment", "Seller's note"));

        shop.setVariationStock(productId, variationId, 2);

        await().atMost(WITHIN_POLLS).untilAsserted(() -> {
            assertThat(baseLinker.stockOf(sku)).isEqualTo(2);
            assertThat(backMarket.listing(listingId).path("quantity").asInt()).isEqualTo(2);
        });
        assertThat(baseLinker.stock().stream().filter(p -> sku.equals(p.path("sku").asText())).findFirst().orElseThrow()
                .path("name").asText()).isEqualTo("iPhone 11 Black, refurbished (our words)");
        JsonNode after = backMarket.listing(listingId);
        assertThat(after.path("title").asText()).isEqualTo("Edited on Back Market");
        assertThat(after.path("comment").asText()).isEqualTo("Seller's note");
        assertThat(after.path("price").asText()).isEqualTo("361.99");
        assertThat(baseLinker.calls("addInventoryProduct")).as("Kanal's only product write was the first").isEqualTo(2);
    }

    @Test
    void aSkuTheShopNoLongerSellsIsRefusedAndAnUnknownGtinIsNoMatch() throws Exception {
        String gone = prefix + "-GONE";
        String unknownGtin = prefix + "-NEW";
        long goneId = shopProduct(gone, null, "99.00", 1);
        shopProduct(unknownGtin, ean13(prefix + "N"), "99.00", 1);
        awaitSku(gone);
        awaitSku(unknownGtin);
        shop.editProduct(goneId, Map.of("sku", gone + "-RENAMED")); // the shop sells it under another SKU now

        List<JsonNode> outcomes = offer("bm-out", Map.of("skus", List.of(gone, unknownGtin)));

        assertThat(outcomes.get(0).path("outcome").asText()).isEqualTo("REFUSED");
        assertThat(outcomes.get(0).path("detail").asText()).contains("the source has no product " + gone);
        assertThat(outcomes.get(1).path("outcome").asText()).isEqualTo("NO_MATCH");
        assertThat(backMarket.listings()).extracting(l -> l.path("sku").asText()).doesNotContain(gone, unknownGtin);
    }

    // ---------------------------------------------------------------- helpers

    /** A variable product "iPhone 11 <prefix>" with an image, and one variation (Black) with its own GTIN and price. */
    private JsonNode shopVariation(String sku, String gtin, String price, int stock) throws Exception {
        ObjectNode product = JSON.createObjectNode().put("name", "iPhone 11 " + prefix).put("type", "variable");
        product.putArray("images").addObject().put("src", "https://shop.example/" + prefix + "/11.jpg");
        product.putArray("attributes").addObject().put("name", "Colour").put("variation", true).putArray("options").add("Black");
        ObjectNode variation = product.putArray("variations").addObject().put("sku", sku).put("global_unique_id", gtin)
                .put("regular_price", price).put("manage_stock", true).put("stock_quantity", stock);
        variation.putArray("attributes").addObject().put("name", "Colour").put("option", "Black");
        JsonNode made = shop.seed(product).get(0);
        awaitSku(sku);
        return made;
    }

    private long shopProduct(String sku, String gtin, String price, int stock) {
        ObjectNode product = JSON.createObjectNode().put("name", "Phone " + sku).put("sku", sku).put("regular_price", price)
                .put("manage_stock", true).put("stock_quantity", stock);
        if (gtin != null) {
            product.put("global_unique_id", gtin);
        }
        return shop.seed(product).get(0).path("id").asLong();
    }

    /** Kanal knows a shop item's SKU once the source poll has read it. */
    private void awaitSku(String sku) {
        await().atMost(WITHIN_POLLS).until(() -> jdbc.queryForObject("""
                SELECT count(*) FROM sku k JOIN client c ON c.id = k.client_id WHERE c.code = ? AND k.code = ?""",
                Integer.class, SHOP_CLIENT, sku) == 1);
    }

    private List<JsonNode> offer(String account, Map<String, Object> body) throws Exception {
        Answer answer = http("POST", "/admin/clients/" + SHOP_CLIENT + "/accounts/" + account + "/offers", body, ADMIN);
        assertThat(answer.status()).as(answer.json().toString()).isEqualTo(200);
        return JSON.convertValue(answer.json(), JSON.getTypeFactory().constructCollectionType(List.class, JsonNode.class));
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
