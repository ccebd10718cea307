package dev.kanal.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.KanalIntegrationTest;
import dev.kanal.sandbox.backmarket.BackMarketSandboxControl;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;

/**
 * Channel acknowledgements that cannot be lost, end to end: Back Market orders polled from the
 * sandbox (account bm-acks), allocated against stock polled from the sandbox ERP, accepted on the
 * sandbox over HTTP, with the broker's dead-letter queues read at the end. Fixture orders on
 * bm-acks-fixture (which imports nothing) drive the acknowledgement sweep.
 */
class AcknowledgementTest extends KanalIntegrationTest {

    private static final AtomicInteger SKUS = new AtomicInteger();
    private static final List<String> DLQS = List.of("kanal.orders.received.dlq", "kanal.orders.translated.dlq",
            "kanal.orders.accepted.dlq", "kanal.orders.acknowledge.dlq");

    @Autowired JdbcTemplate jdbc;
    @Autowired JmsTemplate jms;
    @Autowired OrderAllocator allocator;
    @Autowired OrderAcknowledgement acknowledgement;
    @Autowired OwedAcknowledgements owed;
    @Autowired ProducerTemplate producer;

    private BackMarketSandboxControl seller;
    private BackMarketSandboxControl fixtureSeller;
    private long clientId;

    @BeforeEach
    void setUp() {
        URI sandbox = URI.create(baseUrl() + "/sandbox/backmarket");
        seller = new BackMarketSandboxControl(sandbox, BM_ACKS_TOKEN);
        fixtureSeller = new BackMarketSandboxControl(sandbox, BM_ACKS_FIXTURE_TOKEN);
        seller.reset();
        fixtureSeller.reset();
        clientId = jdbc.queryForObject("SELECT id FROM client WHERE code = ?", Long.class, CLIENT);
    }

    @AfterEach
    void calm() {
        seller.reset();
        fixtureSeller.reset();
    }

    @Test
    void twoHundredAcceptancesUnderA429StormAllEndAcceptedWithNothingDeadLettered() throws Exception {
        String sku = stockInErp(200);
        // Cloudflare-like: 10 requests a second, then the token is blocked for a second (with Retry-After)
        seller.rateLimit(10, 1, 1, true);
        List<String> channelOrders = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            channelOrders.add(placeOrder(BM_ACKS_TOKEN, List.of(sku)));
        }

        await("200 orders accepted on the channel", Duration.ofMinutes(4), () -> acceptedOnSandbox(seller) >= 200);

        assertThat(seller.stats().path("tooManyRequests").asInt()).isPositive(); // the storm really happened
        assertThat(acceptedOnSandbox(seller)).isEqualTo(200);
        List<Long> orderIds = channelOrders.stream().map(this::orderId).toList();
        assertThat(Set.copyOf(orderIds)).hasSize(200);
        for (long order : orderIds) {
            assertThat(jdbc.queryForObject("SELECT channel_ack FROM order_line WHERE order_id = ?", String.class, order))
                    .isEqualTo("ACCEPTED");
        }
        assertThat(deadLetters(Set.copyOf(orderIds), "bm-acks")).isEmpty();
        // this test's orders only: other tests of the shared client leave owed lines on purpose
        String these = orderIds.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
        await("the polls saw every line move on", Duration.ofMinutes(2), () -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM acknowledgement_owed WHERE order_id IN (" + these + ")", Integer.class) == 0);
    }

