package dev.kanal.connector.walmart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.client.config.ReturnReason;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelListing;
import dev.kanal.connector.ChannelOrder;
import dev.kanal.connector.ChannelOrderCanceller;
import dev.kanal.connector.ChannelUnavailableException;
import dev.kanal.connector.ChannelOrderSource.RawOrder;
import dev.kanal.connector.ChannelReturn;
import dev.kanal.connector.ChannelShipmentWriter.ShipmentRefusedException;
import dev.kanal.connector.OutgoingRefund;
import dev.kanal.connector.OutgoingShipment;
import dev.kanal.connector.PushResult;
import dev.kanal.connector.QuantityUpdate;
import dev.kanal.connector.RateLimitedException;
import dev.kanal.connector.backmarket.RecordingHttpClient;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Walmart connector against the Walmart sandbox over real HTTP. */
class WalmartConnectorTest {

    private WalmartSandboxClient sandbox;
    private RecordingHttpClient recorded;
    private WalmartHttp http;
    private WalmartOrders orders;

    @BeforeEach
    void newSeller() {
        sandbox = WalmartSandboxClient.newSeller(WalmartSandboxHost.base());
        recorded = new RecordingHttpClient(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build());
        http = new WalmartHttp(recorded, Duration.ofSeconds(5));
        orders = new WalmartOrders(http, Duration.ofHours(24), 2);
    }

    private WalmartStock stock(int bulkThreshold) {
        return new WalmartStock(http, new WalmartStock.FeedSettings(bulkThreshold, 1_000, 10, Duration.ofSeconds(20),
                Duration.ofMillis(50)));
    }

    private ChannelConnection connection() {
        return sandbox.connection(6_000);
    }

    private long calls(String method, String pathEnd) {
        return recorded.exchanges().stream().filter(e -> e.method().equals(method) && e.uri().getPath().endsWith(pathEnd)).count();
    }

    @Test
    void importsEveryListingThroughTheInventoryCursor() {
        sandbox.items("LST", 120, 3);

        List<ChannelListing> listings = stock(50).fetchListings(connection());

        assertThat(listings).hasSize(120).allMatch(l -> l.quantity() == 3 && l.channelListingId().equals(l.channelSku()));
        assertThat(listings).extracting(ChannelListing::channelSku).doesNotHaveDuplicates().contains("LST-1", "LST-120");
        assertThat(calls("GET", "/v3/inventories")).isEqualTo(3); // 50 + 50 + 20
        assertThat(calls("POST", "/v3/token")).isEqualTo(1);
    }

    @Test
    void aFewUpdatesGoOneSkuACallAndAnUnknownSkuIsRejected() {
        sandbox.items("ONE", 2, 0);

        List<PushResult> results = stock(50).pushQuantities(connection(), List.of(
                new QuantityUpdate("ONE-1", 7), new QuantityUpdate("ONE-2", 0), new QuantityUpdate("NOT-MINE", 4)));

        assertThat(results).extracting(PushResult::accepted).containsExactly(true, true, false);
        assertThat(results.get(2).error()).startsWith("404").contains("CONTENT_NOT_FOUND");
        assertThat(sandbox.inventory()).containsEntry("ONE-1", 7).containsEntry("ONE-2", 0).doesNotContainKey("NOT-MINE");
        assertThat(calls("PUT", "/v3/inventory")).isEqualTo(3);
        assertThat(calls("POST", "/v3/feeds")).isZero();
    }

    @Test
    void aBurstGoesThroughOneFeedPolledToTheEndWithPerItemErrorsAsRejections() {
        sandbox.items("BURST", 120, 1);
        sandbox.feedDelay(400);
        List<QuantityUpdate> updates = new ArrayList<>();
        IntStream.rangeClosed(1, 120).forEach(i -> updates.add(new QuantityUpdate("BURST-" + i, i % 9)));
        IntStream.rangeClosed(1, 10).forEach(i -> updates.add(new QuantityUpdate("GONE-" + i, 5)));
        List<PushResult> handedOver = new CopyOnWriteArrayList<>();

        stock(50).pushQuantities(connection(), updates, handedOver::addAll);

        assertThat(handedOver).hasSize(130);
        assertThat(handedOver).filteredOn(PushResult::accepted).hasSize(120)
                .allMatch(r -> r.channelListingId().startsWith("BURST-"));
        assertThat(handedOver).filteredOn(r -> !r.accepted()).hasSize(10)
                .allMatch(r -> r.channelListingId().startsWith("GONE-") && r.error().contains("ERR_PDI_0001"));
        assertThat(sandbox.inventory()).containsEntry("BURST-9", 0).containsEntry("BURST-13", 4).containsEntry("BURST-120", 120 % 9);
        assertThat(calls("POST", "/v3/feeds")).isEqualTo(1);
        assertThat(calls("PUT", "/v3/inventory")).isZero();
        List<String> statuses = recorded.exchanges().stream().filter(e -> e.uri().getPath().contains("/v3/feeds/"))
                .map(e -> read(e.responseBody()).path("feedStatus").asText()).toList();
        assertThat(statuses).as("polled while received or in progress, then every page of item results")
                .contains("PROCESSED").anyMatch(s -> s.equals("RECEIVED") || s.equals("INPROGRESS"));
        assertThat(recorded.exchanges().stream().filter(e -> e.uri().getPath().contains("/v3/feeds/"))
                .map(e -> e.uri().getQuery()).filter(q -> q.contains("offset=100"))).hasSize(1);
    }

