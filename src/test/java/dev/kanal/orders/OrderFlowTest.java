package dev.kanal.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.KanalIntegrationTest;
import dev.kanal.TestBeans;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.connector.subiekt.SourceDataSources;
import dev.kanal.orders.OrderChange;
import dev.kanal.orders.OrderChanges;
import jakarta.jms.Message;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;

/**
 * Flow 2 after translation, end to end on the run's client: a translated order sent to
 * kanal.orders.translated is allocated, accepted on the Back Market sandbox and created in the
 * sandbox ERP over HTTP, with the gateway's slowness and commit-then-timeout switches; then
 * cancellation and the unpaid rules. Stock comes from the sandbox ERP through the source poller.
 */
class OrderFlowTest extends KanalIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger SKUS = new AtomicInteger();

    @Autowired JdbcTemplate jdbc;
    @Autowired JmsTemplate jms;
    @Autowired ErpOrderWriter writer;
    @Autowired OrderAllocator allocator;
    @Autowired OrderAcknowledgement acknowledgement;
    @Autowired OrderCancellation cancellation;
    @Autowired SourceDataSources sources;
    @Autowired ClientRegistry registry;
    @Value("${kanal.messaging.queues.orders-translated.name}") String translated;
    @Value("${kanal.messaging.queues.order-changes.name}") String orderChanges;
    @Autowired OrderChanges changes;
    @Value("${kanal.orders.events-topic}") String eventsTopic;
    @Autowired jakarta.jms.ConnectionFactory connectionFactory;
    @Autowired org.apache.camel.ProducerTemplate producer;

    private final HttpClient http = HttpClient.newHttpClient();
    private OrderFixture orders;
    private long clientId;
    private JdbcTemplate erp;

    @BeforeEach
    void setUp() {
        orders = new OrderFixture(jdbc);
        clientId = jdbc.queryForObject("SELECT id FROM client WHERE code = ?", Long.class, CLIENT);
        erp = new JdbcTemplate(sources.of(CLIENT, registry.require(CLIENT).source()));
    }

    @AfterEach
    void clearGatewaySwitches() throws Exception {
        send("DELETE", "/sandbox/subiekt/" + CLIENT + "/_control/gateway", null, null);
    }

    @Test
    void translatedPaidOrderIsAllocatedAcceptedOnBackMarketAndCreatedOnceInTheErp() throws Exception {
        String sku = stockInErp(3);
        String channelOrderId = seedBackMarketOrder(sku);
        long order = orders.order(clientId, account("bm"), channelOrderId, true, false,
                List.of(OrderFixture.Line.of(sku, skuId(sku), 2)));

        translated(order);

        await("order in the ERP", () -> "IN_ERP".equals(orders.status(order)));
        assertThat(orders.allocations(order)).containsExactly(new long[] {warehouse("MAG"), 2});
        assertThat(zks(ErpOrderWriter.reference("bm", channelOrderId))).containsExactly(orders.erpRef(order));
        JsonNode bm = backMarketOrder(channelOrderId);
        assertThat(bm.path("orderlines").get(0).path("state").asInt()).isEqualTo(2);
        assertThat(bm.path("updates")).hasSize(1);
        // accepted only after allocation committed
        String allocatedAt = jdbc.queryForObject("SELECT allocated_at FROM sales_order WHERE id = ?", java.sql.Timestamp.class, order)
                .toInstant().toString();
        assertThat(java.time.Instant.parse(bm.path("updates").get(0).path("at").asText()))
                .isAfterOrEqualTo(java.time.Instant.parse(allocatedAt));
        assertThat(stockChangedSkus()).contains(sku);
        // nothing in the ERP reserves the units: Kanal's allocation holds them
        assertThat(jdbc.queryForObject("SELECT erp_attempts FROM sales_order WHERE id = ?", Integer.class, order)).isEqualTo(1);

        // the same message again (a redelivery): no second allocation, acceptance or ZK
        translated(order);
        Thread.sleep(2000);
        assertThat(orders.allocated(order)).isEqualTo(2);
        assertThat(backMarketOrder(channelOrderId).path("updates")).hasSize(1);
        assertThat(zks(ErpOrderWriter.reference("bm", channelOrderId))).hasSize(1);
    }

    @Test
    void orderDeliveredFiveTimesAtOnceIsAllocatedAndCreatedOnce() throws Exception {
        String sku = stockInErp(5);
        String channelOrderId = channelOrderId();
        long order = orders.order(clientId, account("woo"), channelOrderId, true, false,
                List.of(OrderFixture.Line.of(sku, skuId(sku), 2)));
        gateway(Map.of("latencyMs", 300)); // keep writers overlapping

        for (int i = 0; i < 5; i++) {
            translated(order);
        }

        await("order in the ERP", () -> "IN_ERP".equals(orders.status(order)));
        Thread.sleep(3000); // let the other four deliveries finish
        assertThat(orders.allocated(order)).isEqualTo(2);
        assertThat(zks(ErpOrderWriter.reference("woo", channelOrderId))).containsExactly(orders.erpRef(order));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM order_event WHERE order_id = ? AND type = 'IN_ERP'", Integer.class, order))
                .isEqualTo(1);
    }

    @Test
    void heldOversoldOrderGoesOnOnceAnOperatorAllocatesItsMissingUnits() throws Exception {
        String sku = stockInErp(1);
        String channelOrderId = seedBackMarketOrder(sku);
        long order = orders.order(clientId, account("bm"), channelOrderId, true, false,
                List.of(OrderFixture.Line.of(sku, skuId(sku), 2)));
        translated(order);
        await("order held", () -> "HELD".equals(orders.status(order)));
        assertThat(orders.missing(order)).isEqualTo(1);
        assertThat(send("POST", "/admin/clients/" + CLIENT + "/orders/" + order + "/allocate", null, admin()).statusCode())
                .isEqualTo(200); // no stock yet: still held
        assertThat(orders.status(order)).isEqualTo("HELD");
        assertThat(backMarketOrder(channelOrderId).path("updates")).isEmpty();

        send("PUT", "/sandbox/subiekt/" + CLIENT + "/_control/stock", JSON.writeValueAsString(List.of(
                Map.of("symbol", sku, "name", "Phone " + sku, "warehouse", "MAG", "onHand", 2, "reserved", 0, "blocked", false))), null);
        await("new stock polled", () -> jdbc.queryForObject("SELECT quantity FROM stock_level WHERE sku_id = ?", Integer.class,
                skuId(sku)) == 2);
        HttpResponse<String> allocated = send("POST", "/admin/clients/" + CLIENT + "/orders/" + order + "/allocate", null, admin());

        assertThat(allocated.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(allocated.body()).path("status").asText()).isEqualTo("ACCEPTED");
        assertThat(orders.allocated(order)).isEqualTo(2);
        await("order in the ERP", () -> "IN_ERP".equals(orders.status(order)));
        assertThat(backMarketOrder(channelOrderId).path("orderlines").get(0).path("state").asInt()).isEqualTo(2);
        assertThat(send("POST", "/admin/clients/" + CLIENT + "/orders/" + order + "/allocate", null, admin()).statusCode())
                .isEqualTo(409); // not held any more
    }

    @Test
    void anOrderStoredButNeverHandedOnIsAllocatedAndWrittenByTheSweep() throws Exception {
        // what a crash between the import's commit and its hand-on leaves: a translated order, no message
        String sku = stockInErp(2);
        String channelOrderId = channelOrderId();
        long order = orders.order(clientId, account("woo"), channelOrderId, true, false,
                List.of(OrderFixture.Line.of(sku, skuId(sku), 1)));
        jdbc.update("UPDATE sales_order SET mapped_status = 'TO_FULFIL', updated_at = ? WHERE id = ?",
                java.sql.Timestamp.from(java.time.Instant.now().minus(Duration.ofMinutes(2))), order);
        long fresh = orders.order(clientId, account("woo"), channelOrderId(), true, false,
                List.of(OrderFixture.Line.of(sku, skuId(sku), 1)));
        jdbc.update("UPDATE sales_order SET mapped_status = 'TO_FULFIL' WHERE id = ?", fresh);

        producer.sendBody("direct:orders-sweep", null);

        await("order in the ERP", () -> "IN_ERP".equals(orders.status(order)));
        assertThat(zks(ErpOrderWriter.reference("woo", channelOrderId))).containsExactly(orders.erpRef(order));
        Thread.sleep(1000);
        assertThat(orders.status(fresh)).as("an order still inside its first minute is left to its own hand-on").isEqualTo("RECEIVED");
    }

    @Test
    void commitThenTimeoutLeavesExactlyOneZk() throws Exception {
        String sku = stockInErp(2);
        String channelOrderId = channelOrderId();
        long order = orders.order(clientId, account("woo"), channelOrderId, false, true,
                List.of(OrderFixture.Line.of(sku, skuId(sku), 1)));
        gateway(Map.of("commitThenTimeout", 1, "stallMs", 5000)); // the writer gives up after 2 s

        translated(order);

        await("order in the ERP", () -> "IN_ERP".equals(orders.status(order)));
        assertThat(zks(ErpOrderWriter.reference("woo", channelOrderId))).containsExactly(orders.erpRef(order));
        assertThat(gatewayStats().path("timeoutsAfterCommit").asInt()).isEqualTo(1);
    }

    @Test
    void unavailableGatewayIsRetriedByTheBrokerAndTheRetryLooksUpFirst() throws Exception {
        String sku = stockInErp(2);
        String channelOrderId = channelOrderId();
        long order = orders.order(clientId, account("woo"), channelOrderId, true, false,
                List.of(OrderFixture.Line.of(sku, skuId(sku), 1)));
        gateway(Map.of("failNext", 1, "failMethod", "order/add", "failStatus", 503));
        long findsBefore = gatewayStats().path("calls").path("order/find").asLong();

        translated(order);

        await("order in the ERP", () -> "IN_ERP".equals(orders.status(order)));
        assertThat(jdbc.queryForObject("SELECT erp_attempts FROM sales_order WHERE id = ?", Integer.class, order)).isEqualTo(2);
        assertThat(zks(ErpOrderWriter.reference("woo", channelOrderId))).hasSize(1);
        // first attempt (none before it, nothing to look up): add (503), find; the retry: find, add
        assertThat(gatewayStats().path("calls").path("order/find").asLong() - findsBefore).isEqualTo(2);
    }

    @Test
    void orderTheErpRefusesIsHeldAndWrittenWhenAnOperatorRetries() throws Exception {
        String sku = stockInErp(2);
        String channelOrderId = channelOrderId();
        long order = orders.order(clientId, account("woo"), channelOrderId, true, false,
                List.of(OrderFixture.Line.of(sku, skuId(sku), 1)));
        allocator.allocate(order);
        gateway(Map.of("failNext", 1, "failMethod", "order/add", "failStatus", 200, "failMessage", "unknown product: " + sku));

        assertThat(writer.write(order)).isEqualTo(ErpOrderWriter.Outcome.REFUSED);
        assertThat(orders.status(order)).isEqualTo("HELD");
        assertThat(jdbc.queryForObject("SELECT hold_reason FROM sales_order WHERE id = ?", String.class, order))
                .contains("unknown product");
        assertThat(orders.allocated(order)).isEqualTo(1); // still holds its units

        assertThat(send("POST", "/admin/clients/" + CLIENT + "/orders/" + order + "/erp", null, admin()).statusCode()).isEqualTo(202);
        await("order in the ERP", () -> "IN_ERP".equals(orders.status(order)));
        assertThat(zks(ErpOrderWriter.reference("woo", channelOrderId))).containsExactly(orders.erpRef(order));
        assertThat(send("POST", "/admin/clients/" + CLIENT + "/orders/" + order + "/erp", null, admin()).statusCode()).isEqualTo(409);
    }

    @Test
    void slowGatewayStillWritesOnce() throws Exception {
        String sku = stockInErp(2);
        String channelOrderId = channelOrderId();
        long order = orders.order(clientId, account("woo"), channelOrderId, true, false,
                List.of(OrderFixture.Line.of(sku, skuId(sku), 1)));
        allocator.allocate(order);
        gateway(Map.of("latencyMs", 1200));

        long started = System.nanoTime();
        assertThat(writer.write(order)).isEqualTo(ErpOrderWriter.Outcome.WRITTEN);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(1200));
        assertThat(writer.write(order)).isEqualTo(ErpOrderWriter.Outcome.ALREADY_IN_ERP);
        assertThat(zks(ErpOrderWriter.reference("woo", channelOrderId))).containsExactly(orders.erpRef(order));
    }

    @Test
    void cancellationReleasesTheAllocationAndDeletesTheZk() throws Exception {
        String sku = stockInErp(2);
        String channelOrderId = channelOrderId();
        long order = orders.order(clientId, account("woo"), channelOrderId, true, false,
                List.of(OrderFixture.Line.of(sku, skuId(sku), 2)));
        allocator.allocate(order);
        assertThat(writer.write(order)).isEqualTo(ErpOrderWriter.Outcome.WRITTEN);
        assertThat(zks(ErpOrderWriter.reference("woo", channelOrderId))).hasSize(1);
        stockChangedSkus(); // drain

        // the Kanal side of a cancellation (the admin API goes through the order-changes hop, which tells the channel first)
        OrderCancellation.Outcome cancelled = cancellation.cancel(order, "cancelled on the channel");

        assertThat(cancelled.cancelledNow()).isTrue();
        assertThat(orders.status(order)).isEqualTo("CANCELLED");
        assertThat(orders.allocated(order)).isZero();
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM allocation a JOIN order_line l ON l.id = a.order_line_id
                 WHERE l.order_id = ? AND a.status = 'RELEASED' AND a.closed_at IS NOT NULL""", Integer.class, order)).isEqualTo(1);
        assertThat(zks(ErpOrderWriter.reference("woo", channelOrderId))).isEmpty();
        assertThat(stockChangedSkus()).contains(sku);
        assertThat(writer.write(order)).isEqualTo(ErpOrderWriter.Outcome.NOT_DUE);

        assertThat(cancellation.cancel(order, null).cancelledNow()).isFalse();
        assertThat(send("POST", "/admin/clients/" + CLIENT + "/orders/999999999/cancel", null, admin()).statusCode()).isEqualTo(404);
    }

    @Test
    void orderCancelledOnTheChannelLeavesTheErpAndReleasesItsUnits() throws Exception {
        String sku = stockInErp(2);
        String channelOrderId = channelOrderId();
        long order = orders.order(clientId, account("woo"), channelOrderId, true, false,
                List.of(OrderFixture.Line.of(sku, skuId(sku), 1)));
        translated(order);
        await("order in the ERP", () -> "IN_ERP".equals(orders.status(order)));

        // as the import records it: a CANCEL change of the whole order (no lines) to the ERP, on the order-changes hop
        long change = changes.record(new OrderChanges.NewChange(order, OrderChange.Direction.TO_ERP, OrderChange.Kind.CANCEL,
                OrderChange.Origin.CHANNEL, "channel-order:cancelled", List.of(), "cancelled on the channel", null));
        jms.convertAndSend(orderChanges, String.valueOf(change), m -> {
            m.setStringProperty("kanalOrderChangeId", String.valueOf(change));
            return m;
        });

        await("order cancelled", () -> "CANCELLED".equals(orders.status(order)));
        assertThat(orders.allocated(order)).isZero();
        assertThat(zks(ErpOrderWriter.reference("woo", channelOrderId))).isEmpty();
        assertThat(jdbc.queryForObject("SELECT cancel_reason FROM sales_order WHERE id = ?", String.class, order))
                .isEqualTo("cancelled on the channel");
    }

    @Test
    void unpaidOrderIsRemindedOnceThenCancelled() throws Exception {
        String sku = stockInErp(2);
        long order = orders.order(clientId, account("woo"), channelOrderId(), false, false,
                List.of(OrderFixture.Line.of(sku, skuId(sku), 1)));
        allocator.allocate(order);
        assertThat(orders.status(order)).isEqualTo("AWAITING_PAYMENT");
        assertThat(writer.isDue(order)).isFalse();
        UnpaidOrders unpaid = new UnpaidOrders(jdbc, cancellation, Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofMinutes(15), Clock.systemUTC());

        assertThat(unpaid.remind()).extracting(UnpaidOrders.PaymentReminder::orderId).doesNotContain(order);
        receivedAgo(order, Duration.ofSeconds(3));
        assertThat(unpaid.remind()).extracting(UnpaidOrders.PaymentReminder::orderId).contains(order);
        assertThat(unpaid.remind()).extracting(UnpaidOrders.PaymentReminder::orderId).doesNotContain(order);
        assertThat(unpaid.cancelExpired()).doesNotContain(order);
        assertThat(orders.allocated(order)).isEqualTo(1);

        receivedAgo(order, Duration.ofSeconds(5));
        assertThat(unpaid.cancelExpired()).contains(order);
        assertThat(orders.status(order)).isEqualTo("CANCELLED");
        assertThat(orders.allocated(order)).isZero();
        assertThat(jdbc.queryForList("SELECT type FROM order_event WHERE order_id = ? ORDER BY id", String.class, order))
                .containsSubsequence("PAYMENT_REMINDER", "CANCELLED");
    }

    @Test
    void sweepPublishesOnePaymentReminderOnTheEventsTopic() throws Exception {
        String sku = stockInErp(1);
        String channelOrderId = channelOrderId();
        long order = orders.order(clientId, account("woo"), channelOrderId, false, false,
                List.of(OrderFixture.Line.of(sku, skuId(sku), 1)));
        allocator.allocate(order);
        receivedAgo(order, Duration.ofHours(25)); // past the default 24 h, before the 72 h cancellation

        try (jakarta.jms.Connection connection = connectionFactory.createConnection()) {
            jakarta.jms.Session session = connection.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
            jakarta.jms.MessageConsumer events = session.createConsumer(session.createTopic(eventsTopic));
            connection.start();

            producer.sendBody("direct:orders-sweep", null);
            producer.sendBody("direct:orders-sweep", null); // a second sweep reminds no one twice

            List<JsonNode> mine = new ArrayList<>();
            jakarta.jms.Message message;
            while ((message = events.receive(3_000)) != null) { // other orders of the run may be reminded too
                JsonNode body = JSON.readTree(((jakarta.jms.TextMessage) message).getText());
                if (body.path("orderId").asLong() == order) {
                    assertThat(message.getObjectProperty("kanalClient")).hasToString(CLIENT);
                    mine.add(body);
                }
            }
            assertThat(mine).hasSize(1);
            assertThat(mine.get(0).path("type").asText()).isEqualTo("payment-reminder");
            assertThat(mine.get(0).path("channelOrderId").asText()).isEqualTo(channelOrderId);
            assertThat(mine.get(0).path("client").asText()).isEqualTo(CLIENT);
        }
        assertThat(orders.status(order)).isEqualTo("AWAITING_PAYMENT");
    }

    @Test
    void paymentArrivingLaterSendsTheOrderToTheErp() throws Exception {
        String sku = stockInErp(2);
        String channelOrderId = channelOrderId();
        long order = orders.order(clientId, account("woo"), channelOrderId, false, false,
                List.of(OrderFixture.Line.of(sku, skuId(sku), 1)));
        allocator.allocate(order);
        UnpaidOrders unpaid = new UnpaidOrders(jdbc, cancellation, Duration.ofHours(1), Duration.ofHours(2),
                Duration.ofMinutes(15), Clock.systemUTC());
        jdbc.update("UPDATE sales_order SET allocated_at = allocated_at - INTERVAL '2 minutes' WHERE id = ?", order);
        assertThat(unpaid.dueForErp()).doesNotContain(order);

        jdbc.update("UPDATE sales_order SET paid = TRUE WHERE id = ?", order); // a re-translation saw the payment
        assertThat(unpaid.dueForErp()).contains(order);
        assertThat(writer.write(order)).isEqualTo(ErpOrderWriter.Outcome.WRITTEN);
        assertThat(orders.status(order)).isEqualTo("IN_ERP");
        assertThat(unpaid.dueForErp()).doesNotContain(order);
    }

    @Test
    void oversoldLineIsRefusedOnBackMarketWhenTheAccountSaysSoAndNeverAcceptedBeforeAllocation() throws Exception {
        String sku = stockInErp(1);
        String other = stockInErp(0);
        String channelOrderId = seedBackMarketOrder(sku, other);
        long order = orders.order(clientId, account("bm-strict"), channelOrderId, true, false,
                List.of(OrderFixture.Line.of(sku, skuId(sku), 1), OrderFixture.Line.of(other, skuId(other), 1)));

        assertThat(acknowledgement.acknowledge(order)).isZero(); // not allocated yet: nothing is said
        assertThat(backMarketOrder(channelOrderId).path("updates")).isEmpty();

        translated(order);

        await("both lines answered", () -> {
            try {
                return backMarketOrder(channelOrderId).path("updates").size() == 2;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        JsonNode lines = backMarketOrder(channelOrderId).path("orderlines");
        assertThat(lines.get(0).path("state").asInt()).isEqualTo(2);
        assertThat(lines.get(1).path("state").asInt()).isEqualTo(4);
        await("order in the ERP", () -> "IN_ERP".equals(orders.status(order)));
        assertThat(orders.oversold(order)).isTrue();
        assertThat(erp.queryForObject("""
                SELECT COUNT(*) FROM dok_Pozycja p JOIN dok__Dokument d ON d.dok_Id = p.ob_DokHanId
                 WHERE d.dok_Typ = 16 AND d.dok_NrPelny = ?""", Integer.class, orders.erpRef(order))).isEqualTo(1);
    }

    @Test
    void oversoldOrderOnAnAccountThatHoldsIsNotAcknowledged() throws Exception {
        String sku = stockInErp(0);
        String channelOrderId = seedBackMarketOrder(sku);
        long order = orders.order(clientId, account("bm"), channelOrderId, true, false,
                List.of(OrderFixture.Line.of(sku, skuId(sku), 1)));

        allocator.allocate(order);
        assertThat(acknowledgement.acknowledge(order)).isZero();
        assertThat(orders.status(order)).isEqualTo("HELD");
        assertThat(backMarketOrder(channelOrderId).path("orderlines").get(0).path("state").asInt()).isEqualTo(1);
        assertThat(writer.write(order)).isEqualTo(ErpOrderWriter.Outcome.NOT_DUE);
    }

    // ------------------------------------------------------------------ helpers

    /** A new SKU with {@code onHand} units in the sandbox ERP's MAG, once the source poller brought it into Kanal. */
    private String stockInErp(int onHand) throws Exception {
        String sku = "ORD-" + RUN + "-" + SKUS.incrementAndGet();
        HttpResponse<String> seeded = send("PUT", "/sandbox/subiekt/" + CLIENT + "/_control/stock", JSON.writeValueAsString(List.of(
                Map.of("symbol", sku, "name", "Phone " + sku, "warehouse", "MAG", "onHand", onHand, "reserved", 0, "blocked", false))), null);
        assertThat(seeded.statusCode()).isEqualTo(200);
        await("stock of " + sku + " polled", () -> jdbc.queryForObject("""
                SELECT COUNT(*) FROM stock_level s JOIN sku k ON k.id = s.sku_id
                 WHERE k.client_id = ? AND k.code = ? AND s.quantity = ?""", Integer.class, clientId, sku, onHand) == 1);
        return sku;
    }

    private long skuId(String sku) {
        return jdbc.queryForObject("SELECT id FROM sku WHERE client_id = ? AND code = ?", Long.class, clientId, sku);
    }

    private long account(String code) {
        return jdbc.queryForObject("SELECT id FROM channel_account WHERE client_id = ? AND code = ?", Long.class, clientId, code);
    }

    private long warehouse(String code) {
        return jdbc.queryForObject("SELECT id FROM warehouse WHERE client_id = ? AND code = ?", Long.class, clientId, code);
    }

    private static String channelOrderId() {
        return String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000L, 999_999_999L));
    }

    private void translated(long order) {
        jms.convertAndSend(translated, String.valueOf(order), m -> {
            m.setStringProperty("kanalOrderId", String.valueOf(order));
            m.setStringProperty("kanalClient", CLIENT);
            return m;
        });
    }

    private void receivedAgo(long order, Duration ago) {
        jdbc.update("UPDATE sales_order SET received_at = ? WHERE id = ?",
                java.sql.Timestamp.from(java.time.Instant.now().minus(ago)), order);
    }

    private List<String> zks(String reference) {
        return erp.queryForList("SELECT dok_NrPelny FROM dok__Dokument WHERE dok_Typ = 16 AND dok_NrPelnyOryg = ?",
                String.class, reference);
    }

    /** Places an order on the Back Market sandbox (account bm's seller, which imports no orders); answers its id. */
    private String seedBackMarketOrder(String... skus) throws Exception {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (String sku : skus) {
            lines.add(Map.of("listing", sku, "quantity", 1, "price", "10.00"));
        }
        HttpResponse<String> seeded = send("POST", "/sandbox/backmarket/_control/orders",
                JSON.writeValueAsString(Map.of("state", 1, "orderlines", lines)), "Basic " + BM_TOKEN);
        assertThat(seeded.statusCode()).isEqualTo(201);
        return JSON.readTree(seeded.body()).path("order_id").asText();
    }

    private JsonNode backMarketOrder(String channelOrderId) throws Exception {
        return JSON.readTree(send("GET", "/sandbox/backmarket/_control/orders/" + channelOrderId, null, "Basic " + BM_TOKEN).body());
    }

    private void gateway(Map<String, Object> switches) throws Exception {
        assertThat(send("PUT", "/sandbox/subiekt/" + CLIENT + "/_control/gateway", JSON.writeValueAsString(switches), null)
                .statusCode()).isEqualTo(200);
    }

    private JsonNode gatewayStats() throws Exception {
        return JSON.readTree(send("GET", "/sandbox/subiekt/" + CLIENT + "/_control/gateway", null, null).body());
    }

    private List<String> stockChangedSkus() throws Exception {
        jms.setReceiveTimeout(500);
        List<String> skus = new ArrayList<>();
        Message m;
        while ((m = jms.receiveSelected(TestBeans.STOCK_CHANGED_COPY, "kanalClient = '" + CLIENT + "'")) != null) {
            skus.add(m.getStringProperty("kanalSku"));
        }
        return skus;
    }

    private static String admin() {
        return "Basic " + Base64.getEncoder().encodeToString("admin:test-secret".getBytes());
    }

    private HttpResponse<String> send(String method, String path, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Timed out waiting for: " + what);
    }
}