    @Test
    void aTwoLineOrderWithOneLineOversoldIsNeitherAcceptedNorLooping() throws Exception {
        String inStock = stockInErp(1);
        String oversold = stockInErp(0);
        String channelOrderId = placeOrder(BM_ACKS_TOKEN, List.of(inStock, oversold));
        await("order allocated and held", Duration.ofSeconds(40), () -> "HELD".equals(status(channelOrderId)));
        long order = orderId(channelOrderId);
        List<Long> lineIds = jdbc.queryForList("SELECT id FROM order_line WHERE order_id = ? ORDER BY line_no", Long.class, order);

        // several later polls of the same order, each a newer channel state
        for (int i = 0; i < 3; i++) {
            Timestamp seen = jdbc.queryForObject("SELECT channel_modified_at FROM sales_order WHERE id = ?", Timestamp.class, order);
            awaitNextWholeSecond(); // Back Market's dates have whole seconds: the next change must be a later one
            http("PATCH", "/sandbox/backmarket/_control/orders/" + channelOrderId, Map.of("state", 1), "Basic " + BM_ACKS_TOKEN);
            await("the change polled", Duration.ofSeconds(30), () -> !seen.equals(
                    jdbc.queryForObject("SELECT channel_modified_at FROM sales_order WHERE id = ?", Timestamp.class, order)));
        }

        JsonNode onChannel = http("GET", "/sandbox/backmarket/_control/orders/" + channelOrderId, null, "Basic " + BM_ACKS_TOKEN).json();
        assertThat(onChannel.path("updates")).isEmpty(); // no new_state call for either line
        assertThat(jdbc.queryForList("SELECT id FROM order_line WHERE order_id = ? ORDER BY line_no", Long.class, order))
                .isEqualTo(lineIds);
        assertThat(status(channelOrderId)).isEqualTo("HELD");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM order_line WHERE order_id = ? AND channel_ack IS NOT NULL",
                Integer.class, order)).isZero();
        assertThat(deadLetters(Set.of(order), "bm-acks")).isEmpty();
    }

    @Test
    void reImportingAnAllocatedOrderChangesNothingAndRaisesNothing() throws Exception {
        String sku = stockInErp(1);
        String channelOrderId = placeOrder(BM_ACKS_TOKEN, List.of(sku));
        await("accepted", Duration.ofSeconds(40), () -> acceptedOnSandbox(seller) == 1);
        long order = orderId(channelOrderId);
        await("accepted line polled back", Duration.ofSeconds(30), () -> Boolean.FALSE.equals(
                jdbc.queryForObject("SELECT channel_awaits_ack FROM order_line WHERE order_id = ?", Boolean.class, order)));
        List<Map<String, Object>> lines = lines(order);
        List<Map<String, Object>> allocations = jdbc.queryForList("""
                SELECT a.id, a.order_line_id, a.quantity, a.status FROM allocation a JOIN order_line l ON l.id = a.order_line_id
                 WHERE l.order_id = ? ORDER BY a.id""", order);
        String status = status(channelOrderId);

        // a webhook-style repeat of exactly what is stored, and a redelivery of it
        String payload = jdbc.queryForObject("SELECT channel_payload FROM sales_order WHERE id = ?", String.class, order);
        for (int i = 0; i < 2; i++) {
            jms.convertAndSend("kanal.orders.received", payload, m -> {
                m.setStringProperty("kanalClient", CLIENT);
                m.setStringProperty("kanalAccount", "bm-acks");
                m.setStringProperty("kanalChannelOrderId", channelOrderId);
                m.setStringProperty("kanalOrderSource", "test");
                return m;
            });
        }
        // and a later poll of a newer channel state with the same lines
        Timestamp seen = jdbc.queryForObject("SELECT channel_modified_at FROM sales_order WHERE id = ?", Timestamp.class, order);
        awaitNextWholeSecond();
        http("PATCH", "/sandbox/backmarket/_control/orders/" + channelOrderId, Map.of("tracking_number", "T-1"), "Basic " + BM_ACKS_TOKEN);
        await("the change polled", Duration.ofSeconds(30), () -> !seen.equals(
                jdbc.queryForObject("SELECT channel_modified_at FROM sales_order WHERE id = ?", Timestamp.class, order)));
        await("queue drained", Duration.ofSeconds(30), () -> browse("kanal.orders.received").isEmpty());

        assertThat(lines(order)).isEqualTo(lines);
        assertThat(jdbc.queryForList("""
                SELECT a.id, a.order_line_id, a.quantity, a.status FROM allocation a JOIN order_line l ON l.id = a.order_line_id
                 WHERE l.order_id = ? ORDER BY a.id""", order)).isEqualTo(allocations);
        assertThat(status(channelOrderId)).isEqualTo(status);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM order_event WHERE order_id = ? AND type IN ('LINES_CHANGED', 'HELD')",
                Integer.class, order)).isZero();
        JsonNode onChannel = http("GET", "/sandbox/backmarket/_control/orders/" + channelOrderId, null, "Basic " + BM_ACKS_TOKEN).json();
        assertThat(onChannel.path("updates")).hasSize(1);
        assertThat(deadLetters(Set.of(order), "bm-acks")).isEmpty();
    }

    @Test
    void theSweepResendsAnAcknowledgementTheFirstCallLost() throws Exception {
        String sku = stockInErp(1);
        String channelOrderId = placeOrder(BM_ACKS_FIXTURE_TOKEN, List.of(sku));
        long order = fixtureOrder(channelOrderId, sku);
        allocator.allocate(order);
        fixtureSeller.fault(503, 1, null, 0);

        assertThat(acknowledgement.acknowledge(order)).isZero(); // 503: left owed, not thrown to the broker
        assertThat(fixtureLineState(channelOrderId)).isEqualTo(1);
        assertThat(owedLines(order)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM order_event WHERE order_id = ? AND type = 'ACK_DEFERRED'",
                Integer.class, order)).isEqualTo(1);

        assertThat(owed.due()).doesNotContain(order); // tried a moment ago: not yet
        ageAttempts(order);
        producer.sendBody("direct:orders-acknowledge-sweep", null);

        await("accepted by the sweep", Duration.ofSeconds(30), () -> fixtureLineState(channelOrderId) == 2);
        await("recorded", Duration.ofSeconds(10), () -> "ACCEPTED".equals(
                jdbc.queryForObject("SELECT channel_ack FROM order_line WHERE order_id = ?", String.class, order)));
        assertThat(owed.due()).doesNotContain(order);
    }

    @Test
    void theSweepResendsAnAnsweredAcknowledgementTheChannelStillShowsWaiting() throws Exception {
        String sku = stockInErp(1);
        String channelOrderId = placeOrder(BM_ACKS_FIXTURE_TOKEN, List.of(sku));
        long order = fixtureOrder(channelOrderId, sku);
        allocator.allocate(order);
        // Kanal recorded an acceptance an hour ago, but the channel still shows the line paid (state 1)
        jdbc.update("UPDATE order_line SET channel_ack = 'ACCEPTED', channel_ack_at = ? WHERE order_id = ?",
                Timestamp.from(Instant.now().minus(Duration.ofHours(1))), order);
        ageAttempts(order);
        assertThat(owedLines(order)).isEqualTo(1);

        producer.sendBody("direct:orders-acknowledge-sweep", null);

        await("accepted by the sweep", Duration.ofSeconds(30), () -> fixtureLineState(channelOrderId) == 2);
        JsonNode onChannel = http("GET", "/sandbox/backmarket/_control/orders/" + channelOrderId, null,
                "Basic " + BM_ACKS_FIXTURE_TOKEN).json();
        assertThat(onChannel.path("updates")).hasSize(1);
        // the channel showing the line moved on (as the next import records it) ends what is owed
        jdbc.update("UPDATE order_line SET channel_awaits_ack = FALSE WHERE order_id = ?", order);
        assertThat(owedLines(order)).isZero();
    }

    // ------------------------------------------------------------------ helpers

    private long fixtureOrder(String channelOrderId, String sku) {
        long account = jdbc.queryForObject("SELECT id FROM channel_account WHERE client_id = ? AND code = 'bm-acks-fixture'",
                Long.class, clientId);
        long skuId = jdbc.queryForObject("SELECT id FROM sku WHERE client_id = ? AND code = ?", Long.class, clientId, sku);
        long order = new OrderFixture(jdbc).order(clientId, account, channelOrderId, true, false,
                List.of(OrderFixture.Line.of(sku, skuId, 1)));
        jdbc.update("UPDATE order_line SET channel_awaits_ack = TRUE WHERE order_id = ?", order); // as the import records line state 1
        return order;
    }

    private void ageAttempts(long order) {
        Timestamp past = Timestamp.from(Instant.now().minus(Duration.ofMinutes(5)));
        jdbc.update("UPDATE order_line SET channel_ack_attempted_at = ? WHERE order_id = ? AND channel_ack_attempted_at IS NOT NULL",
                past, order);
        jdbc.update("UPDATE sales_order SET allocated_at = ? WHERE id = ?", past, order);
    }

    private int owedLines(long order) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM acknowledgement_owed WHERE order_id = ?", Integer.class, order);
    }

    private int fixtureLineState(String channelOrderId) {
        try {
            return http("GET", "/sandbox/backmarket/_control/orders/" + channelOrderId, null, "Basic " + BM_ACKS_FIXTURE_TOKEN)
                    .json().path("orderlines").get(0).path("state").asInt();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Map<String, Object>> lines(long order) {
        return jdbc.queryForList("""
                SELECT id, line_no, channel_line_id, channel_sku, sku_id, quantity, missing_quantity, allocated_at, channel_ack
                  FROM order_line WHERE order_id = ? ORDER BY line_no""", order);
    }

    private String status(String channelOrderId) {
        List<String> status = jdbc.queryForList("""
                SELECT o.status FROM sales_order o JOIN channel_account a ON a.id = o.channel_account_id
                 WHERE a.client_id = ? AND a.code = 'bm-acks' AND o.channel_order_id = ?""", String.class, clientId, channelOrderId);
        return status.isEmpty() ? null : status.get(0);
    }

    private long orderId(String channelOrderId) {
        return jdbc.queryForObject("""
                SELECT o.id FROM sales_order o JOIN channel_account a ON a.id = o.channel_account_id
                 WHERE a.client_id = ? AND a.code = 'bm-acks' AND o.channel_order_id = ?""", Long.class, clientId, channelOrderId);
    }

    /** Lines in state 2 (accepted) or beyond across the seller's orders on the sandbox. */
    private int acceptedOnSandbox(BackMarketSandboxControl of) {
        try {
            JsonNode orders = http("GET", "/sandbox/backmarket/_control/orders", null, "Basic " + of.token()).json();
            int accepted = 0;
            for (JsonNode order : orders) {
                for (JsonNode line : order.path("orderlines")) {
                    accepted += line.path("state").asInt() == 2 ? 1 : 0;
                }
            }
            return accepted;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Places a paid order (one unit per SKU) for the seller; answers its order id. */
    private String placeOrder(String token, List<String> skus) throws Exception {
        List<Map<String, Object>> lines = skus.stream().map(s -> Map.<String, Object>of("listing", s, "quantity", 1, "price", "10.00")).toList();
        Answer placed = http("POST", "/sandbox/backmarket/_control/orders", Map.of("state", 1, "orderlines", lines), "Basic " + token);
        assertThat(placed.status()).isEqualTo(201);
        return placed.json().path("order_id").asText();
    }

    /** A new SKU with {@code onHand} units in the sandbox ERP's MAG, once the source poller brought it into Kanal. */
    private String stockInErp(int onHand) throws Exception {
        String sku = "ACK-" + RUN + "-" + SKUS.incrementAndGet();
        Answer seeded = http("PUT", "/sandbox/subiekt/" + CLIENT + "/_control/stock", List.of(
                Map.of("symbol", sku, "name", "Phone " + sku, "warehouse", "MAG", "onHand", onHand, "reserved", 0, "blocked", false)), null);
        assertThat(seeded.status()).isEqualTo(200);
        await("stock of " + sku + " polled", Duration.ofSeconds(40), () -> jdbc.queryForObject("""
                SELECT COUNT(*) FROM stock_level s JOIN sku k ON k.id = s.sku_id
                 WHERE k.client_id = ? AND k.code = ? AND s.quantity = ?""", Integer.class, clientId, sku, onHand) == 1);
        return sku;
    }

    /** Dead letters of these orders (header kanalOrderId) or of this account's received orders (kanalAccount). */
    private List<String> deadLetters(Set<Long> orders, String account) throws JMSException {
        Set<String> ids = new HashSet<>();
        orders.forEach(id -> ids.add(String.valueOf(id)));
        List<String> found = new ArrayList<>();
        for (String dlq : DLQS) {
            for (Message m : browse(dlq)) {
                if (ids.contains(m.getStringProperty("kanalOrderId")) || account.equals(m.getStringProperty("kanalAccount"))) {
                    found.add(dlq + ": " + m.getStringProperty("kanalErrorClass") + ": " + m.getStringProperty("kanalErrorMessage"));
                }
            }
        }
        return found;
    }

    private List<Message> browse(String queue) {
        return jms.browse(queue, (session, browser) -> Collections.list(browser.getEnumeration()).stream()
                .map(Message.class::cast).toList());
    }

    private static void await(String what, Duration bound, BooleanSupplier condition) {
        org.awaitility.Awaitility.await(what).atMost(bound).pollInterval(Duration.ofMillis(200)).until(condition::getAsBoolean);
    }
}