    @Test
    void theCallBudgetHoldsCallsBackInsteadOfExceedingIt() {
        sandbox.items("BUD", 12, 0);
        ChannelConnection slow = sandbox.connection(8);
        List<QuantityUpdate> updates = IntStream.rangeClosed(1, 9).mapToObj(i -> new QuantityUpdate("BUD-" + i, i)).toList();
        // a token and 9 calls: 10 calls, 8 a minute of which the connector keeps one in hand, so 7
        // go and the rest wait for the minute; the push is stopped while they wait (no test sits
        // out a real minute)
        AtomicReference<Throwable> stopped = new AtomicReference<>();
        Thread push = new Thread(() -> {
            try {
                stock(50).pushQuantities(slow, updates);
            } catch (Throwable t) {
                stopped.set(t);
            }
        });
        push.start();
        Awaitility.await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(10))
                .until(() -> sandbox.stats().path("totalCalls").asInt() == 7);
        push.interrupt();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !push.isAlive());

        assertThat(stopped.get()).isInstanceOf(ChannelUnavailableException.class).hasMessageContaining("call budget");
        assertThat(((ChannelUnavailableException) stopped.get()).completed()).as("what was answered is reported")
                .hasSize(6).allMatch(PushResult::accepted);
        assertThat(sandbox.stats().path("maxCallsPer60s").asInt()).isEqualTo(7);
    }

    @Test
    void aTokenRevokedMidRunIsRenewedOnceAndNoPushFails() {
        sandbox.items("TOK", 4, 0);
        WalmartStock stock = stock(50);
        assertThat(stock.pushQuantities(connection(), List.of(new QuantityUpdate("TOK-1", 1)))).allMatch(PushResult::accepted);

        sandbox.revokeTokens();
        List<PushResult> results = stock.pushQuantities(connection(), List.of(new QuantityUpdate("TOK-2", 2),
                new QuantityUpdate("TOK-3", 3), new QuantityUpdate("TOK-4", 4)));

        assertThat(results).allMatch(PushResult::accepted);
        assertThat(sandbox.inventory()).containsEntry("TOK-4", 4);
        assertThat(sandbox.stats().path("tokensIssued").asInt()).isEqualTo(2);
        assertThat(recorded.exchanges()).extracting(RecordingHttpClient.Exchange::status).containsExactly(200, 200, 401, 200, 200, 200, 200);
    }

    @Test
    void aShortLivedTokenIsRenewedBeforeItExpires() {
        sandbox.items("TTL", 8, 0);
        sandbox.tokenTtl(1);
        sandbox.latency(250);

        List<PushResult> results = stock(50).pushQuantities(connection(),
                IntStream.rangeClosed(1, 8).mapToObj(i -> new QuantityUpdate("TTL-" + i, i)).toList()); // about 2 s of calls

        assertThat(results).allMatch(PushResult::accepted);
        assertThat(sandbox.stats().path("unauthorized").asInt()).as("no call met an expired token").isZero();
        assertThat(sandbox.stats().path("tokensIssued").asInt()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void a429PausesTheBudgetAndReportsTheUpdatesDone() {
        sandbox.items("RL", 4, 0);
        sandbox.limit("PUT /v3/inventory", 2, 60);

        assertThatThrownBy(() -> stock(50).pushQuantities(connection(),
                IntStream.rangeClosed(1, 4).mapToObj(i -> new QuantityUpdate("RL-" + i, i)).toList()))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> {
                    assertThat(e.completed()).hasSize(2).allMatch(PushResult::accepted);
                    assertThat(e.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(31));
                });
        assertThat(sandbox.inventory()).containsEntry("RL-2", 2).containsEntry("RL-3", 0);
    }

    @Test
    void releasedOrdersArePagedThroughNextCursorEachOrderOnce() {
        Instant since = Instant.now().minusSeconds(5);
        List<String> placed = IntStream.rangeClosed(1, 5).mapToObj(i -> sandbox.order("ORD-" + i, 1).path("purchaseOrderId").asText())
                .toList();

        List<RawOrder> read = orders.changedSince(connection(), since);

        assertThat(read).extracting(RawOrder::channelOrderId).containsExactlyInAnyOrderElementsOf(placed);
        List<RecordingHttpClient.Exchange> released = recorded.exchanges().stream()
                .filter(e -> e.uri().getPath().endsWith("/v3/orders/released")).toList();
        assertThat(released).hasSize(3); // 2 + 2 + 1
        assertThat(released.get(0).uri().getQuery()).startsWith("createdStartDate=").endsWith("&limit=2");
        assertThat(released.get(1).uri().getRawQuery()).isEqualTo(read(released.get(0).responseBody())
                .path("list").path("meta").path("nextCursor").asText().substring(1));
        assertThat(read(released.get(2).responseBody()).path("list").path("meta").has("nextCursor")).isFalse();
        ChannelOrder order = orders.read(read.get(0).json());
        assertThat(order.channelStatus()).isEqualTo("Created");
        assertThat(order.lines()).singleElement().satisfies(line -> {
            assertThat(line.awaitsAcceptance()).isTrue();
            assertThat(line.channelSku()).startsWith("ORD-");
        });
        assertThat(order.currency()).isEqualTo("USD");
        assertThat(order.paid()).isTrue();
    }

    @Test
    void acknowledgesAnOrderOnceForAllItsSkus() throws Exception {
        sandbox.items("ACK", 2, 5);
        JsonNode placed = sandbox.send("POST", "/orders", WalmartSandboxClient.JSON.readTree(
                "{\"lines\":[{\"sku\":\"ACK-1\",\"quantity\":1},{\"sku\":\"ACK-2\",\"quantity\":1}]}".replace('\'', '"')), 201);
        String po = placed.path("purchaseOrderId").asText();
        WalmartOrderAcknowledger acknowledger = new WalmartOrderAcknowledger(http, new WalmartOrderCanceller(http, orders));

        acknowledger.accept(connection(), po, "ACK-1");
        acknowledger.accept(connection(), po, "ACK-2");

        assertThat(sandbox.list("acknowledgements")).hasSize(1);
        assertThat(orders.read(sandbox.order(po).toString()).channelStatus()).isEqualTo("Acknowledged");
        assertThat(calls("POST", "/acknowledge")).isEqualTo(1);
    }

    @Test
    void refusingASkuCancelsItsLinesOutOfStock() {
        String po = sandbox.order("REF-1", 2).path("purchaseOrderId").asText();

        new WalmartOrderAcknowledger(http, new WalmartOrderCanceller(http, orders)).refuse(connection(), po, "REF-1");

        JsonNode cancellation = sandbox.list("cancellations").get(0);
        assertThat(cancellation.path("orderCancellation").path("orderLines").path("orderLine")).hasSize(2)
                .allMatch(l -> l.path("orderLineStatuses").path("orderLineStatus").get(0).path("cancellationReason").asText()
                        .equals("SELLER_CANCEL_OUT_OF_STOCK"));
        assertThat(orders.read(sandbox.order(po).toString()).lines()).allMatch(ChannelOrder.Line::cancelled);
    }

    @Test
    void shipsLinesWithCarrierAndTrackingOnce() {
        String po = sandbox.order("SHIP-1", 2).path("purchaseOrderId").asText();
        WalmartShipmentWriter writer = new WalmartShipmentWriter(http, orders);
        OutgoingShipment shipment = new OutgoingShipment(1L, po, "WZ-7/2026", "ups", "1Z999AA10123456784",
                "https://www.ups.com/track?tracknum=1Z999AA10123456784", Instant.parse("2026-12-01T10:00:00Z"), true,
                List.of(new OutgoingShipment.Line(11L, "1", "SHIP-1", 1, 1, List.of(), false),
                        new OutgoingShipment.Line(12L, "2", "SHIP-1", 1, 1, List.of(), false)));
        List<Long> confirmed = new ArrayList<>();

        writer.write(connection(), shipment, confirmed::add);
        writer.write(connection(), shipment, confirmed::add); // a redelivery

        assertThat(sandbox.list("shipments")).hasSize(1);
        JsonNode tracking = sandbox.list("shipments").get(0).path("orderShipment").path("orderLines").path("orderLine").get(0)
                .path("orderLineStatuses").path("orderLineStatus").get(0).path("trackingInfo");
        assertThat(tracking.path("carrierName").path("carrier").asText()).isEqualTo("UPS");
        assertThat(tracking.path("trackingNumber").asText()).isEqualTo("1Z999AA10123456784");
        assertThat(tracking.path("shipDateTime").asLong()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z").toEpochMilli());
        assertThat(orders.read(sandbox.order(po).toString()).channelStatus()).isEqualTo("Shipped");
        assertThat(confirmed).containsExactly(11L, 12L, 11L, 12L);
        assertThat(calls("POST", "/shipping")).isEqualTo(1);
    }

    @Test
    void aCarrierWalmartDoesNotNameNeedsATrackingUrl() {
        String po = sandbox.order("SHIP-2", 1).path("purchaseOrderId").asText();
        OutgoingShipment shipment = new OutgoingShipment(2L, po, "WZ-8", "InPost", "620000000000000000000001", null,
                Instant.now(), true, List.of(new OutgoingShipment.Line(21L, "1", "SHIP-2", 1, 1, List.of(), false)));

        assertThatThrownBy(() -> new WalmartShipmentWriter(http, orders).write(connection(), shipment, id -> { }))
                .isInstanceOf(ShipmentRefusedException.class).hasMessageContaining("otherCarrier");
        assertThat(sandbox.list("shipments")).isEmpty();
    }

    @Test
    void cancelsLinesOnceAndRefusesShippedOnes() {
        String po = sandbox.order("CAN-1", 2).path("purchaseOrderId").asText();
        WalmartOrderCanceller canceller = new WalmartOrderCanceller(http, orders);
        ChannelOrderCanceller.Cancellation first = new ChannelOrderCanceller.Cancellation(po, false,
                List.of(new ChannelOrderCanceller.Line("1", "CAN-1", 1, new BigDecimal("129.00"))), "customer asked", "[kanal-change-1]");

        canceller.cancel(connection(), first);
        canceller.cancel(connection(), first);

        assertThat(sandbox.list("cancellations")).hasSize(1);
        ChannelOrder order = orders.read(sandbox.order(po).toString());
        assertThat(order.lines()).extracting(ChannelOrder.Line::cancelled).containsExactly(true, false);
        new WalmartShipmentWriter(http, orders).write(connection(), new OutgoingShipment(3L, po, "WZ-9", "FedEx", "7712", null,
                Instant.now(), true, List.of(new OutgoingShipment.Line(31L, "2", "CAN-1", 1, 1, List.of(), false))), id -> { });
        assertThatThrownBy(() -> canceller.cancel(connection(), new ChannelOrderCanceller.Cancellation(po, true,
                List.of(), "too late", "[kanal-change-2]")))
                .isInstanceOf(ChannelOrderCanceller.CancellationRefusedException.class).hasMessageContaining("Shipped");
    }

    @Test
    void refundsAShippedLineOnceWithANegativeAmount() {
        String po = sandbox.order("RFD-1", 1).path("purchaseOrderId").asText();
        new WalmartShipmentWriter(http, orders).write(connection(), new OutgoingShipment(4L, po, "WZ-10", "USPS", "9400100000",
                null, Instant.now(), true, List.of(new OutgoingShipment.Line(41L, "1", "RFD-1", 1, 1, List.of(), false))), id -> { });
        WalmartRefundWriter writer = new WalmartRefundWriter(http, orders);
        OutgoingRefund refund = new OutgoingRefund("refund-77", po, "damaged on arrival",
                List.of(new OutgoingRefund.Line("1", "RFD-1", 1, 1, new BigDecimal("25.50"))));
        AtomicInteger budget = new AtomicInteger();

        writer.refund(connection(), refund, budget::incrementAndGet);
        String again = writer.refund(connection(), refund, budget::incrementAndGet);

        assertThat(sandbox.list("refunds")).hasSize(1);
        JsonNode charge = sandbox.list("refunds").get(0).path("orderRefund").path("orderLines").path("orderLine").get(0)
                .path("refunds").path("refund").get(0).path("refundCharges").path("refundCharge").get(0).path("charge");
        assertThat(charge.path("chargeAmount").path("amount").decimalValue()).isEqualByComparingTo("-25.50");
        assertThat(again).contains("already refunded");
        assertThat(budget).hasValue(1);
    }

    @Test
    void readsTheOrdersCompletedReturns() {
        String po = sandbox.order("RET-1", 2).path("purchaseOrderId").asText();
        sandbox.addReturn(po, "2", "DAMAGED_ITEM");
        sandbox.send("POST", "/returns", WalmartSandboxClient.JSON.createObjectNode().put("purchaseOrderId", po).put("lineNumber", "1")
                .put("refunded", false), 201);
        String payload = sandbox.order(po).toString();

        List<ChannelReturn> returns = new WalmartReturns(http).returns(connection(), po, payload, Set.of());

        assertThat(returns).singleElement().satisfies(r -> {
            assertThat(r.key()).startsWith("wm-return:").endsWith(":1");
            assertThat(r.reason()).isEqualTo(ReturnReason.FAULTY_ON_OPENING);
            assertThat(r.lines()).containsExactly(new ChannelReturn.Line("2", 1));
        });
        assertThat(calls("GET", "/v3/returns")).isEqualTo(1);
    }

    private static JsonNode read(String body) {
        try {
            return WalmartSandboxClient.JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
