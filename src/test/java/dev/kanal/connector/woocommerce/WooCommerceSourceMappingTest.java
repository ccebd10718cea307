package dev.kanal.connector.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.client.config.SourceConfig;
import dev.kanal.connector.MalformedSourceDeliveryException;
import dev.kanal.connector.SourceItem;
import dev.kanal.connector.SourceOrder;
import dev.kanal.connector.SourceProduct;
import dev.kanal.connector.TrustBundles;
import dev.kanal.support.PermanentFailure;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a source shop's products, variations and webhook bodies become items, and what an order written to it says. */
class WooCommerceSourceMappingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SourceConfig SOURCE = SourceConfig.wooCommerce("http://127.0.0.1:1/wp-json/wc/v3", "ck", "cs", null, "s", null);
    private final WooCommerceSource source = new WooCommerceSource(new WooCommerceClient(), TrustBundles.none(), Clock.systemUTC());

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void aSimpleProductIsOneItemWithItsSkuAndManagedStock() throws Exception {
        SourceItem item = WooCommerceSource.simple(json("""
                {"id":41,"name":"iPhone XR","type":"simple","sku":"SH-IPXR","manage_stock":true,"stock_quantity":5,
                 "date_modified_gmt":"2026-12-07T09:10:11"}"""));

        assertThat(item).isEqualTo(new SourceItem("SH-IPXR", "41", "41", "iPhone XR", Map.of(), 5,
                Instant.parse("2026-12-07T09:10:11Z"), null));
        assertThat(item.sellable()).isEqualTo(5);
    }

    @Test
    void anUnmanagedOrNegativeStockSellsNothingAndABlankSkuIsNoSku() throws Exception {
        SourceItem unmanaged = WooCommerceSource.simple(json("""
                {"id":42,"name":"Case","sku":"","manage_stock":false,"stock_quantity":null}"""));
        SourceItem oversold = WooCommerceSource.simple(json("""
                {"id":43,"name":"Cable","sku":"C1","manage_stock":true,"stock_quantity":-2}"""));

        assertThat(unmanaged.sku()).isNull();
        assertThat(unmanaged.onHand()).isNull();
        assertThat(unmanaged.sellable()).isZero();
        assertThat(oversold.onHand()).isEqualTo(-2);
        assertThat(oversold.sellable()).isZero();
    }

    @Test
    void aVariationCarriesItsAttributesAndTakesTheParentsStockWhenManagedThere() throws Exception {
        JsonNode parent = json("""
                {"id":50,"name":"iPhone 11","type":"variable","manage_stock":true,"stock_quantity":9}""");
        SourceItem own = WooCommerceSource.variation(parent, json("""
                {"id":51,"sku":"SH-IP11-BK","manage_stock":true,"stock_quantity":2,
                 "attributes":[{"id":0,"name":"Colour","option":"Black"},{"id":0,"name":"Storage","option":"64 GB"}]}"""));
        SourceItem atParent = WooCommerceSource.variation(parent, json("""
                {"id":52,"sku":"SH-IP11-WH","manage_stock":"parent","stock_quantity":9,
                 "attributes":[{"id":0,"name":"Colour","option":"White"}]}"""));

        assertThat(own.itemRef()).isEqualTo("50/51");
        assertThat(own.productRef()).isEqualTo("50");
        assertThat(own.attributes()).containsExactly(Map.entry("Colour", "Black"), Map.entry("Storage", "64 GB"));
        assertThat(own.onHand()).isEqualTo(2);
        assertThat(atParent.onHand()).as("manage_stock parent: the parent's quantity").isEqualTo(9);
    }

    @Test
    void anItemsPriceIsItsRegularPriceAlsoWhileASaleRuns() throws Exception {
        SourceItem onSale = WooCommerceSource.simple(json("""
                {"id":44,"name":"iPhone XR","sku":"SH-XR","manage_stock":true,"stock_quantity":1,
                 "price":"199.00","regular_price":"249.00","sale_price":"199.00","on_sale":true,
                 "date_on_sale_from_gmt":"2026-12-01T00:00:00","date_on_sale_to_gmt":"2026-12-31T23:59:59"}"""));
        SourceItem plain = WooCommerceSource.simple(json("""
                {"id":45,"name":"Case","sku":"SH-CASE","manage_stock":false,"price":"9.90","regular_price":"9.90","sale_price":""}"""));

        assertThat(onSale.price()).as("the shop's sale is its own promotion: the regular price counts").isEqualByComparingTo("249.00");
        assertThat(plain.price()).isEqualByComparingTo("9.90");
    }

    @Test
    void anItemWithoutARegularPriceHasNoPriceNeverZero() throws Exception {
        for (String regular : List.of("\"regular_price\":\"\"", "\"regular_price\":\"0\"", "\"regular_price\":\"0.00\"",
                "\"regular_price\":null", "\"regular_price\":\"n/a\"", "\"regular_price\":\"-5.00\"", "\"x\":1")) {
            SourceItem item = WooCommerceSource.simple(json("{\"id\":46,\"name\":\"Cable\",\"sku\":\"SH-C\",\"manage_stock\":true,"
                    + "\"stock_quantity\":3,\"price\":\"\"," + regular + "}"));

            assertThat(item.price()).as(regular).isNull();
            assertThat(item.onHand()).as("its stock still counts").isEqualTo(3);
        }
        // a sale price alone (the shop's price field shows it) is still no regular price
        assertThat(WooCommerceSource.simple(json("""
                {"id":47,"name":"Cable","sku":"SH-C2","price":"5.00","regular_price":"","sale_price":"5.00"}""")).price()).isNull();
    }

    @Test
    void aVariationsPriceIsItsOwnNeverItsParents() throws Exception {
        JsonNode parent = json("""
                {"id":50,"name":"iPhone 11","type":"variable","price":"299.00","regular_price":"","sale_price":""}""");
        SourceItem priced = WooCommerceSource.variation(parent, json("""
                {"id":51,"sku":"SH-IP11-BK","manage_stock":true,"stock_quantity":2,"price":"299.00","regular_price":"329.00",
                 "sale_price":"299.00","attributes":[{"id":0,"name":"Colour","option":"Black"}]}"""));
        SourceItem unpriced = WooCommerceSource.variation(parent, json("""
                {"id":52,"sku":"SH-IP11-WH","manage_stock":true,"stock_quantity":1,"price":"","regular_price":"",
                 "attributes":[{"id":0,"name":"Colour","option":"White"}]}"""));
        List<SourceItem> delivered = source.webhookItems("c", SOURCE, json("""
                {"id":53,"type":"variation","parent_id":50,"name":"iPhone 11 - Red","sku":"SH-IP11-RD",
                 "manage_stock":true,"stock_quantity":4,"regular_price":"339.50","attributes":[{"name":"Colour","option":"Red"}]}"""));

        assertThat(priced.price()).isEqualByComparingTo("329.00");
        assertThat(unpriced.price()).as("no price of its own: none, not the parent's").isNull();
        assertThat(delivered).singleElement().satisfies(item -> assertThat(item.price()).isEqualByComparingTo("339.50"));
    }

    @Test
    void aWebhookOfAVariationIsReadFromItsBodyAndABodyThatIsNoProductIsRefused() throws Exception {
        List<SourceItem> items = source.webhookItems("c", SOURCE, json("""
                {"id":61,"type":"variation","parent_id":60,"name":"iPhone 11 - Black","sku":"SH-IP11-BK",
                 "manage_stock":true,"stock_quantity":4,"attributes":[{"name":"Colour","option":"Black"}]}"""));

        assertThat(items).singleElement().satisfies(item -> {
            assertThat(item.itemRef()).isEqualTo("60/61");
            assertThat(item.onHand()).isEqualTo(4);
        });
        assertThatThrownBy(() -> source.webhookItems("c", SOURCE, json("{\"hello\":1}")))
                .isInstanceOf(MalformedSourceDeliveryException.class).isInstanceOf(PermanentFailure.class)
                .hasMessageContaining("no id");
        assertThatThrownBy(() -> source.webhookItems("c", SOURCE, json("{\"id\":7,\"name\":\"x\"}")))
                .isInstanceOf(MalformedSourceDeliveryException.class).hasMessageContaining("no sku or manage_stock");
        assertThatThrownBy(() -> source.webhookItems("c", SOURCE, "product.updated", "<html>maintenance</html>"))
                .isInstanceOf(MalformedSourceDeliveryException.class).hasMessageStartingWith("not a WooCommerce product: the body is not JSON");
        assertThatThrownBy(() -> source.webhookItems("c", SOURCE, "product.updated", ""))
                .isInstanceOf(MalformedSourceDeliveryException.class).hasMessageContaining("no id");
    }

    @Test
    void anOrderForTheShopIsPaidByIdsAtTheChannelsPriceAndCarriesItsRequestKey() {
        SourceOrder order = new SourceOrder("shop/17/backmarket-fr:900", "backmarket-fr:900", "Back Market", false,
                List.of(new SourceOrder.Line("SH-IPXR", 2, new BigDecimal("249.50")), new SourceOrder.Line("SH-IP11-BK", 1, null)));

        JsonNode body = source.orderBody(order, sku -> sku.equals("SH-IPXR") ? new long[] {41, 0} : new long[] {50, 51});

        assertThat(body.path("set_paid").asBoolean()).isTrue();
        assertThat(body.path("status").asText()).isEqualTo("processing");
        assertThat(body.path("created_via").asText()).isEqualTo("kanal");
        assertThat(body.path("line_items").get(0).toString()).isEqualTo(
                "{\"product_id\":41,\"quantity\":2,\"subtotal\":\"499.00\",\"total\":\"499.00\"}");
        assertThat(body.path("line_items").get(1).toString()).isEqualTo("{\"product_id\":50,\"variation_id\":51,\"quantity\":1}");
        assertThat(body.path("meta_data").toString()).contains("{\"key\":\"_kanal_request_key\",\"value\":\"shop/17/backmarket-fr:900\"}");
        assertThat(WooCommerceSource.writtenByKanal(body)).isTrue();
    }

    @Test
    void cancelledUnitsAreRefundedOnTheLinesOfTheirSkuAtTheShopsPriceWithRestockAndNoPaymentBack() throws Exception {
        JsonNode order = json("""
                {"id":1201,"status":"processing","line_items":[
                  {"id":7,"product_id":41,"variation_id":0,"sku":"SH-IPXR","quantity":2,"total":"499.00"},
                  {"id":8,"product_id":41,"variation_id":0,"sku":"SH-IPXR","quantity":1,"total":"249.50"},
                  {"id":9,"product_id":50,"variation_id":51,"sku":"SH-IP11-BK","quantity":1,"total":"300.00"}]}""");
        var cancellation = new dev.kanal.connector.SourceConnector.Cancellation("1201", "shop/17/bm:900", "shop/17/bm:900/cancel/3x2",
                "line 3 cancelled on the channel", List.of(new SourceOrder.Line("SH-IPXR", 2, null)));

        JsonNode body = WooCommerceSource.refundBody(JSON, order, cancellation, Map.of(7L, 1), "shop/source");

        assertThat(body.path("line_items").toString()).as("one unit of item 7 was refunded before")
                .isEqualTo("[{\"id\":7,\"quantity\":1,\"refund_total\":\"249.50\"},{\"id\":8,\"quantity\":1,\"refund_total\":\"249.50\"}]");
        assertThat(body.path("amount").asText()).isEqualTo("499.00");
        assertThat(body.path("api_refund").asBoolean(true)).as("the customer paid the channel, not the shop").isFalse();
        assertThat(body.path("api_restock").asBoolean()).isTrue();
        assertThat(body.path("reason").asText()).isEqualTo("Kanal: line 3 cancelled on the channel");
        assertThat(body.path("meta_data").toString()).contains("{\"key\":\"_kanal_cancel_key\",\"value\":\"shop/17/bm:900/cancel/3x2\"}");

        var tooMany = new dev.kanal.connector.SourceConnector.Cancellation("1201", "k", "k/cancel", null,
                List.of(new SourceOrder.Line("SH-IP11-BK", 2, null)));
        assertThatThrownBy(() -> WooCommerceSource.refundBody(JSON, order, tooMany, Map.of(), "shop/source"))
                .isInstanceOf(dev.kanal.connector.ChannelRefusedException.class)
                .hasMessageContaining("holds 1 unrefunded unit(s) of SKU SH-IP11-BK, not the 2");
    }

    @Test
    void aCompletedOrderShipsWithItsLatestTrackingItemOrWithoutTracking() throws Exception {
        var shipped = WooCommerceSource.shipment(json("""
                {"id":1201,"status":"completed","date_completed_gmt":"2026-12-08T10:00:00","date_modified_gmt":"2026-12-08T10:00:05",
                 "meta_data":[{"id":1,"key":"_kanal_request_key","value":"shop/17/bm:900"},
                              {"id":2,"key":"_kanal_reference","value":"bm:900"},
                              {"id":3,"key":"_wc_shipment_tracking_items","value":[
                                {"tracking_provider":"DPD","tracking_number":"OLD-1","date_shipped":"1796637600"},
                                {"tracking_provider":"","custom_tracking_provider":"Colissimo","custom_tracking_link":"https://track.example/9",
                                 "tracking_number":"6A123","date_shipped":"2026-12-08"},
                                {"tracking_provider":"DPD","tracking_number":""}]}]}"""));

        assertThat(shipped).isEqualTo(new dev.kanal.connector.SourceShipment("1201", "shop/17/bm:900", "bm:900",
                Instant.parse("2026-12-08T00:00:00Z"), Instant.parse("2026-12-08T10:00:05Z"), "Colissimo", "6A123",
                "https://track.example/9"));
        assertThat(shipped.tracked()).isTrue();

        var untracked = WooCommerceSource.shipment(json("""
                {"id":1202,"status":"completed","date_completed_gmt":"2026-12-08T10:00:00",
                 "meta_data":[{"id":1,"key":"_kanal_request_key","value":"k"}]}"""));
        assertThat(untracked.tracked()).isFalse();
        assertThat(untracked.shippedAt()).isEqualTo(Instant.parse("2026-12-08T10:00:00Z"));
        assertThat(untracked.reference()).isNull();
    }

    @Test
    void aFinishedOrderKanalWroteIsAShipmentWhenCompletedAndACancellationWhenCancelledOrRefundedTheRestIsNot() throws Exception {
        String kanals = """
                {"id":%d,"status":"%s","date_completed_gmt":null,"date_modified_gmt":"2026-12-08T11:00:07",
                 "meta_data":[{"id":1,"key":"_kanal_request_key","value":"shop/17/bm:900"},{"id":2,"key":"_kanal_reference","value":"bm:900"}]}""";

        assertThat(WooCommerceSource.finished(json(kanals.formatted(1301, "cancelled")))).hasValue(new dev.kanal.connector.SourceCancelledOrder(
                "1301", "shop/17/bm:900", "bm:900", "cancelled", Instant.parse("2026-12-08T11:00:07Z")));
        assertThat(WooCommerceSource.finished(json(kanals.formatted(1302, "refunded")))).hasValueSatisfying(f ->
                assertThat(((dev.kanal.connector.SourceCancelledOrder) f).status()).isEqualTo("refunded"));
        assertThat(WooCommerceSource.finished(json(kanals.formatted(1303, "completed"))))
                .hasValueSatisfying(f -> assertThat(f).isInstanceOf(dev.kanal.connector.SourceShipment.class));
        assertThat(WooCommerceSource.finished(json(kanals.formatted(1304, "processing")))).as("still open").isEmpty();
        assertThat(WooCommerceSource.finished(json("""
                {"id":1305,"status":"cancelled","created_via":"checkout","meta_data":[]}"""))).as("the shop's own order").isEmpty();
    }

    @Test
    void onlyOrdersKanalWroteCountAsWrittenByKanal() throws Exception {
        assertThat(WooCommerceSource.writtenByKanal(json("{\"id\":1,\"created_via\":\"checkout\",\"meta_data\":[]}"))).isFalse();
        assertThat(WooCommerceSource.writtenByKanal(json("""
                {"id":2,"created_via":"rest-api","meta_data":[{"id":3,"key":"_kanal_request_key","value":"k"}]}"""))).isTrue();
    }

    @Test
    void aProductCardHasTheShopsNameGtinRegularPriceVisibleAttributesAndImages() throws Exception {
        SourceProduct card = WooCommerceSource.product(json("""
                {"id":60,"type":"simple","name":"iPhone XR 64 GB","sku":"SH-XR","global_unique_id":"0190198776745",
                 "price":"199.00","regular_price":"249.00","sale_price":"199.00",
                 "attributes":[{"id":0,"name":"Storage","visible":true,"variation":false,"options":["64 GB"]},
                               {"id":0,"name":"Internal","visible":false,"variation":false,"options":["x"]}],
                 "images":[{"id":7,"src":"https://shop.example/xr-front.jpg"},{"id":8,"src":"https://shop.example/xr-back.jpg"}],
                 "meta_data":[{"id":1,"key":"ean","value":"5901234123457"}]}"""), null);

        assertThat(card).isEqualTo(new SourceProduct("SH-XR", "iPhone XR 64 GB", "0190198776745", new BigDecimal("249.00"),
                Map.of("Storage", "64 GB"), List.of("https://shop.example/xr-front.jpg", "https://shop.example/xr-back.jpg"), false));
    }

    @Test
    void withoutAGtinTheEanComesFromMetaDataAndBlanksAreNulls() throws Exception {
        SourceProduct older = WooCommerceSource.product(json("""
                {"id":61,"type":"simple","name":"Case","sku":"SH-CASE","regular_price":"","images":[],
                 "meta_data":[{"id":1,"key":"ean","value":" 5901234123457 "}]}"""), null);
        SourceProduct bare = WooCommerceSource.product(json("""
                {"id":62,"type":"simple","name":"Cable","sku":"SH-CABLE","global_unique_id":"","regular_price":"",
                 "attributes":[],"images":[],"meta_data":[]}"""), null);

        assertThat(older.ean()).isEqualTo("5901234123457");
        assertThat(older.price()).isNull();
        assertThat(bare.ean()).isNull();
        assertThat(bare.price()).isNull();
        assertThat(bare.attributes()).isEmpty();
        assertThat(bare.imageUrls()).isEmpty();
    }

    @Test
    void aVariationCardHasItsOptionsAndItsParentsImagesWhenItHasNone() throws Exception {
        JsonNode parent = json("""
                {"id":70,"type":"variable","name":"iPhone 11","images":[{"id":9,"src":"https://shop.example/11.jpg"}]}""");
        SourceProduct card = WooCommerceSource.product(json("""
                {"id":71,"type":"variation","parent_id":70,"name":"iPhone 11 - Black","sku":"SH-11-BK",
                 "global_unique_id":"0190199221176","regular_price":"329.00",
                 "attributes":[{"id":0,"name":"Colour","option":"Black"}],"images":[]}"""), parent);
        SourceProduct ownImage = WooCommerceSource.product(json("""
                {"id":72,"type":"variation","parent_id":70,"name":"iPhone 11 - White","sku":"SH-11-WH","regular_price":"329.00",
                 "attributes":[{"id":0,"name":"Colour","option":"White"}],"images":[{"id":10,"src":"https://shop.example/11-wh.jpg"}]}"""),
                parent);

        assertThat(card.name()).isEqualTo("iPhone 11 - Black");
        assertThat(card.attributes()).containsExactly(Map.entry("Colour", "Black"));
        assertThat(card.imageUrls()).containsExactly("https://shop.example/11.jpg");
        assertThat(card.ean()).as("a GTIN is the variation's own, never its parent's").isEqualTo("0190199221176");
        assertThat(ownImage.imageUrls()).containsExactly("https://shop.example/11-wh.jpg");
    }

    @Test
    void skusAreReadAHundredAtMostAndWithinACharacterBudgetACommaSkuAlone() {
        List<String> many = java.util.stream.IntStream.range(0, 250).mapToObj(i -> "S-" + i).toList();
        List<String> long40 = java.util.stream.IntStream.range(0, 80).mapToObj(i -> "L".repeat(38) + String.format("%02d", i)).toList();

        assertThat(WooCommerceSource.skuChunks(many)).extracting(List::size).containsExactly(100, 100, 50);
        List<List<String>> byLength = WooCommerceSource.skuChunks(long40);
        assertThat(byLength).allSatisfy(chunk -> assertThat(String.join(",", chunk).length())
                .isLessThanOrEqualTo(WooCommerceSource.SKU_CHARS_PER_READ));
        assertThat(byLength.stream().mapToInt(List::size).sum()).isEqualTo(80);
        assertThat(WooCommerceSource.skuChunks(List.of("A", "B,C", "D"))).containsExactly(List.of("B,C"), List.of("A", "D"));
    }
}
