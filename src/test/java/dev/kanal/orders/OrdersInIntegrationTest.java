package dev.kanal.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.KanalIntegrationTest;
import dev.kanal.TestBeans;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.connector.subiekt.SourceDataSources;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;

/**
 * Flow 2, orders in, end to end: the Back Market and WooCommerce sandboxes over HTTP (polls,
 * real signed webhook deliveries), the real broker and PostgreSQL.
 */
class OrdersInIntegrationTest extends KanalIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String WOO_CONTROL = "/sandbox/woocommerce/_control";
    private static final String PHONE = "ORD-PHONE-" + RUN;
    private static final String CHARGER = "ORD-CHARGER-" + RUN;

    @Autowired JdbcTemplate jdbc;
    @Autowired ConnectionFactory connectionFactory;
    @Autowired CamelContext camel;
    @Autowired SourceDataSources sources;
    @Autowired ClientRegistry registry;

    /** Broker copies read so far, per key, so counts add up across reads (reading consumes). */
    private static final Map<String, Integer> copies = new ConcurrentHashMap<>();

    @BeforeEach
    void shopsAndCatalogue() throws Exception {
        http("POST", WOO_CONTROL + "/shops", Map.of("consumer_key", WOO_ORDERS_KEY, "consumer_secret", WOO_ORDERS_SECRET,
                "currency", "PLN"), null);
        bm("GET", "/_control/listings", null, BM_ORDERS_TOKEN); // makes the Back Market seller known
        long clientId = jdbc.queryForObject("SELECT id FROM client WHERE code = ?", Long.class, CLIENT);
        for (String sku : List.of(PHONE, CHARGER)) {
            jdbc.update("INSERT INTO sku (client_id, code) SELECT ?, ? WHERE NOT EXISTS "
                    + "(SELECT 1 FROM sku WHERE client_id = ? AND code = ?)", clientId, sku, clientId, sku);
        }
        // plenty of units in the ERP, so translated orders are allocated and go on (allocation consumes translated orders)
        if (jdbc.queryForObject("SELECT COUNT(*) FROM stock_level s JOIN sku k ON k.id = s.sku_id WHERE k.client_id = ? "
                + "AND k.code IN (?, ?) AND s.quantity = 10000", Integer.class, clientId, PHONE, CHARGER) < 2) {
            List<Map<String, Object>> rows = List.of(PHONE, CHARGER).stream().map(sku -> Map.<String, Object>of("symbol", sku,
                    "name", sku, "warehouse", "MAG", "onHand", 10000, "reserved", 0, "blocked", false)).toList();
            assertThat(http("PUT", "/sandbox/subiekt/" + CLIENT + "/_control/stock", rows, null).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM stock_level s "
                    + "JOIN sku k ON k.id = s.sku_id WHERE k.client_id = ? AND k.code IN (?, ?) AND s.quantity = 10000",
                    Integer.class, clientId, PHONE, CHARGER) == 2);
        }
    }

    // ------------------------------------------------------------ webhooks

    @Test
    void registeringWebhooksCreatesThemOnTheShopOnceAndTheirPingsAreAnswered() throws Exception {
        JsonNode first = admin("POST", "/accounts/woo-orders/webhooks");
        JsonNode second = admin("POST", "/accounts/woo-orders/webhooks");

        assertThat(second).extracting(h -> h.path("action").asText()).containsOnly("kept");
        assertThat(second).extracting(h -> h.path("webhookId").asLong())
                .containsExactlyElementsOf(() -> first.findValues("webhookId").stream().map(JsonNode::asLong).iterator());
        JsonNode shop = http("GET", WOO_CONTROL + "/shops/" + WOO_ORDERS_KEY + "/webhooks", null, null).json();
        assertThat(shop.path("webhooks")).hasSize(2);
        assertThat(shop.path("webhooks")).extracting(h -> h.path("topic").asText())
                .containsExactlyInAnyOrder("order.created", "order.updated");
        assertThat(shop.path("webhooks")).extracting(h -> h.path("delivery_url").asText())
                .containsOnly("http://localhost:" + PORT + "/webhooks/woocommerce/" + CLIENT + "/woo-orders");
        assertThat(shop.path("webhooks")).extracting(h -> h.path("status").asText()).containsOnly("active");
        List<JsonNode> pings = new ArrayList<>();
        shop.path("deliveries").forEach(d -> {
            if ("ping".equals(d.path("topic").asText())) {
                pings.add(d);
            }
        });
        assertThat(pings).as("one creation ping per webhook, answered 200").hasSize(2)
                .allMatch(p -> p.path("response_code").asInt() == 200);
    }

    @Test
    void aForgedOrUnsignedWebhookGets401AndNothingIsQueued() throws Exception {
        registerWebhooks();
        String orderId = Long.toString(900_000_000L + (long) (Math.random() * 1_000_000));
        byte[] body = wooOrderJson(orderId, "processing", PHONE).getBytes(StandardCharsets.UTF_8);

        assertThat(webhook(body, sign(body, "not-the-secret"), "order.created")).isEqualTo(401);
        assertThat(webhook(body, null, "order.created")).isEqualTo(401);
        byte[] tampered = wooOrderJson(orderId, "completed", PHONE).getBytes(StandardCharsets.UTF_8);
        assertThat(webhook(tampered, sign(body, WOO_ORDERS_WEBHOOK_SECRET), "order.created")).isEqualTo(401);

        Thread.sleep(1500);
        assertThat(receivedCopies("woo-orders", orderId)).as("nothing reached the received queue").isZero();
        assertThat(orderRows("woo-orders", orderId)).isZero();

        // the same body, properly signed, is taken: the refusals above were about the signature
        assertThat(webhook(body, sign(body, WOO_ORDERS_WEBHOOK_SECRET), "order.created")).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> orderRows("woo-orders", orderId) == 1);
    }

    @Test
    void theCreationPingIsAnswered200AndQueuesNothing() throws Exception {
        HttpResponse<String> ping = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + webhookPath("woo-orders")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("webhook_id=42")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ping.statusCode()).isEqualTo(200);
        Thread.sleep(1000);
        assertThat(receivedCopies("woo-orders", "")).isZero();

        HttpResponse<String> unknown = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/webhooks/woocommerce/"
                + CLIENT + "/no-such-account")).POST(HttpRequest.BodyPublishers.ofString("webhook_id=42"))
                .header("Content-Type", "application/x-www-form-urlencoded").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).as("an unknown account is refused like a bad signature").isEqualTo(401);
    }

    // ------------------------------------------------------------ idempotency

    @Test
    void oneOrderDeliveredFiveTimesByPollsWebhooksAndARedeliveryExistsOnce() throws Exception {
        registerWebhooks();
        JsonNode created = http("POST", WOO_CONTROL + "/shops/" + WOO_ORDERS_KEY + "/orders", Map.of(
                "status", "processing", "payment_method", "bacs",
                "shipping", Map.of("first_name", "Jan", "last_name", "Kowalski", "city", "Warszawa"),
                "line_items", List.of(Map.of("sku", PHONE, "quantity", 1, "price", "349.00"))), null).json();
        String orderId = created.path("id").asText();

        // the order.created webhook and at least two polls (every second, re-reading 3 s back)
        await().atMost(Duration.ofSeconds(30)).until(() -> receivedCopies("woo-orders", orderId) >= 3);
        JsonNode asShopShowsIt = http("GET", WOO_CONTROL + "/shops/" + WOO_ORDERS_KEY + "/orders/" + orderId, null, null).json();
        byte[] body = JSON.writeValueAsBytes(asShopShowsIt);
        assertThat(webhook(body, sign(body, WOO_ORDERS_WEBHOOK_SECRET), "order.created")).as("a duplicate webhook").isEqualTo(200);
        new JmsTemplate(connectionFactory).convertAndSend("kanal.orders.received", new String(body, StandardCharsets.UTF_8), m -> {
            m.setStringProperty("kanalClient", CLIENT);
            m.setStringProperty("kanalAccount", "woo-orders");
            m.setStringProperty("kanalChannelOrderId", orderId);
            m.setStringProperty("kanalOrderSource", "poll");
            return m;
        }); // the same message once more, as after a broker redelivery

        await().atMost(Duration.ofSeconds(30)).until(() -> receivedCopies("woo-orders", orderId) >= 5);
        awaitReceivedQueueDrained();

        assertThat(orderRows("woo-orders", orderId)).isEqualTo(1);
        // translated once, then allocation takes it on to the ERP: once there too
        await().atMost(Duration.ofSeconds(30)).until(() -> "IN_ERP".equals(orderRow("woo-orders", orderId).get("status")));
        Map<String, Object> order = orderRow("woo-orders", orderId);
        assertThat(order.get("mapped_status")).isEqualTo("TO_FULFIL");
        assertThat(order.get("allocated_at")).isNotNull();
        assertThat(zks("woo-orders:" + orderId)).as("exactly one ZK in the ERP").containsExactly((String) order.get("erp_order_ref"));
        assertThat(order.get("customer_name")).isEqualTo("Jan Kowalski");
        assertThat(order.get("received_via")).isIn("webhook", "poll");
        long id = ((Number) order.get("id")).longValue();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM order_line WHERE order_id = ?", Integer.class, id)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COALESCE(SUM(a.quantity), 0) FROM allocation a JOIN order_line l "
                + "ON l.id = a.order_line_id WHERE l.order_id = ?", Integer.class, id)).as("one unit allocated once").isEqualTo(1);
        assertThat(translatedCopies(id)).as("handed on to allocation exactly once").isEqualTo(1);
        assertThat(deadLettered("woo-orders", orderId)).as("no delivery failed").isZero();
        Thread.sleep(1500); // nothing arriving late makes a second ZK
        assertThat(zks("woo-orders:" + orderId)).hasSize(1);
    }

    @Test
    void concurrentDeliveriesOfANewOrderMakeOneOrder() throws Exception {
        String orderId = Long.toString(800_000_000L + (long) (Math.random() * 1_000_000));
        String body = wooOrderJson(orderId, "processing", PHONE);
        ExecutorService senders = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 12; i++) {
            senders.submit(() -> new JmsTemplate(connectionFactory).convertAndSend("kanal.orders.received", body, m -> {
                m.setStringProperty("kanalClient", CLIENT);
                m.setStringProperty("kanalAccount", "woo-orders");
                m.setStringProperty("kanalChannelOrderId", orderId);
                m.setStringProperty("kanalOrderSource", "webhook");
                return m;
            }));
        }
        senders.shutdown();
        assertThat(senders.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> receivedCopies("woo-orders", orderId) >= 12);
        awaitReceivedQueueDrained();

        assertThat(orderRows("woo-orders", orderId)).isEqualTo(1);
        long id = ((Number) orderRow("woo-orders", orderId).get("id")).longValue();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM order_line WHERE order_id = ?", Integer.class, id)).isEqualTo(1);
        assertThat(translatedCopies(id)).isEqualTo(1);
        assertThat(deadLettered("woo-orders", orderId)).as("no delivery failed").isZero();
    }

    @Test
    void aNewerStatusUpdatesTheOrderAndAnOlderOneDoesNot() throws Exception {
        registerWebhooks();
        JsonNode created = http("POST", WOO_CONTROL + "/shops/" + WOO_ORDERS_KEY + "/orders", Map.of("status", "pending",
                "billing", Map.of("first_name", "Ewa", "last_name", "Lis"),
                "line_items", List.of(Map.of("sku", PHONE, "quantity", 1, "price", "10.00"))), null).json();
        String orderId = created.path("id").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> "AWAITING_PAYMENT".equals(mapped("woo-orders", orderId)));
        long id = ((Number) orderRow("woo-orders", orderId).get("id")).longValue();
        Thread.sleep(1100); // the shop's clock has seconds: the change must be later than the creation

        http("PUT", WOO_CONTROL + "/shops/" + WOO_ORDERS_KEY + "/orders/" + orderId, Map.of("set_paid", true), null);
        await().atMost(Duration.ofSeconds(20)).until(() -> "processing".equals(orderRow("woo-orders", orderId).get("channel_status")));
        assertThat(mapped("woo-orders", orderId)).isEqualTo("TO_FULFIL");
        assertThat(orderRow("woo-orders", orderId).get("paid")).isEqualTo(true);
        await().atMost(Duration.ofSeconds(10)).until(() -> translatedCopies(id) >= 2); // translated, then paid

        // the pending state arriving late (an old poll) changes nothing
        byte[] old = JSON.writeValueAsBytes(created);
        assertThat(webhook(old, sign(old, WOO_ORDERS_WEBHOOK_SECRET), "order.updated")).isEqualTo(200);
        Thread.sleep(1500);
        assertThat(orderRow("woo-orders", orderId).get("channel_status")).isEqualTo("processing");
    }

    // ------------------------------------------------------------ translation

    @Test
    void anUnknownSkuHoldsTheOrderWithItsReasonAndTheReleaseSendsItOnOnceMapped() throws Exception {
        String ghost = "GHOST-" + UUID.randomUUID().toString().substring(0, 6);
        JsonNode created = bm("POST", "/_control/orders", Map.of("state", 1,
                "shipping_address", Map.of("firstName", "Luc", "lastName", "Martin"),
                "orderlines", List.of(Map.of("listing", ghost, "quantity", 1, "price", "199.00"))), BM_ORDERS_TOKEN);
        String orderId = created.path("order_id").asText();
        String reason = "unknown SKU '" + ghost + "'";

        await().atMost(Duration.ofSeconds(20)).until(() -> orderRows("bm-orders", orderId) == 1);
        JsonNode held = admin("GET", "/orders?status=HELD&reason=" + enc(reason));
        assertThat(held).hasSize(1);
        assertThat(held.get(0).path("channel_order_id").asText()).isEqualTo(orderId);
        assertThat(held.get(0).path("hold_reason").asText()).isEqualTo(reason);
        assertThat(held.get(0).path("customer_name").asText()).as("organization type channel-name").isEqualTo("Back Market");
        long id = held.get(0).path("id").asLong();
        assertThat(translatedCopies(id)).isZero();

        // fixed: the listing is imported and mapped to a SKU of the client
        bm("POST", "/_control/listings", List.of(Map.of("sku", ghost, "quantity", 3, "price", "199.00")), BM_ORDERS_TOKEN);
        admin("POST", "/accounts/bm-orders/listings/import?wait=true");
        long listing = jdbc.queryForObject("SELECT l.id FROM listing l JOIN channel_account a ON a.id = l.channel_account_id "
                + "JOIN client c ON c.id = a.client_id WHERE c.code = ? AND a.code = 'bm-orders' AND l.channel_sku = ?",
                Long.class, CLIENT, ghost);
        admin("PUT", "/listings/" + listing + "/mapping", Map.of("sku", PHONE));

        JsonNode released = admin("POST", "/orders/held/release?reason=" + enc(reason));
        assertThat(released.path("held").asInt()).isEqualTo(1);
        assertThat(released.path("released").asInt()).isEqualTo(1);
        assertThat(released.path("handedOn").asInt()).isEqualTo(1);
        assertThat(released.path("stillHeld").asInt()).isZero();

        JsonNode order = admin("GET", "/orders/" + id);
        assertThat(order.path("status").asText()).as("translated, or already taken on by allocation")
                .isIn("RECEIVED", "ACCEPTED", "IN_ERP");
        assertThat(order.path("hold_reason").isNull()).isTrue();
        assertThat(order.path("lines").get(0).path("sku").asText()).isEqualTo(PHONE);
        assertThat(order.path("channel_payload").path("order_id").asText()).isEqualTo(orderId);
        await().atMost(Duration.ofSeconds(10)).until(() -> translatedCopies(id) == 1);
        // the released order is allocated and goes on to the ERP like any other
        await().atMost(Duration.ofSeconds(20)).until(() -> "IN_ERP".equals(orderRow("bm-orders", orderId).get("status")));
        assertThat(orderRow("bm-orders", orderId).get("allocated_at")).isNotNull();
        assertThat(zks("bm-orders:" + orderId)).hasSize(1);

        assertThat(admin("POST", "/orders/held/release?reason=" + enc(reason)).path("held").asInt())
                .as("nothing left held for that reason").isZero();
    }

    @Test
    void aReleasedOrderWithAnotherUnknownSkuStaysHeldForThatOne() throws Exception {
        String first = "GHOST-A-" + UUID.randomUUID().toString().substring(0, 6);
        String second = "GHOST-B-" + UUID.randomUUID().toString().substring(0, 6);
        String orderId = bm("POST", "/_control/orders", Map.of("state", 1, "orderlines", List.of(
                Map.of("listing", first, "quantity", 1, "price", "1.00"), Map.of("listing", second, "quantity", 1, "price", "1.00"))),
                BM_ORDERS_TOKEN).path("order_id").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> orderRows("bm-orders", orderId) == 1);
        assertThat(orderRow("bm-orders", orderId).get("hold_reason")).isEqualTo("unknown SKU '" + first + "'");

        bm("POST", "/_control/listings", List.of(Map.of("sku", first, "quantity", 1)), BM_ORDERS_TOKEN);
        admin("POST", "/accounts/bm-orders/listings/import?wait=true");
        long listing = jdbc.queryForObject("SELECT l.id FROM listing l JOIN channel_account a ON a.id = l.channel_account_id "
                + "JOIN client c ON c.id = a.client_id WHERE c.code = ? AND a.code = 'bm-orders' AND l.channel_sku = ?",
                Long.class, CLIENT, first);
        admin("PUT", "/listings/" + listing + "/mapping", Map.of("sku", CHARGER));

        JsonNode released = admin("POST", "/orders/held/release?reason=" + enc("unknown SKU '" + first + "'"));
        assertThat(released.path("released").asInt()).isZero();
        assertThat(released.path("stillHeld").asInt()).isEqualTo(1);
        assertThat(released.path("stillHeldFor").path("unknown SKU '" + second + "'").asInt()).isEqualTo(1);
        Map<String, Object> row = orderRow("bm-orders", orderId);
        assertThat(row.get("status")).isEqualTo("HELD");
        assertThat(row.get("hold_reason")).isEqualTo("unknown SKU '" + second + "'");
        assertThat(translatedCopies(((Number) row.get("id")).longValue())).isZero();
    }

    @Test
    void anUnmappedStatusHoldsTheOrderAndABundleIsExpanded() throws Exception {
        long clientId = jdbc.queryForObject("SELECT id FROM client WHERE code = ?", Long.class, CLIENT);
        String kit = "KIT-" + UUID.randomUUID().toString().substring(0, 6);
        bm("POST", "/_control/listings", List.of(Map.of("sku", kit, "quantity", 2, "price", "250.00")), BM_ORDERS_TOKEN);
        admin("POST", "/accounts/bm-orders/listings/import?wait=true");
        long listing = jdbc.queryForObject("SELECT l.id FROM listing l JOIN channel_account a ON a.id = l.channel_account_id "
                + "WHERE a.client_id = ? AND a.code = 'bm-orders' AND l.channel_sku = ?", Long.class, clientId, kit);
        admin("PUT", "/listings/" + listing + "/bundle", List.of(Map.of("sku", PHONE, "units", 1), Map.of("sku", CHARGER, "units", 2)));

        String bundleOrder = bm("POST", "/_control/orders", Map.of("state", 1,
                "orderlines", List.of(Map.of("listing", kit, "quantity", 2, "price", "250.00"))), BM_ORDERS_TOKEN)
                .path("order_id").asText();
        // translated (not held), then allocated component by component
        await().atMost(Duration.ofSeconds(20)).until(() -> orderRows("bm-orders", bundleOrder) == 1
                && orderRow("bm-orders", bundleOrder).get("allocated_at") != null);
        Map<String, Object> bundleRow = orderRow("bm-orders", bundleOrder);
        assertThat(bundleRow.get("hold_reason")).isNull();
        assertThat(bundleRow.get("status")).isIn("ACCEPTED", "IN_ERP");
        JsonNode order = admin("GET", "/orders/" + bundleRow.get("id"));
        assertThat(order.path("lines")).extracting(l -> l.path("sku").asText() + " x" + l.path("quantity").asInt())
                .containsExactly(PHONE + " x2", CHARGER + " x4");
        assertThat(jdbc.queryForList("SELECT k.code || ' x' || SUM(a.quantity) FROM allocation a JOIN order_line l ON l.id = a.order_line_id "
                + "JOIN sku k ON k.id = a.sku_id WHERE l.order_id = ? GROUP BY k.code ORDER BY k.code DESC", String.class,
                bundleRow.get("id"))).containsExactly(PHONE + " x2", CHARGER + " x4");

        // WooCommerce's checkout-draft is not in the account's status map
        String draft = http("POST", WOO_CONTROL + "/shops/" + WOO_ORDERS_KEY + "/orders", Map.of("status", "checkout-draft",
                "line_items", List.of(Map.of("sku", PHONE, "quantity", 1, "price", "5.00"))), null).json().path("id").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> orderRows("woo-orders", draft) == 1);
        Map<String, Object> row = orderRow("woo-orders", draft);
        assertThat(row.get("status")).isEqualTo("HELD");
        assertThat(row.get("hold_reason")).isEqualTo("unmapped status 'checkout-draft'");
    }

    @Test
    void theCustomerIsTheShippingCompanyOrNameForAShopAndTheChannelForAMarketplace() throws Exception {
        String company = http("POST", WOO_CONTROL + "/shops/" + WOO_ORDERS_KEY + "/orders", Map.of("status", "processing",
                "shipping", Map.of("company", "ACME Sp. z o.o.", "first_name", "Jan", "last_name", "Kowalski"),
                "line_items", List.of(Map.of("sku", PHONE, "quantity", 1, "price", "5.00"))), null).json().path("id").asText();
        String person = http("POST", WOO_CONTROL + "/shops/" + WOO_ORDERS_KEY + "/orders", Map.of("status", "processing",
                "shipping", Map.of("first_name", "Anna", "last_name", "Nowak"),
                "line_items", List.of(Map.of("sku", PHONE, "quantity", 1, "price", "5.00"))), null).json().path("id").asText();
        String marketplace = bm("POST", "/_control/orders", Map.of("state", 1,
                "shipping_address", Map.of("firstName", "Luc", "lastName", "Martin", "company", "Martin SARL"),
                "orderlines", List.of(Map.of("listing", PHONE, "quantity", 1, "price", "1.00"))), BM_ORDERS_TOKEN)
                .path("order_id").asText();

        await().atMost(Duration.ofSeconds(20)).until(() -> orderRows("woo-orders", company) == 1
                && orderRows("woo-orders", person) == 1 && orderRows("bm-orders", marketplace) == 1);
        assertThat(orderRow("woo-orders", company).get("customer_name")).isEqualTo("ACME Sp. z o.o.");
        assertThat(orderRow("woo-orders", person).get("customer_name")).isEqualTo("Anna Nowak");
        assertThat(orderRow("bm-orders", marketplace).get("customer_name")).isEqualTo("Back Market");
    }

    @Test
    void anAccountWithImportSwitchedOffIsNeverPolled() throws Exception {
        assertThat(camel.getRoute("order-poll-" + CLIENT + "-bm-orders")).isNotNull();
        assertThat(camel.getRoute("order-poll-" + CLIENT + "-woo-orders")).isNotNull();
        for (String off : List.of("bm", "bm-slow", "woo")) {
            assertThat(camel.getRoute("order-poll-" + CLIENT + "-" + off)).as(off).isNull();
        }
        JsonNode before = bm("GET", "/_control/stats", null, BM_TOKEN);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                bm("GET", "/_control/stats", null, BM_ORDERS_TOKEN).path("calls").path("GET /ws/orders").asInt() >= 2);
        JsonNode after = bm("GET", "/_control/stats", null, BM_TOKEN);
        assertThat(after.path("calls").has("GET /ws/orders")).as("the bm account's orders are never asked for").isFalse();
        assertThat(before.path("calls").has("GET /ws/orders")).isFalse();
    }

    @Test
    void aMalformedOrderGoesToTheDeadLetterQueueWithItsReason() throws Exception {
        String marker = "broken-" + UUID.randomUUID();
        new JmsTemplate(connectionFactory).convertAndSend("kanal.orders.received", "{\"id\":\"" + marker + "\"", m -> {
            m.setStringProperty("kanalClient", CLIENT);
            m.setStringProperty("kanalAccount", "woo-orders");
            m.setStringProperty("kanalOrderSource", "webhook");
            return m;
        });
        JmsTemplate dlq = new JmsTemplate(connectionFactory);
        dlq.setReceiveTimeout(1000);
        Message[] parked = new Message[1];
        await().atMost(Duration.ofSeconds(40)).until(() -> {
            Message m = dlq.receiveSelected("kanal.orders.received.dlq", "kanalClient = '" + CLIENT + "'");
            if (m != null && m.getBody(String.class).contains(marker)) {
                parked[0] = m;
            }
            return parked[0] != null;
        });
        assertThat(parked[0].getStringProperty("kanalErrorClass")).isEqualTo("dev.kanal.connector.MalformedOrderException");
        assertThat(parked[0].getStringProperty("kanalErrorMessage")).contains("not JSON");
    }

    // ------------------------------------------------------------ helpers

    private void registerWebhooks() throws Exception {
        admin("POST", "/accounts/woo-orders/webhooks");
    }

    private static String webhookPath(String account) {
        return "/webhooks/woocommerce/" + CLIENT + "/" + account;
    }

    private int webhook(byte[] body, String signature, String topic) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + webhookPath("woo-orders")))
                .header("Content-Type", "application/json")
                .header("X-WC-Webhook-Topic", topic)
                .header("X-WC-Webhook-Resource", "order")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header("X-WC-Webhook-Signature", signature);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** The test's own HMAC: base64 of HMAC-SHA256 over the body bytes. */
    private static String sign(byte[] body, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(body));
    }

    private static String wooOrderJson(String id, String status, String sku) {
        return """
                {"id":%s,"status":"%s","currency":"PLN","total":"10.00","date_modified_gmt":"2026-01-01T00:00:00",
                 "payment_method":"bacs","billing":{"first_name":"Test","last_name":"Buyer"},"shipping":{},
                 "line_items":[{"id":1,"sku":"%s","product_id":0,"variation_id":0,"quantity":1,"price":10.0,"total":"10.00"}]}
                """.formatted(id, status, sku);
    }

    /** ZK numbers in the client's sandbox ERP with this channel reference ({@code <account>:<channel order id>}). */
    private List<String> zks(String reference) {
        return new JdbcTemplate(sources.of(CLIENT, registry.require(CLIENT).source())).queryForList(
                "SELECT dok_NrPelny FROM dok__Dokument WHERE dok_Typ = 16 AND dok_NrPelnyOryg = ?", String.class, reference);
    }

    private int orderRows(String account, String channelOrderId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM sales_order o JOIN channel_account a ON a.id = o.channel_account_id "
                + "JOIN client c ON c.id = o.client_id WHERE c.code = ? AND a.code = ? AND o.channel_order_id = ?",
                Integer.class, CLIENT, account, channelOrderId);
    }

    private Map<String, Object> orderRow(String account, String channelOrderId) {
        return jdbc.queryForMap("SELECT o.* FROM sales_order o JOIN channel_account a ON a.id = o.channel_account_id "
                + "JOIN client c ON c.id = o.client_id WHERE c.code = ? AND a.code = ? AND o.channel_order_id = ?",
                CLIENT, account, channelOrderId);
    }

    private String mapped(String account, String channelOrderId) {
        return orderRows(account, channelOrderId) == 0 ? null : (String) orderRow(account, channelOrderId).get("mapped_status");
    }

    /** Copies of messages that reached kanal.orders.received for this order so far. */
    private int receivedCopies(String account, String channelOrderId) {
        return drain(TestBeans.ORDERS_RECEIVED_COPY, "kanalClient = '" + CLIENT + "' AND kanalAccount = '" + account
                + "' AND kanalChannelOrderId = '" + channelOrderId + "'", "received/" + account + "/" + channelOrderId);
    }

    /** Copies of messages that handed this sales order on to allocation so far. */
    private int translatedCopies(long orderId) {
        return drain(TestBeans.ORDERS_TRANSLATED_COPY, "kanalOrderId = " + orderId, "translated/" + orderId);
    }

    /** Messages of this order parked on the import hop's dead-letter queue (browsed, not consumed). */
    private int deadLettered(String account, String channelOrderId) {
        return new JmsTemplate(connectionFactory).browseSelected("kanal.orders.received.dlq", "kanalClient = '" + CLIENT
                + "' AND kanalAccount = '" + account + "' AND kanalChannelOrderId = '" + channelOrderId + "'",
                (session, browser) -> java.util.Collections.list(browser.getEnumeration()).size());
    }

    private int drain(String queue, String selector, String key) {
        JmsTemplate jms = new JmsTemplate(connectionFactory);
        jms.setReceiveTimeout(300);
        int n = 0;
        while (jms.receiveSelected(queue, selector) != null) {
            n++;
        }
        return copies.merge(key, n, Integer::sum);
    }

    /** Waits until the import hop has no message left, so every delivery so far has been imported. */
    private void awaitReceivedQueueDrained() throws Exception {
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        ObjectName queue = mbeans.queryNames(new ObjectName("org.apache.activemq.artemis:component=addresses,"
                + "subcomponent=queues,queue=\"kanal.orders.received\",*"), null).iterator().next();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> ((Number) mbeans.getAttribute(queue, "MessageCount")).longValue() == 0);
        Thread.sleep(300);
    }

    private JsonNode admin(String method, String path) throws Exception {
        return admin(method, path, null);
    }

    private JsonNode admin(String method, String path, Object body) throws Exception {
        Answer answer = http(method, "/admin/clients/" + CLIENT + path, body,
                "Basic " + Base64.getEncoder().encodeToString("admin:test-secret".getBytes(StandardCharsets.UTF_8)));
        assertThat(answer.status()).as(method + " " + path + ": " + answer.json()).isBetween(200, 299);
        return answer.json();
    }

    private JsonNode bm(String method, String path, Object body, String token) throws Exception {
        Answer answer = http(method, "/sandbox/backmarket" + path, body, "Basic " + token);
        assertThat(answer.status()).as(method + " " + path + ": " + answer.json()).isBetween(200, 299);
        return answer.json();
    }


    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
