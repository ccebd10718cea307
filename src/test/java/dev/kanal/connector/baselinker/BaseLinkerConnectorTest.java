package dev.kanal.connector.baselinker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.connector.CallBudgets;
import dev.kanal.KanalIntegrationTest;
import dev.kanal.client.config.ChannelType;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelConnector;
import dev.kanal.connector.ChannelConnectors;
import dev.kanal.connector.ChannelListing;
import dev.kanal.connector.ChannelOrder;
import dev.kanal.connector.ChannelOrderAcknowledger;
import dev.kanal.connector.ChannelOrderCanceller;
import dev.kanal.connector.ChannelOrderSource;
import dev.kanal.connector.ChannelPriceConnector;
import dev.kanal.connector.ChannelShipmentWriter;
import dev.kanal.connector.ChannelStockConnector;
import dev.kanal.connector.ChannelUnavailableException;
import dev.kanal.connector.OfferedProduct;
import dev.kanal.connector.OutgoingShipment;
import dev.kanal.connector.PriceResult;
import dev.kanal.connector.PriceUpdate;
import dev.kanal.connector.PricesWithheldException;
import dev.kanal.connector.ProductOfferResult;
import dev.kanal.connector.PushResult;
import dev.kanal.connector.QuantityUpdate;
import dev.kanal.connector.RateLimitedException;
import dev.kanal.sandbox.baselinker.BaseLinkerSandboxDriver;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The BaseLinker connector over real HTTP against the sandbox served by the running application.
 * Each test is its own BaseLinker account (a fresh token) and its own {@link BaseLinkerHttp} (a
 * fresh call budget), so tests never see each other.
 */
