package dev.kanal.connector.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.KanalIntegrationTest;
import dev.kanal.connector.ChannelAnswer;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.orders.ErpOrderWriter;
import dev.kanal.sandbox.backmarket.BackMarketSandboxControl;
import dev.kanal.sandbox.woocommerce.WooSandboxControl;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A client whose source is the WooCommerce sandbox shop ({@link #SHOP_CLIENT}), end to end on
 * real PostgreSQL, the broker and HTTP: a stock edit in the shop reaches Back Market by the
 * product webhook and, with the webhook gone, by the modified-since poll; a Back Market order
 * becomes one shop order (also when the write is tried again) that lowers the shop's stock once;
 * the orders Kanal wrote are not imported back through the shop's own channel account, and the
 * shop's own orders are not written to it again; a signed delivery that is no product is
 * quarantined for an operator, an unsigned one refused.
 */
class WooCommerceSourceEndToEndTest extends KanalIntegrationTest {

    private static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("admin:test-secret".getBytes(StandardCharsets.UTF_8));
    /** The source poll runs every second: a change is on Back Market well within this. */
    private static final Duration WITHIN_POLLS = Duration.ofSeconds(20);

    @Autowired JdbcTemplate jdbc;
    @Autowired WooCommerceClient client;
    @Autowired WooCommerceOrders orders;
    @Autowired ErpOrderWriter writer;

    WooSandboxControl shop;
    BackMarketSandboxControl backMarket;
    ChannelConnection shopApi;
    String prefix;

    @BeforeEach
    void sandboxes() {
        shop = WooSandboxControl.shop(PORT, SHOP_SOURCE_KEY, SHOP_SOURCE_SECRET);
        backMarket = new BackMarketSandboxControl(URI.create(baseUrl() + "/sandbox/backmarket"), SHOP_BM_TOKEN);
        shopApi = new ChannelConnection("test/shop", shop.apiRoot(), Map.of("consumer-key", SHOP_SOURCE_KEY,
                "consumer-secret", SHOP_SOURCE_SECRET), 6000);
        prefix = "S" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
    }

    @Test
    void aStockEditInTheShopReachesBackMarketByWebhookAndWithoutItByThePoll() throws Exception {
        String sku = prefix + "-XR";
        long product = simpleProduct(sku, 5);
        String listing = listedOnBackMarket(sku);
        await().atMost(WITHIN_POLLS).until(() -> backMarket.listing(listing).path("quantity").asInt() == 5);

        JsonNode registered = admin("POST", "/source/webhooks"); // Kanal registers the shop's product webhook
        assertThat(registered.get(0).path("topic").asText()).isEqualTo("product.updated");
        assertThat(registered.get(0).path("action").asText()).isEqualTo("created");
        assertThat(registered.get(0).path("deliveryUrl").asText()).isEqualTo("http://localhost:" + PORT + "/webhooks/woocommerce-source/" + SHOP_CLIENT);
        long hook = registered.get(0).path("webhookId").asLong();
        assertThat(admin("POST", "/source/webhooks").get(0).path("action").asText()).as("registered once").isEqualTo("kept");
        shop.setProductStock(product, 2);
        await().atMost(WITHIN_POLLS).until(() -> backMarket.listing(listing).path("quantity").asInt() == 2);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(deliveries(hook, 202)).isGreaterThanOrEqualTo(1));

        ChannelAnswer deleted = client.send(shopApi, "DELETE", "/webhooks/" + hook, Map.of("force", "true"), null);
        assertThat(deleted.statusCode()).isEqualTo(200);
        int delivered = deliveries(hook, 202);
        shop.setProductStock(product, 7);
        await().atMost(WITHIN_POLLS).until(() -> backMarket.listing(listing).path("quantity").asInt() == 7);
        assertThat(deliveries(hook, 202)).as("no webhook any more: the poll carried it").isEqualTo(delivered);
        JsonNode explained = admin("GET", "/listings/" + listingId(listing) + "/quantity");
        assertThat(explained.path("quantity").asInt()).isEqualTo(7);
        assertThat(explained.toString()).contains("\"warehouse\":\"SHOP\"");
    }

    @Test
    void aVariationsStockIsItsOwnSkuAndAWronglySignedDeliveryIsRefused() throws Exception {
        ObjectNode variable = WooSandboxControl.JSON.createObjectNode().put("name", "iPhone 11").put("type", "variable");
        variable.putArray("attributes").addObject().put("name", "Colour").put("variation", true).putArray("options").add("Black");
        ObjectNode variation = variable.putArray("variations").addObject().put("sku", prefix + "-IP11-BK")
                .put("regular_price", "329.00").put("manage_stock", true).put("stock_quantity", 4);
        variation.putArray("attributes").addObject().put("name", "Colour").put("option", "Black");
        JsonNode made = shop.seed(variable).get(0);
        long productId = made.path("id").asLong();
        long variationId = made.path("variations").get(0).path("id").asLong();
        String listing = listedOnBackMarket(prefix + "-IP11-BK");
        await().atMost(WITHIN_POLLS).until(() -> backMarket.listing(listing).path("quantity").asInt() == 4);
        shop.setVariationStock(productId, variationId, 1);
        await().atMost(WITHIN_POLLS).until(() -> backMarket.listing(listing).path("quantity").asInt() == 1);
        assertThat(jdbc.queryForMap("""
                SELECT p.code, p.name, v.conditions FROM variation v JOIN product p ON p.id = v.product_id JOIN sku k ON k.id = v.sku_id
                  JOIN client c ON c.id = k.client_id WHERE c.code = ? AND k.code = ?""", SHOP_CLIENT, prefix + "-IP11-BK"))
                .as("the shop's variation is Kanal's, with its attributes")
                .containsEntry("code", "woo-" + productId).containsEntry("name", "iPhone 11").containsEntry("conditions", "Colour: Black");

        String path = "/webhooks/woocommerce-source/" + SHOP_CLIENT;
        byte[] body = ("{\"id\":" + productId + ",\"type\":\"simple\",\"sku\":\"" + prefix + "-IP11-BK\",\"manage_stock\":true,"
                + "\"stock_quantity\":99}").getBytes(StandardCharsets.UTF_8);
        assertThat(webhook(path, body, WooWebhookSignature.sign(body, "not-the-secret"))).isEqualTo(401);
        assertThat(webhook(path, body, null)).isEqualTo(401);
        assertThat(backMarket.listing(listing).path("quantity").asInt()).as("nothing refused was stored").isEqualTo(1);
    }

    /**
     * A delivery signed with the source's secret but not a product is kept for an operator, not
     * refused: it waits in kanal.source.webhooks.dlq (the admin API's and the console's dead
     * letters) with the reason, and the shop is told it was delivered. One without a valid
     * signature is refused and nothing of it is stored.
     */
    @Test
    void aSignedDeliveryThatIsNoProductIsQuarantinedForAnOperatorAndAnUnsignedOneIsRefusedAndNotStored() throws Exception {
        String path = "/webhooks/woocommerce-source/" + SHOP_CLIENT;
        byte[] notAProduct = ("{\"hello\":\"" + prefix + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] unsigned = ("{\"id\":1,\"unsigned\":\"" + prefix + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] notJson = ("<html>" + prefix + "</html>").getBytes(StandardCharsets.UTF_8);

        assertThat(webhook(path, unsigned, null)).isEqualTo(401);
        assertThat(webhook(path, unsigned, WooWebhookSignature.sign(unsigned, "not-the-secret"))).isEqualTo(401);
        assertThat(webhook(path, notAProduct, WooWebhookSignature.sign(notAProduct, SHOP_SOURCE_WEBHOOK_SECRET)))
                .as("delivered: WooCommerce neither sends it again nor counts a failure").isEqualTo(202);
        assertThat(webhook(path, notJson, WooWebhookSignature.sign(notJson, SHOP_SOURCE_WEBHOOK_SECRET))).isEqualTo(202);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(quarantined(prefix)).hasSize(2));
        List<JsonNode> kept = quarantined(prefix);
        JsonNode noId = kept.stream().filter(m -> m.path("body").asText().contains("hello")).findFirst().orElseThrow();
        assertThat(noId.path("queue").asText()).isEqualTo("kanal.source.webhooks.dlq");
        assertThat(noId.path("originalQueue").asText()).as("where a replay sends it").isEqualTo("kanal.source.webhooks");
        assertThat(noId.path("client").asText()).isEqualTo(SHOP_CLIENT);
        assertThat(noId.path("errorClass").asText()).isEqualTo("dev.kanal.connector.MalformedSourceDeliveryException");
        assertThat(noId.path("errorMessage").asText()).isEqualTo("not a WooCommerce product: no id");
        assertThat(noId.path("kanalHeaders").path("kanalSourceTopic").asText()).isEqualTo("product.updated");
        assertThat(noId.path("kanalHeaders").path("kanalErrorPermanent").asText()).as("quarantined on its first delivery").isEqualTo("true");
        assertThat(noId.path("body").asText()).as("the body as the shop sent it").isEqualTo(new String(notAProduct, StandardCharsets.UTF_8));
        JsonNode html = kept.stream().filter(m -> m.path("body").asText().startsWith("<html>")).findFirst().orElseThrow();
        assertThat(html.path("errorMessage").asText()).startsWith("not a WooCommerce product: the body is not JSON");
        assertThat(deadLetterBodies()).as("nothing of the unsigned delivery is stored").noneMatch(body -> body.contains("unsigned"));
    }

    @Test
    void aBackMarketOrderBecomesOneShopOrderThatLowersTheShopsStockOnceAlsoWhenWrittenAgain() throws Exception {
        String sku = prefix + "-12M";
        long product = simpleProduct(sku, 5);
        String listing = listedOnBackMarket(sku);
        await().atMost(WITHIN_POLLS).until(() -> backMarket.listing(listing).path("quantity").asInt() == 5);

        long bmOrder = bm("POST", "/_control/orders", Map.of("state", 1,
                "orderlines", List.of(Map.of("listing", sku, "quantity", 2, "price", "199.00")))).path("order_id").asLong();

        await().atMost(Duration.ofSeconds(30)).until(() -> "IN_ERP".equals(status("bm", String.valueOf(bmOrder))));
        Map<String, Object> order = row("bm", String.valueOf(bmOrder));
        List<JsonNode> written = shopOrdersFor("bm:" + bmOrder);
        assertThat(written).hasSize(1);
        assertThat(order.get("erp_order_ref")).isEqualTo("shop:" + written.get(0).path("id").asText());
        assertThat(written.get(0).path("created_via").asText()).isEqualTo("kanal");
        assertThat(written.get(0).path("status").asText()).isEqualTo("processing");
        assertThat(shop.product(product).path("stock_quantity").asInt()).as("the shop lowered its own stock").isEqualTo(3);
        await().atMost(WITHIN_POLLS).until(() -> backMarket.listing(listing).path("quantity").asInt() == 3);
        assertThat(openAllocations(((Number) order.get("id")).longValue())).as("the shop's stock carries the order now").isZero();

        // a redelivery after a lost answer: the attempt was counted, the reference never stored
        long id = ((Number) order.get("id")).longValue();
        jdbc.update("UPDATE sales_order SET erp_order_ref = NULL, status = 'ACCEPTED' WHERE id = ?", id);
        assertThat(writer.write(id)).isEqualTo(ErpOrderWriter.Outcome.WRITTEN);

        assertThat(shopOrdersFor("bm:" + bmOrder)).as("found by its request key, not made twice").hasSize(1);
        assertThat(row("bm", String.valueOf(bmOrder)).get("erp_order_ref")).isEqualTo(order.get("erp_order_ref"));
        assertThat(shop.product(product).path("stock_quantity").asInt()).isEqualTo(3);
        awaitRouteRuns("source-poll-" + SHOP_CLIENT, 2);
        assertThat(backMarket.listing(listing).path("quantity").asInt()).isEqualTo(3);
    }

    @Test
    void theShopsOwnOrdersAreNotImportedAgainNorWrittenBackToIt() throws Exception {
        String sku = prefix + "-S20";
        long product = simpleProduct(sku, 6);
        String listing = listedOnBackMarket(sku);
        await().atMost(WITHIN_POLLS).until(() -> backMarket.listing(listing).path("quantity").asInt() == 6);
        long bmOrder = bm("POST", "/_control/orders", Map.of("state", 1,
                "orderlines", List.of(Map.of("listing", sku, "quantity", 1, "price", "279.00")))).path("order_id").asLong();
        await().atMost(Duration.ofSeconds(30)).until(() -> "IN_ERP".equals(status("bm", String.valueOf(bmOrder))));
        String kanalsShopOrder = shopOrdersFor("bm:" + bmOrder).get(0).path("id").asText();

        // a customer buys one in the shop itself: the shop lowers its stock, own-shop imports the order
        JsonNode checkout = shop.call("POST", shop.shopPath() + "/orders", Map.of("status", "processing", "set_paid", true,
                "billing", Map.of("first_name", "Ada", "last_name", "Lovelace"),
                "line_items", List.of(Map.of("sku", sku, "quantity", 1))), 201);
        String customerOrder = checkout.path("id").asText();
        assertThat(shop.product(product).path("stock_quantity").asInt()).isEqualTo(4);

        await().atMost(Duration.ofSeconds(30)).until(() -> "IN_ERP".equals(status("own-shop", customerOrder)));
        assertThat(row("own-shop", customerOrder).get("erp_order_ref")).as("already in the shop: nothing written")
                .isEqualTo("shop:" + customerOrder);
        awaitRouteRuns("order-poll-" + SHOP_CLIENT + "-own-shop", 3);
        assertThat(row("own-shop", kanalsShopOrder)).as("the order Kanal wrote is not a channel order of the shop").isNull();
        assertThat(shopOrders().stream().filter(o -> o.path("created_via").asText().equals("kanal")
                        && o.path("line_items").toString().contains("\"" + sku + "\"")).count()) // other tests write to this shop too
                .as("only the Back Market order was written to the shop").isEqualTo(shopOrdersFor("bm:" + bmOrder).size());
        assertThat(shop.product(product).path("stock_quantity").asInt()).as("each order lowered the stock once").isEqualTo(4);
        await().atMost(WITHIN_POLLS).until(() -> backMarket.listing(listing).path("quantity").asInt() == 4);
    }

    // ------------------------------------------------------------ helpers

    private long simpleProduct(String sku, int stock) {
        ObjectNode product = WooSandboxControl.JSON.createObjectNode().put("name", "Phone " + sku).put("sku", sku)
                .put("regular_price", "249.00").put("manage_stock", true).put("stock_quantity", stock);
        return shop.seed(product).get(0).path("id").asLong();
    }

    /** A Back Market listing of the SKU, imported once the source poll has learnt the SKU. */
    private String listedOnBackMarket(String sku) throws Exception {
        await().atMost(WITHIN_POLLS).until(() -> jdbc.queryForObject("""
                SELECT count(*) FROM sku k JOIN client c ON c.id = k.client_id WHERE c.code = ? AND k.code = ?""",
                Integer.class, SHOP_CLIENT, sku) == 1);
        String listing = backMarket.seed(1, (i, l) -> l.put("sku", sku).put("quantity", 0)).get(0).path("id").asText();
        admin("POST", "/accounts/bm/listings/import?wait=true");
        return listing;
    }

    private long listingId(String bmListing) {
        return jdbc.queryForObject("""
                SELECT l.id FROM listing l JOIN channel_account a ON a.id = l.channel_account_id JOIN client c ON c.id = a.client_id
                 WHERE c.code = ? AND a.code = 'bm' AND l.channel_listing_id = ?""", Long.class, SHOP_CLIENT, bmListing);
    }

    /** Every order of the shop, through its REST API. */
    private List<JsonNode> shopOrders() {
        ChannelAnswer answer = client.send(shopApi, "GET", "/orders", Map.of("per_page", "100"), null);
        assertThat(answer.statusCode()).isEqualTo(200);
        List<JsonNode> all = new ArrayList<>();
        client.parse(shopApi, "GET", "/orders", answer).forEach(all::add);
        return all;
    }

    private List<JsonNode> shopOrdersFor(String reference) {
        return shopOrders().stream().filter(o -> o.path("meta_data").toString().contains("\"" + reference + "\"")).toList();
    }

    private int deliveries(long webhookId, int status) {
        int count = 0;
        for (JsonNode delivery : shop.call("GET", shop.shopPath() + "/webhooks", null, 200).path("deliveries")) {
            if (delivery.path("webhook_id").asLong() == webhookId && "product.updated".equals(delivery.path("topic").asText())
                    && delivery.path("response_code").asInt() == status) {
                count++;
            }
        }
        return count;
    }

    private int webhook(String path, byte[] body, String signature) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Content-Type", "application/json").header("X-WC-Webhook-Topic", "product.updated")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header("X-WC-Webhook-Signature", signature);
        }
        return java.net.http.HttpClient.newHttpClient().send(request.build(),
                java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private Map<String, Object> row(String account, String channelOrderId) {
        List<Map<String, Object>> rows = jdbc.queryForList("""
                SELECT o.* FROM sales_order o JOIN channel_account a ON a.id = o.channel_account_id JOIN client c ON c.id = o.client_id
                 WHERE c.code = ? AND a.code = ? AND o.channel_order_id = ?""", SHOP_CLIENT, account, channelOrderId);
        assertThat(rows.size()).as("one order per channel order").isLessThanOrEqualTo(1);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private String status(String account, String channelOrderId) {
        Map<String, Object> row = row(account, channelOrderId);
        return row == null ? null : (String) row.get("status");
    }

    private int openAllocations(long orderId) {
        return jdbc.queryForObject("SELECT COALESCE(SUM(a.quantity), 0) FROM allocation a JOIN order_line l "
                + "ON l.id = a.order_line_id WHERE l.order_id = ? AND a.status = 'OPEN'", Integer.class, orderId);
    }

    /** The dead letters (admin API) whose body carries the text, with their queue, reason and headers. */
    private List<JsonNode> quarantined(String text) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode group : deadLetterGroups()) {
            Answer one = http("GET", "/admin/dead-letters/" + group.path("id").asText() + "?limit=1000", null, ADMIN);
            if (one.status() != 200) {
                continue; // replayed or deleted by another test meanwhile
            }
            one.json().path("messages").forEach(m -> {
                if (m.path("body").asText().contains(text)) {
                    found.add(m);
                }
            });
        }
        return found;
    }

    private List<String> deadLetterBodies() throws Exception {
        List<String> bodies = new ArrayList<>();
        for (JsonNode group : deadLetterGroups()) {
            Answer one = http("GET", "/admin/dead-letters/" + group.path("id").asText() + "?limit=1000", null, ADMIN);
            one.json().path("messages").forEach(m -> bodies.add(m.path("body").asText()));
        }
        return bodies;
    }

    private JsonNode deadLetterGroups() throws Exception {
        Answer all = http("GET", "/admin/dead-letters", null, ADMIN);
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.json().path("queues").has("kanal.source.webhooks.dlq")).as("a dead-letter queue the console shows").isTrue();
        return all.json().path("groups");
    }

    private JsonNode admin(String method, String path) throws Exception {
        Answer answer = http(method, "/admin/clients/" + SHOP_CLIENT + path, null, ADMIN);
        assertThat(answer.status()).as(method + " " + path + ": " + answer.json()).isBetween(200, 299);
        return answer.json();
    }

    private JsonNode bm(String method, String path, Object body) throws Exception {
        Answer answer = http(method, "/sandbox/backmarket" + path, body, "Basic " + SHOP_BM_TOKEN);
        assertThat(answer.status()).as(method + " " + path + ": " + answer.json()).isBetween(200, 299);
        return answer.json();
    }
}