class BaseLinkerConnectorTest extends KanalIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NEW = 8001;
    private static final long IN_PROGRESS = 8003;
    private static final long SHIPPED = 8004;
    private static final long CANCELLED = 8005;

    @LocalServerPort
    int port;

    @Autowired
    ChannelConnectors connectors;

    private BaseLinkerSandboxDriver sandbox;
    private BaseLinkerHttp http;
    private BaseLinkerClient client;
    private BaseLinkerOrders orders;

    @BeforeEach
    void newAccount() {
        sandbox = BaseLinkerSandboxDriver.newAccount(URI.create("http://localhost:" + port + "/sandbox/baselinker"));
        http = new BaseLinkerHttp(Duration.ofSeconds(5), CallBudgets.inJvm(), dev.kanal.connector.TestTransports.selected());
        client = new BaseLinkerClient(http);
        orders = new BaseLinkerOrders(http);
    }

    private ChannelConnection connection(int callsPerMinute) {
        return connection(callsPerMinute, Map.of());
    }

    private ChannelConnection connection(int callsPerMinute, Map<String, String> more) {
        Map<String, String> settings = new HashMap<>(Map.of("status-accepted", "In progress",
                "status-shipped", "Shipped", "status-cancelled", "Cancelled"));
        settings.putAll(more);
        return new ChannelConnection("acme/baselinker-allegro", sandbox.endpoint(), Map.of("token", sandbox.token()), settings,
                callsPerMinute, null);
    }

    /** The catalog and warehouse named in the settings, so nothing is looked up. */
    private Map<String, String> known() {
        return Map.of("inventory-id", sandbox.inventory().path("inventory_id").asText(), "warehouse", "bl_1");
    }

    @Test
    void isTheApplicationsConnectorForEveryFlowBaseLinkerHas() {
        ChannelConnector connector = connectors.find(ChannelType.BASELINKER).orElseThrow();
        assertThat(connector.displayName()).isEqualTo("BaseLinker");
        assertThat(connector.capabilities()).containsExactlyInAnyOrder(ChannelConnector.Capability.STOCK,
                ChannelConnector.Capability.ORDER_SOURCE, ChannelConnector.Capability.ACKNOWLEDGER,
                ChannelConnector.Capability.SHIPMENT_WRITER, ChannelConnector.Capability.CANCELLER,
                ChannelConnector.Capability.PRODUCT_OFFERS);
        assertThat(connector.stock()).containsInstanceOf(BaseLinkerClient.class);
        assertThat(connector.stock().orElseThrow()).as("the price writer finds prices through the stock connector")
                .isInstanceOf(ChannelPriceConnector.class);
        assertThat(connector.orderSource()).containsInstanceOf(BaseLinkerOrders.class);
    }

    // ---- listing import ----

    @Test
    void importsEveryProductAndVariantPageByPage() {
        sandbox.seed("IPH", 1_200, 3);
        ArrayNode withVariants = JSON.createArrayNode();
        ObjectNode parent = withVariants.addObject().put("sku", "CASE").put("name", "Phone case").put("price", "29.00");
        parent.putArray("variants").addObject().put("sku", "CASE-RED").put("name", "Phone case red")
                .putObject("stock").put("bl_1", 4).put("bl_2", 9);
        parent.withArray("variants").addObject().put("sku", "CASE-BLUE").put("name", "Phone case blue")
                .putObject("stock").put("bl_1", 0);
        JsonNode seededCase = sandbox.seedProducts(withVariants).get(0);
        List<Integer> pageSizes = new ArrayList<>();
        List<ChannelListing> listings = new ArrayList<>();

        client.fetchListings(connection(600), page -> {
            pageSizes.add(page.size());
            listings.addAll(page);
        });

        assertThat(pageSizes).containsExactly(1000, 202); // 1,200 simple products and one product's two variants
        assertThat(listings).extracting(ChannelListing::channelSku).doesNotContain("CASE").contains("IPH-1", "IPH-1200",
                "CASE-RED", "CASE-BLUE");
        ChannelListing first = listings.get(0);
        assertThat(first.quantity()).isEqualTo(3);
        assertThat(first.price()).isEqualByComparingTo(new BigDecimal("499.00"));
        assertThat(first.title()).isEqualTo("Phone IPH #1");
        ChannelListing red = listings.stream().filter(l -> "CASE-RED".equals(l.channelSku())).findFirst().orElseThrow();
        assertThat(red.channelListingId()).isEqualTo(seededCase.path("variants").path("CASE-RED").asText());
        assertThat(red.quantity()).as("the stock of the warehouse Kanal writes, bl_1").isEqualTo(4);
        // one getInventories, then a list call and a data call per page of 1,000 products
        assertThat(sandbox.calls("getInventories")).isEqualTo(1);
        assertThat(sandbox.calls("getInventoryProductsList")).isEqualTo(2);
        assertThat(sandbox.calls("getInventoryProductsData")).isEqualTo(2);
    }

    @Test
    void importsNothingFromAnEmptyCatalog() {
        assertThat(client.fetchListings(connection(600))).isEmpty();
        assertThat(sandbox.calls("getInventoryProductsList")).isEqualTo(1);
    }

    // ---- stock ----

    @Test
    void aSingleChangeIsOneCall() {
        JsonNode product = sandbox.seed("ONE", 1, 7).get(0);

        List<PushResult> results = client.pushQuantities(connection(600),
                List.of(new QuantityUpdate(product.path("id").asText(), 2, "ONE-1")));

        assertThat(results).singleElement().satisfies(r -> assertThat(r.accepted()).isTrue());
        assertThat(sandbox.stockOf("ONE-1")).isEqualTo(2);
        assertThat(sandbox.calls("updateInventoryProductsStock")).isEqualTo(1);
    }

    @Test
    void aBurstCostsOneCallPerThousandChanges() {
        List<JsonNode> products = sandbox.seed("BURST", 2_500, 1);
        List<QuantityUpdate> updates = new ArrayList<>();
        for (int i = 0; i < products.size(); i++) {
            updates.add(new QuantityUpdate(products.get(i).path("id").asText(), i % 50, "BURST-" + (i + 1)));
        }

        List<PushResult> results = client.pushQuantities(connection(600), updates);

        assertThat(results).hasSize(2_500).allSatisfy(r -> assertThat(r.accepted()).isTrue());
        assertThat(results).extracting(PushResult::channelListingId)
                .containsExactlyElementsOf(updates.stream().map(QuantityUpdate::channelListingId).toList());
        assertThat(sandbox.calls("updateInventoryProductsStock")).as("ceil(2500 / 1000)").isEqualTo(3);
        assertThat(sandbox.stockOf("BURST-1")).isEqualTo(0);
        assertThat(sandbox.stockOf("BURST-2499")).isEqualTo(2498 % 50);
        assertThat(sandbox.stats().path("stockWrites").asInt()).isEqualTo(2_500);
        assertThat(client.maxUpdatesPerPush()).isEqualTo(1000);
    }

    @Test
    void perProductWarningsRejectThoseUpdatesOnly() {
        JsonNode product = sandbox.seed("OK", 1, 1).get(0);
        ArrayNode withVariants = JSON.createArrayNode();
        withVariants.addObject().put("sku", "PARENT").putArray("variants").addObject().put("sku", "PARENT-V");
        JsonNode parent = sandbox.seedProducts(withVariants).get(0);

        List<PushResult> results = client.pushQuantities(connection(600), List.of(
                new QuantityUpdate(product.path("id").asText(), 5),
                new QuantityUpdate("999999999", 5),
                new QuantityUpdate(parent.path("id").asText(), 5),
                new QuantityUpdate("not-an-id", 5)));

        assertThat(results).extracting(PushResult::accepted).containsExactly(true, false, false, false);
        assertThat(results.get(1).error()).contains("Product not found");
        assertThat(results.get(2).error()).contains("variants");
        assertThat(results.get(3).error()).contains("not a BaseLinker product");
        assertThat(sandbox.stockOf("OK-1")).isEqualTo(5);
        assertThat(sandbox.calls("updateInventoryProductsStock")).isEqualTo(1);
    }

    @Test
    void aListingTwiceInOnePushKeepsItsLastQuantity() {
        JsonNode product = sandbox.seed("TWICE", 1, 1).get(0);
        String id = product.path("id").asText();

        List<PushResult> results = client.pushQuantities(connection(600),
                List.of(new QuantityUpdate(id, 4), new QuantityUpdate(id, 9)));

        assertThat(results).extracting(PushResult::quantity).containsExactly(4, 9);
        assertThat(sandbox.stockOf("TWICE-1")).isEqualTo(9);
        assertThat(sandbox.calls("updateInventoryProductsStock")).isEqualTo(2);
    }

    @Test
    void writesTheConfiguredWarehouse() {
        JsonNode product = sandbox.seed("WH", 1, 1).get(0);

        client.pushQuantities(connection(600, Map.of("warehouse", "bl_2",
                "inventory-id", sandbox.inventory().path("inventory_id").asText())),
                List.of(new QuantityUpdate(product.path("id").asText(), 6)));

        JsonNode stock = sandbox.stock().get(0).path("stock");
        assertThat(stock.path("bl_1").asInt()).isEqualTo(1);
        assertThat(stock.path("bl_2").asInt()).isEqualTo(6);
        assertThat(sandbox.calls("getInventories")).as("both set: nothing to look up").isZero();
    }

    // ---- budget and errors ----

    @Test
    void theBudgetHoldsCallsBackInsteadOfExceedingIt() {
        sandbox.limit(6, 60);
        JsonNode product = sandbox.seed("BUDGET", 1, 1).get(0);
        ChannelConnection connection = connection(6, known()); // no getInventories: every call is a stock write
        for (int i = 0; i < 6; i++) {
            client.pushQuantities(connection, List.of(new QuantityUpdate(product.path("id").asText(), i)));
        }
        // one more now would block the token: the budget keeps it back (6 a rolling minute)
        AtomicReference<Throwable> seventh = new AtomicReference<>();
        Thread call = new Thread(() -> {
            try {
                client.pushQuantities(connection, List.of(new QuantityUpdate(product.path("id").asText(), 9)));
            } catch (Throwable t) {
                seventh.set(t);
            }
        });
        call.start();
        Awaitility.await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                .until(() -> sandbox.stats().path("totalCalls").asInt() == 6);
        call.interrupt();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !call.isAlive());

        assertThat(seventh.get()).isInstanceOf(ChannelUnavailableException.class).hasMessageContaining("call budget");
        assertThat(sandbox.stats().path("maxCallsPer60s").asInt()).isEqualTo(6);
        assertThat(sandbox.stats().path("blockedAnswers").asInt()).isZero();
    }

    @Test
    void aBlockedTokenIsARateLimitAndPausesTheBudget() {
        sandbox.limit(2, 30);
        JsonNode product = sandbox.seed("BLOCK", 1, 1).get(0);
        ChannelConnection tooGenerous = connection(600, known()); // configured above what BaseLinker allows this token
        client.pushQuantities(tooGenerous, List.of(new QuantityUpdate(product.path("id").asText(), 1)));
        client.pushQuantities(tooGenerous, List.of(new QuantityUpdate(product.path("id").asText(), 2)));

        RateLimitedException limited = catchThrowableOfType(RateLimitedException.class,
                () -> client.pushQuantities(tooGenerous, List.of(new QuantityUpdate(product.path("id").asText(), 3))));

        assertThat(limited.getMessage()).contains("ERROR_BLOCKED_TOKEN");
        assertThat(limited.retryAfter()).isBetween(Duration.ofSeconds(20), Duration.ofSeconds(32));
        assertThat(limited.completed()).isEmpty();
        assertThat(http.budget(tooGenerous).tryAcquire()).as("paused until the block ends").isFalse();
        assertThat(sandbox.stockOf("BLOCK-1")).isEqualTo(2);
    }

    @Test
    void errorCodesAreMappedToKanalsFailures() {
        JsonNode product = sandbox.seed("ERR", 1, 1).get(0);
        ChannelConnection connection = connection(600);

        ChannelConnection wrongToken = new ChannelConnection("acme/bl", sandbox.endpoint(), Map.of("token", "nobody"), 600);
        ChannelUnavailableException refusedToken = catchThrowableOfType(ChannelUnavailableException.class,
                () -> client.fetchListings(wrongToken));
        assertThat(refusedToken.httpStatus()).as("health reads a refused token as 401").isEqualTo(401);
        assertThat(refusedToken.getMessage()).contains("ERROR_BAD_TOKEN").doesNotContain("nobody");

        sandbox.httpFault(503);
        ChannelUnavailableException front = catchThrowableOfType(ChannelUnavailableException.class,
                () -> client.pushQuantities(connection, List.of(new QuantityUpdate(product.path("id").asText(), 1))));
        assertThat(front.httpStatus()).isEqualTo(503);

        sandbox.fault("ERROR_USER_ACCOUNT_BLOCKED", "Account blocked");
        assertThat(catchThrowableOfType(ChannelUnavailableException.class,
                () -> orders.changedSince(connection, Instant.now())).httpStatus()).isEqualTo(401);

        assertThatThrownBy(() -> http.call(connection, "getNothing", JSON.createObjectNode()))
                .isInstanceOf(BaseLinkerRefusal.class).hasMessageContaining("ERROR_UNKNOWN_METHOD");

        JsonNode order = sandbox.order("ERR-1", 1);
        sandbox.fault("ERROR_ORDER_NOT_FOUND", "Order not found");
        assertThatThrownBy(() -> new BaseLinkerOrderAcknowledger(http).accept(connection, order.path("order_id").asText(), "ERR-1"))
                .isInstanceOf(ChannelOrderAcknowledger.OrderAcknowledgementRefusedException.class)
                .hasMessageContaining("ERROR_ORDER_NOT_FOUND");

        List<PushResult> wrongInventory = client.pushQuantities(connection(600, Map.of("inventory-id", "1", "warehouse", "bl_1")),
                List.of(new QuantityUpdate(product.path("id").asText(), 1)));
        assertThat(wrongInventory).singleElement().satisfies(r -> {
            assertThat(r.accepted()).isFalse();
            assertThat(r.error()).contains("ERROR_INVENTORY_NOT_FOUND");
        });
    }

    // ---- orders in ----

    @Test
    void readsAllegroEbayAndManualOrdersWithTheirSource() {
        List<JsonNode> products = sandbox.seed("SRC", 3, 5);
        Instant before = Instant.now().minusSeconds(5);
        JsonNode allegro = sandbox.order("SRC-1", 2);
        JsonNode ebay = sandbox.order(o -> o.put("sku", "SRC-2").put("quantity", 1).put("order_source", "ebay"));
        JsonNode personal = sandbox.order(o -> o.put("sku", "SRC-3").put("quantity", 1).put("order_source", "personal")
                .put("cod", true).put("delivery_company", "Firma Sp. z o.o."));

        List<ChannelOrderSource.RawOrder> polled = orders.changedSince(connection(600), before);

        assertThat(polled).extracting(ChannelOrderSource.RawOrder::channelOrderId).containsExactlyInAnyOrder(
                allegro.path("order_id").asText(), ebay.path("order_id").asText(), personal.path("order_id").asText());
        Map<String, ChannelOrder> read = new HashMap<>();
        polled.forEach(raw -> read.put(raw.channelOrderId(), orders.read(raw.json())));

        ChannelOrder a = read.get(allegro.path("order_id").asText());
        assertThat(a.source()).isEqualTo(new ChannelOrder.Source("allegro", "2301", allegro.path("external_order_id").asText()));
        assertThat(a.channelStatus()).isEqualTo(Long.toString(NEW));
        assertThat(a.paid()).isTrue();
        assertThat(a.currency()).isEqualTo("PLN");
        assertThat(a.total()).isEqualByComparingTo(new BigDecimal("1007.99")); // 2 x 499.00 + 9.99 delivery
        assertThat(a.shipTo().displayName()).isEqualTo("Jan Kowalski");
        assertThat(a.lines()).singleElement().satisfies(line -> {
            assertThat(line.channelSku()).isEqualTo("SRC-1");
            assertThat(line.channelListingId()).isEqualTo(products.get(0).path("id").asText());
            assertThat(line.quantity()).isEqualTo(2);
        });
        assertThat(read.get(ebay.path("order_id").asText()).source().marketplace()).isEqualTo("ebay");
        ChannelOrder p = read.get(personal.path("order_id").asText());
        assertThat(p.source().marketplace()).isEqualTo("personal");
        assertThat(p.source().externalOrderId()).isNull();
        assertThat(p.cashOnDelivery()).isTrue();
        assertThat(p.paid()).isFalse();
        assertThat(p.shipTo().displayName()).isEqualTo("Firma Sp. z o.o.");
    }

    @Test
    void pagesThroughOrdersConfirmedInTheSameSecondWithoutLosingAny() {
        sandbox.seed("PG", 1, 1000);
        long t = Instant.now().getEpochSecond() - 100;
        Set<String> created = new HashSet<>();
        int[] perSecond = {60, 60, 60, 30};
        for (int s = 0; s < perSecond.length; s++) {
            long confirmed = t + s;
            for (int i = 0; i < perSecond[s]; i++) {
                created.add(sandbox.order(o -> o.put("sku", "PG-1").put("quantity", 1).put("date_confirmed", confirmed))
                        .path("order_id").asText());
            }
        }

        List<ChannelOrderSource.RawOrder> polled = orders.changedSince(connection(600, Map.of("journal", "false")),
                Instant.ofEpochSecond(t));

        assertThat(polled).extracting(ChannelOrderSource.RawOrder::channelOrderId).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(created);
        // from t: 100 (full), from t+1: 100 (full), from t+2: 90; BaseLinker's +1 s recipe would miss 40
        assertThat(sandbox.calls("getOrders")).isEqualTo(3);
        assertThat(polled).extracting(ChannelOrderSource.RawOrder::modifiedAt).isSorted();
    }

    @Test
    void repeatedPollsOverTheSameTimeReadEachOrderOnceAPoll() {
        sandbox.seed("REP", 1, 10);
        Instant since = Instant.now().minusSeconds(5);
        JsonNode first = sandbox.order("REP-1", 1);
        ChannelConnection connection = connection(600);

        List<ChannelOrderSource.RawOrder> poll1 = orders.changedSince(connection, since);
        JsonNode second = sandbox.order("REP-1", 1);
        List<ChannelOrderSource.RawOrder> poll2 = orders.changedSince(connection, since);

        assertThat(poll1).extracting(ChannelOrderSource.RawOrder::channelOrderId).containsExactly(first.path("order_id").asText());
        assertThat(poll2).extracting(ChannelOrderSource.RawOrder::channelOrderId)
                .containsExactlyInAnyOrder(first.path("order_id").asText(), second.path("order_id").asText());
        assertThat(poll2.get(0).json()).isEqualTo(poll1.get(0).json()).as("unchanged, so the intake's upsert sees the same order");
    }

    @Test
    void unconfirmedOrdersWaitUntilConfirmed() {
        sandbox.seed("UNC", 1, 10);
        Instant since = Instant.now().minusSeconds(5);
        JsonNode order = sandbox.order(o -> o.put("sku", "UNC-1").put("quantity", 1).put("confirmed", false));

        assertThat(orders.changedSince(connection(600), since)).isEmpty();
        sandbox.changeOrder(order.path("order_id").asLong(), c -> c.put("confirmed", true));
        assertThat(orders.changedSince(connection(600), since)).extracting(ChannelOrderSource.RawOrder::channelOrderId)
                .containsExactly(order.path("order_id").asText());
    }

    @Test
    void aStatusChangedLaterArrivesThroughTheJournal() {
        sandbox.seed("JRN", 1, 10);
        long confirmedLongAgo = Instant.now().getEpochSecond() - 3_600;
        JsonNode order = sandbox.order(o -> o.put("sku", "JRN-1").put("quantity", 1).put("date_confirmed", confirmedLongAgo));
        Instant since = Instant.now().minusSeconds(2);
        ChannelConnection connection = connection(600);
        assertThat(orders.changedSince(connection, since)).isEmpty();

        sandbox.changeOrder(order.path("order_id").asLong(), c -> c.put("status_id", CANCELLED));
        List<ChannelOrderSource.RawOrder> polled = orders.changedSince(connection, since);

        assertThat(polled).singleElement().satisfies(raw -> {
            assertThat(raw.channelOrderId()).isEqualTo(order.path("order_id").asText());
            assertThat(orders.read(raw.json()).channelStatus()).isEqualTo(Long.toString(CANCELLED));
            assertThat(raw.modifiedAt()).isAfterOrEqualTo(since.minusSeconds(1));
        });

        sandbox.journal(false); // BaseLinker's support has not activated it: no events, no changes
        assertThat(orders.changedSince(connection(600), since)).isEmpty();
    }

    // ---- acknowledgement, shipment, cancellation ----

    @Test
    void acceptingMovesTheOrderToTheAcceptedStatusOnce() {
        sandbox.seed("ACK", 2, 10);
        long orderId = sandbox.order(o -> o.putArray("products").add(JSON.createObjectNode().put("sku", "ACK-1").put("quantity", 1))
                .add(JSON.createObjectNode().put("sku", "ACK-2").put("quantity", 1))).path("order_id").asLong();
        BaseLinkerOrderAcknowledger acknowledger = new BaseLinkerOrderAcknowledger(http);
        ChannelConnection connection = connection(600);

        acknowledger.accept(connection, Long.toString(orderId), "ACK-1");
        acknowledger.accept(connection, Long.toString(orderId), "ACK-2");

        assertThat(sandbox.orderNow(orderId).path("order_status_id").asLong()).isEqualTo(IN_PROGRESS);
        assertThat(sandbox.calls("setOrderStatus")).as("the second SKU finds the order accepted").isEqualTo(1);
        assertThat(sandbox.calls("getOrderStatusList")).as("status names looked up once").isEqualTo(1);
        assertThatThrownBy(() -> acknowledger.refuse(connection, Long.toString(orderId), "ACK-1"))
                .isInstanceOf(ChannelOrderAcknowledger.OrderAcknowledgementRefusedException.class)
                .hasMessageContaining("whole orders");
    }

    @Test
    void anAccountWithoutAnAcceptedStatusIsNotAcknowledged() {
        sandbox.seed("NOACK", 1, 10);
        long orderId = sandbox.order("NOACK-1", 1).path("order_id").asLong();
        ChannelConnection connection = new ChannelConnection("acme/bl", sandbox.endpoint(), Map.of("token", sandbox.token()), 600);

        new BaseLinkerOrderAcknowledger(http).accept(connection, Long.toString(orderId), "NOACK-1");

        assertThat(sandbox.orderNow(orderId).path("order_status_id").asLong()).isEqualTo(NEW);
        assertThat(sandbox.stats().path("totalCalls").asInt()).isZero();
    }

    @Test
    void shipsWithTrackingSerialsAndTheShippedStatusOnce() {
        sandbox.seed("SHIP", 1, 10);
        JsonNode order = sandbox.order("SHIP-1", 1);
        long orderId = order.path("order_id").asLong();
        String lineId = order.path("products").get(0).path("order_product_id").asText();
        OutgoingShipment shipment = new OutgoingShipment(41, Long.toString(orderId), "WZ 12/2026", "InPost", "620000111222333",
                null, Instant.parse("2026-03-02T10:15:00Z"), true,
                List.of(new OutgoingShipment.Line(7, lineId, "SHIP-1", 1, 1, List.of("356789012345678"), false)));
        List<Long> confirmed = new ArrayList<>();
        BaseLinkerShipmentWriter writer = new BaseLinkerShipmentWriter(http);

        writer.write(connection(600), shipment, confirmed::add);
        writer.write(connection(600), shipment, confirmed::add);

        assertThat(sandbox.packages()).singleElement().satisfies(p -> {
            assertThat(p.path("order_id").asLong()).isEqualTo(orderId);
            assertThat(p.path("courier_package_nr").asText()).isEqualTo("620000111222333");
            assertThat(p.path("courier_code").asText()).isEqualTo("inpost");
            assertThat(p.path("tracking_status_date").asLong()).isEqualTo(Instant.parse("2026-03-02T10:15:00Z").getEpochSecond());
        });
        JsonNode now = sandbox.orderNow(orderId);
        assertThat(now.path("delivery_package_nr").asText()).isEqualTo("620000111222333");
        assertThat(now.path("admin_comments").asText()).isEqualTo("SN SHIP-1: 356789012345678");
        assertThat(now.path("order_status_id").asLong()).isEqualTo(SHIPPED);
        assertThat(confirmed).containsExactly(7L, 7L);
        assertThat(sandbox.calls("createPackageManual")).isEqualTo(1);
        assertThat(sandbox.calls("setOrderFields")).isEqualTo(1);
        assertThat(sandbox.calls("setOrderStatus")).isEqualTo(1);
    }

    @Test
    void cancelsAWholeOrderByStatusAndRefusesWhatItCannot() {
        sandbox.seed("CXL", 1, 10);
        JsonNode order = sandbox.order("CXL-1", 2);
        String orderId = order.path("order_id").asText();
        String lineId = order.path("products").get(0).path("order_product_id").asText();
        BaseLinkerOrderCanceller canceller = new BaseLinkerOrderCanceller(http);
        ChannelConnection connection = connection(600);

        assertThatThrownBy(() -> canceller.cancel(connection, new ChannelOrderCanceller.Cancellation(orderId, false,
                List.of(new ChannelOrderCanceller.Line(lineId, "CXL-1", 1, null)), "out of stock", "[kanal-change-1]")))
                .isInstanceOf(ChannelOrderCanceller.CancellationRefusedException.class).hasMessageContaining("whole orders");

        ChannelOrderCanceller.Cancelled done = canceller.cancel(connection, new ChannelOrderCanceller.Cancellation(orderId, false,
                List.of(new ChannelOrderCanceller.Line(lineId, "CXL-1", 2, null)), "out of stock", "[kanal-change-2]"));
        ChannelOrderCanceller.Cancelled again = canceller.cancel(connection,
                new ChannelOrderCanceller.Cancellation(orderId, true, List.of(), "out of stock", "[kanal-change-2]"));

        assertThat(done.detail()).contains("moved to status " + CANCELLED);
        assertThat(again.detail()).contains("already");
        assertThat(sandbox.orderNow(order.path("order_id").asLong()).path("order_status_id").asLong()).isEqualTo(CANCELLED);
        assertThat(sandbox.calls("setOrderStatus")).isEqualTo(1);

        JsonNode shipped = sandbox.order("CXL-1", 1);
        sandbox.changeOrder(shipped.path("order_id").asLong(), c -> c.put("status_id", SHIPPED));
        assertThatThrownBy(() -> canceller.cancel(connection, new ChannelOrderCanceller.Cancellation(
                shipped.path("order_id").asText(), true, List.of(), "late", "[kanal-change-3]")))
                .isInstanceOf(ChannelOrderCanceller.CancellationRefusedException.class).hasMessageContaining("shipped");
    }

    @Test
    void aStatusNameTheAccountDoesNotHaveIsARefusal() {
        sandbox.seed("ST", 1, 10);
        String orderId = sandbox.order("ST-1", 1).path("order_id").asText();

        assertThatThrownBy(() -> new BaseLinkerOrderAcknowledger(http).accept(connection(600, Map.of("status-accepted", "Akceptacja")),
                orderId, "ST-1"))
                .isInstanceOf(ChannelOrderAcknowledger.OrderAcknowledgementRefusedException.class)
                .hasMessageContaining("no status 'Akceptacja'").hasMessageContaining("In progress");
        assertThat(sandbox.calls("getOrderStatusList")).as("asked again once before refusing").isEqualTo(2);
    }

    // ---- prices ----

    @Test
    void pricesGoToTheAccountsPriceGroupForProductsAndVariantsInCallsOfAThousand() {
        List<JsonNode> products = sandbox.seed("PRC", 1_500, 1);
        ArrayNode withVariants = JSON.createArrayNode();
        withVariants.addObject().put("sku", "PRC-CASE").put("price", "30.00").putArray("variants").addObject().put("sku", "PRC-CASE-RED");
        String red = sandbox.seedProducts(withVariants).get(0).path("variants").path("PRC-CASE-RED").asText();
        List<PriceUpdate> updates = new ArrayList<>();
        for (int i = 0; i < products.size(); i++) {
            updates.add(new PriceUpdate(products.get(i).path("id").asText(), new BigDecimal("100.00").add(BigDecimal.valueOf(i)), "PLN"));
        }
        updates.add(new PriceUpdate(red, new BigDecimal("34.9"), "PLN"));
        List<List<PriceResult>> answers = new ArrayList<>();

        client.pushPrices(connection(600, Map.of("price-group", "106")), updates, answers::add);

        assertThat(answers).as("each call's results as soon as it is answered").hasSize(2);
        List<PriceResult> results = answers.stream().flatMap(List::stream).toList();
        assertThat(results).hasSize(1_501).allSatisfy(r -> assertThat(r.accepted()).isTrue());
        assertThat(sandbox.calls("updateInventoryProductsPrices")).as("ceil(1501 / 1000)").isEqualTo(2);
        assertThat(sandbox.priceOf("PRC-1", 106)).isEqualByComparingTo("100.00");
        assertThat(sandbox.priceOf("PRC-1500", 106)).isEqualByComparingTo("1599.00");
        assertThat(sandbox.priceOf("PRC-1", 105)).as("the catalog's other group stays").isEqualByComparingTo("499.00");
        assertThat(sandbox.priceOf("PRC-CASE-RED", 106)).as("a variant by its own id").isEqualByComparingTo("34.90");
        assertThat(sandbox.priceOf("PRC-CASE", 106)).as("not its product").isNull();
        assertThat(client.maxPricesPerPush()).isEqualTo(1000);
        assertThat(sandbox.exchanges()).filteredOn(e -> e.path("method").asText().equals("updateInventoryProductsPrices"))
                .filteredOn(e -> e.path("parameters").path("products").has(red)).singleElement()
                .satisfies(e -> assertThat(e.path("parameters").path("products").path(red).path("106").isNumber()).isTrue());
    }

    @Test
    void aListingsPriceIsReadFromTheAccountsPriceGroup() {
        ArrayNode seeded = JSON.createArrayNode();
        seeded.addObject().put("sku", "GRP-1").put("price", "499.00").putObject("prices").put("106", "129.90");
        seeded.addObject().put("sku", "GRP-2").put("price", "10.00");
        sandbox.seedProducts(seeded);

        List<ChannelListing> inGroup = client.fetchListings(connection(600, Map.of("price-group", "106")));
        List<ChannelListing> byDefault = client.fetchListings(connection(600));

        assertThat(inGroup).extracting(l -> l.price() == null ? null : l.price().stripTrailingZeros().toPlainString())
                .containsExactly("129.9", null);
        assertThat(byDefault).extracting(l -> l.price().stripTrailingZeros().toPlainString()).containsExactly("499", "10");
    }

    @Test
    void aProductOfferedWithAPriceGetsItInTheAccountsPriceGroup() {
        BaseLinkerProductOffers offers = new BaseLinkerProductOffers(http, client.catalog());

        ProductOfferResult created = offers.offer(connection(600, Map.of("price-group", "106")),
                new OfferedProduct("OFF-1", "Offered phone", null, new BigDecimal("59.90")));

        assertThat(created.outcome()).isEqualTo(ProductOfferResult.Outcome.CREATED);
        assertThat(sandbox.priceOf("OFF-1", 106)).isEqualByComparingTo("59.90");
        assertThat(sandbox.priceOf("OFF-1", 105)).as("where prices out writes, not the catalog's default").isNull();
    }

    @Test
    void aPriceBaseLinkerRefusesIsRefusedWithItsWordsAndTheOthersGoOut() {
        JsonNode product = sandbox.seed("REF", 1, 1).get(0);
        String id = product.path("id").asText();
        List<PriceResult> results = new ArrayList<>();

        client.pushPrices(connection(600, Map.of("price-group", "106")), List.of(new PriceUpdate(id, new BigDecimal("20.00"), "PLN"),
                new PriceUpdate("999999999", new BigDecimal("20.00"), "PLN"), new PriceUpdate("not-an-id", BigDecimal.ONE, "PLN")),
                results::addAll);

        assertThat(results).extracting(PriceResult::channelListingId, PriceResult::accepted).containsExactlyInAnyOrder(
                tuple(id, true), tuple("999999999", false),
                tuple("not-an-id", false));
        assertThat(results).filteredOn(r -> r.channelListingId().equals("999999999")).singleElement()
                .satisfies(r -> assertThat(r.error()).isEqualTo("BaseLinker: Product not found"));
        assertThat(sandbox.priceOf("REF-1", 106)).isEqualByComparingTo("20.00");

        // a price group the account does not have: withheld before any call (decision 0050), nothing refused for good
        long writes = sandbox.calls("updateInventoryProductsPrices");
        List<PriceResult> unknownGroup = new ArrayList<>();
        assertThatThrownBy(() -> client.pushPrices(connection(600, Map.of("price-group", "777")),
                List.of(new PriceUpdate(id, new BigDecimal("30.00"), "PLN")), unknownGroup::addAll))
                .isInstanceOf(PricesWithheldException.class).hasMessageContaining("has no price group 777")
                .hasMessageContaining("106 (Marketplaces, PLN)");
        assertThat(unknownGroup).isEmpty();
        assertThat(sandbox.calls("updateInventoryProductsPrices")).isEqualTo(writes);

        // a group deleted in BaseLinker after Kanal read the groups: BaseLinker refuses the call, every price of it is
        // refused, and the next push reads the groups again and withholds
        sandbox.deletePriceGroup(106);
        List<PriceResult> deleted = new ArrayList<>();
        client.pushPrices(connection(600, Map.of("price-group", "106")), List.of(new PriceUpdate(id, new BigDecimal("30.00"), "PLN")),
                deleted::addAll);
        assertThat(deleted).singleElement().satisfies(r -> {
            assertThat(r.accepted()).isFalse();
            assertThat(r.error()).contains("ERROR_PARAMETERS", "Price group 106");
        });
        long groupReads = sandbox.calls("getInventoryPriceGroups");
        assertThatThrownBy(() -> client.pushPrices(connection(600, Map.of("price-group", "106")),
                List.of(new PriceUpdate(id, new BigDecimal("30.00"), "PLN")), r -> { }))
                .isInstanceOf(PricesWithheldException.class).hasMessageContaining("has no price group 106");
        assertThat(sandbox.calls("getInventoryPriceGroups")).isEqualTo(groupReads + 1);

        // no price group named: refused without a call
        long calls = sandbox.calls("updateInventoryProductsPrices");
        List<PriceResult> noGroup = new ArrayList<>();
        client.pushPrices(connection(600), List.of(new PriceUpdate(id, new BigDecimal("30.00"), "PLN")), noGroup::addAll);
        assertThat(noGroup).singleElement().satisfies(r -> assertThat(r.error()).contains("price-group"));
        assertThat(sandbox.calls("updateInventoryProductsPrices")).isEqualTo(calls);
        assertThat(sandbox.priceOf("REF-1", 106)).isNull(); // its group is gone
    }

    @Test
    void aPriceGroupInAnotherCurrencyOrCalculatedByBaseLinkerWithholdsThePricesWithoutACallAndTheGroupsAreReadOnce() {
        JsonNode product = sandbox.seed("PGC", 1, 1).get(0);
        List<PriceUpdate> zloty = List.of(new PriceUpdate(product.path("id").asText(), new BigDecimal("25.00"), "PLN"));
        sandbox.changePriceGroup(107, g -> g.put("name", "Euro").put("currency", "EUR"));
        sandbox.changePriceGroup(108, g -> g.put("name", "Allegro").put("price_group_type", "dependent_on_price_group")
                .put("source_price_group_id", 105).put("price_multiplier", 1.08));
        List<PriceResult> answered = new ArrayList<>();

        assertThatThrownBy(() -> client.pushPrices(connection(600, Map.of("price-group", "107")), zloty, answered::addAll))
                .isInstanceOf(PricesWithheldException.class).hasMessageContaining("107 (Euro, EUR)")
                .hasMessageContaining("prices in PLN");
        assertThatThrownBy(() -> client.pushPrices(connection(600, Map.of("price-group", "108")), zloty, answered::addAll))
                .isInstanceOf(PricesWithheldException.class).hasMessageContaining("not a standard group")
                .hasMessageContaining("from group 105");
        client.pushPrices(connection(600, Map.of("price-group", "107")),
                List.of(new PriceUpdate(product.path("id").asText(), new BigDecimal("6.00"), "EUR")), answered::addAll);

        assertThat(answered).singleElement().satisfies(r -> assertThat(r.accepted()).isTrue());
        assertThat(sandbox.priceOf("PGC-1", 107)).isEqualByComparingTo("6.00");
        assertThat(sandbox.calls("updateInventoryProductsPrices")).as("nothing sent while withheld").isEqualTo(1);
        assertThat(sandbox.calls("getInventoryPriceGroups")).as("read once within a minute, the rest from the kept list")
                .isEqualTo(1);
    }

    @Test
    void aBlockedTokenOnAPriceCallIsARateLimitAndNothingIsAnswered() {
        JsonNode product = sandbox.seed("PBLK", 1, 1).get(0);
        sandbox.fault("ERROR_BLOCKED_TOKEN", "Query limit exceeded, token blocked until 2000-01-01 00:00:00");
        List<PriceResult> answered = new ArrayList<>();

        RateLimitedException limited = catchThrowableOfType(RateLimitedException.class, () -> client.pushPrices(
                connection(600, Map.of("price-group", "106", "inventory-id", sandbox.inventory().path("inventory_id").asText(),
                        "warehouse", "bl_1")), List.of(new PriceUpdate(product.path("id").asText(), BigDecimal.TEN, "PLN")), answered::addAll));

        assertThat(limited.getMessage()).contains("ERROR_BLOCKED_TOKEN");
        assertThat(answered).as("sent again by the writer").isEmpty();
        assertThat(sandbox.priceOf("PBLK-1", 106)).isNull();
    }
}
