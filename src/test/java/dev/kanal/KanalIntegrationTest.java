package dev.kanal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.demo.DemoConfiguration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.api.management.ManagedCamelContext;
import org.awaitility.Awaitility;
import org.springframework.beans.factory.annotation.Autowired;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole application on real PostgreSQL (profile test), a real embedded Artemis broker and
 * the sandboxes over HTTP (the demo's configuration, imported: production has none). Per test JVM: a fresh broker journal directory, a free port chosen
 * up front (client files must name the sandboxes' URLs before the server starts), and an
 * end-to-end client with a run-unique id ({@link #CLIENT}) whose sandbox ERP lives in its own
 * PostgreSQL schema, so no run sees another's rows or messages. Subclasses share one context: a
 * second one would wait for ever for this one's broker journal and port ({@code SharedTestContextTest}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("test")
@CamelSpringBootTest
@Import({TestBeans.class, DemoConfiguration.class}) // the demo's sandboxes; its seeding stays off (kanal.demo.seed unset)
@DisableJmx(false) // the console and JMX tests read Camel's MBeans
public abstract class KanalIntegrationTest {

    protected static final Path DATA_DIR = TestEnvironment.tempDir("kanal-it-");
    protected static final int PORT = TestEnvironment.freePort();
    protected static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    /**
     * The end-to-end client of this run: accounts bm, woo (sku mapping), bm-slow (20 calls a
     * minute) and bm-strict (the bm seller, refusing oversold order lines), which do not import
     * orders; bm-orders (channel-name) and woo-orders (shipping-name, webhook secret
     * {@link #WOO_ORDERS_WEBHOOK_SECRET}) import orders. bm-refused sends a token the Back Market
     * sandbox does not know until a test seeds that seller ({@link #BM_REFUSED_TOKEN}): 401 until
     * then; woo-remote is a shop on another machine (never called), with a webhook secret.
     * bm-tls and bm-untrusted (seller {@link #BM_TLS_TOKEN}) reach the Back Market sandbox through an HTTPS front on
     * {@link #TLS_PORT} (see {@link HttpsFront}), bm-tls trusting it with the trust bundle test-ca,
     * bm-untrusted with the JVM's default trust only. woo-completed ({@link #WOO_COMPLETED_KEY}) imports orders
     * and writes them to the ERP only once the shop completed them ({@code erp-push: on-completed}).
     * wm (seller {@link #WM_CLIENT_ID}, stock only) and wm-orders (seller {@link #WM_ORDERS_CLIENT_ID},
     * imports orders, channel-name) are Walmart accounts; the Walmart sandbox knows a seller after its
     * first control request, so their calls are refused (401) until a test makes one.
     * bl ({@link #BL_TOKEN}) is a BaseLinker account that imports orders.
     */
    protected static final String CLIENT = "e2e-" + RUN;
    protected static final String BM_TOKEN = "bm-" + RUN;
    protected static final String BM_SLOW_TOKEN = "bm-slow-" + RUN;
    protected static final String WOO_KEY = "ck_" + RUN;
    protected static final String WOO_SECRET = "cs_" + RUN;
    protected static final String BM_ORDERS_TOKEN = "bm-orders-" + RUN;
    protected static final String WOO_ORDERS_KEY = "ck_orders_" + RUN;
    protected static final String WOO_ORDERS_SECRET = "cs_orders_" + RUN;
    protected static final String WOO_ORDERS_WEBHOOK_SECRET = "whsec-" + RUN;
    protected static final String BM_REFUSED_TOKEN = "bm-refused-" + RUN;
    /** Where a test starts its {@link HttpsFront} before it uses bm-tls or bm-untrusted. */
    protected static final int TLS_PORT = TestEnvironment.freePort();
    protected static final String BM_TLS_TOKEN = "bm-tls-" + RUN;
    /** Sellers of bm-acks (imports orders, 1,200 calls a minute) and bm-acks-fixture (imports none): acknowledgement tests. */
    protected static final String BM_ACKS_TOKEN = "bm-acks-" + RUN;
    protected static final String BM_ACKS_FIXTURE_TOKEN = "bm-acks-fixture-" + RUN;
    /** Shop of woo-completed (imports orders, {@code erp-push: on-completed}: the shop ships, the ERP gets the order then). */
    protected static final String WOO_COMPLETED_KEY = "ck_completed_" + RUN;
    protected static final String WOO_COMPLETED_SECRET = "cs_completed_" + RUN;
    /** Walmart sellers (client id and secret) of wm (stock only) and wm-orders (imports orders). */
    protected static final String WM_CLIENT_ID = "wm-" + RUN;
    protected static final String WM_SECRET = "wm-secret-" + RUN;
    protected static final String WM_ORDERS_CLIENT_ID = "wm-orders-" + RUN;
    protected static final String WM_ORDERS_SECRET = "wm-orders-secret-" + RUN;
    /**
     * Token of bl, a BaseLinker account (the sandbox's statuses mapped; settings name the statuses
     * Kanal sets) that imports orders; the sandbox knows it once a test names it on the control API.
     */
    protected static final String BL_TOKEN = "bl-" + RUN;
    /**
     * Token of bl-priced, a BaseLinker account with a price rule (flow 5, docs/decisions/0042),
     * stock and prices only: level 1, +20 %, up to .90, anything under 30.00 PLN held; prices go to
     * the sandbox catalog's second price group, 106 (105 is its default).
     */
    protected static final String BL_PRICED_TOKEN = BL_TOKEN + "-priced";
    /**
     * A second client, whose source is a sandbox WooCommerce shop ({@link #SHOP_SOURCE_KEY}, stock
     * on hand in warehouse SHOP, polled every second, product webhooks signed with
     * {@link #SHOP_SOURCE_WEBHOOK_SECRET}): bm sells on Back Market (seller {@link #SHOP_BM_TOKEN})
     * and imports orders, which are written to the shop; own-shop is the same shop as a channel
     * account importing its orders. {@link TestBeans} registers the shop and the seller as the
     * server starts, so the source poll and the order poll are answered from the first. bl-out
     * (BaseLinker {@link #SHOP_BL_OUT_TOKEN}) and bm-out (Back Market seller {@link #SHOP_BM_OUT_TOKEN},
     * priced from the shop's regular price plus 10 %, rounded up to .99) take the shop's products an
     * operator offers (products out, {@code products-out: selected}); they import no orders. bm-priced (Back Market
     * seller {@link #SHOP_BM_PRICED_TOKEN}, stock and prices only) is priced from the shop's regular price (flow 5,
     * docs/decisions/0046): plus 10 %, up to .99, anything under 50.00 EUR held.
     */
    protected static final String SHOP_CLIENT = "shop-" + RUN;
    protected static final String SHOP_SOURCE_KEY = "ck_source_" + RUN;
    protected static final String SHOP_SOURCE_SECRET = "cs_source_" + RUN;
    protected static final String SHOP_SOURCE_WEBHOOK_SECRET = "whsec-source-" + RUN;
    protected static final String SHOP_BM_TOKEN = "bm-shop-" + RUN;
    protected static final String SHOP_BL_OUT_TOKEN = "bl-shop-out-" + RUN;
    protected static final String SHOP_BM_OUT_TOKEN = "bm-shop-out-" + RUN;
    protected static final String SHOP_BM_PRICED_TOKEN = "bm-shop-priced-" + RUN;
    /**
     * Priced accounts (flow 5, docs/decisions/0039), stock and prices only: bm-priced (Back Market
     * seller {@link #BM_PRICED_TOKEN}) starts from price level 1, adds 10 % and rounds up to .99,
     * holds anything under 50.00 EUR; woo-priced (shop {@link #WOO_PRICED_KEY}) starts from level 2
     * in PLN, converts at 0.25 into EUR, adds 2.00 PLN first, rounds up to .90, clamps to 10..500.
     */
    protected static final String BM_PRICED_TOKEN = "bm-priced-" + RUN;
    protected static final String WOO_PRICED_KEY = "ck_priced_" + RUN;
    protected static final String WOO_PRICED_SECRET = "cs_priced_" + RUN;
    /**
     * Walmart seller of wm-priced (stock and prices only, docs/decisions/0041): price level 1, adds
     * 10 %, converts at 0.25 into USD, rounds up to .99, holds anything under 20.00 USD. The sandbox
     * knows the seller once a test names it on the control API.
     */
    protected static final String WM_PRICED_CLIENT_ID = "wm-priced-" + RUN;
    protected static final String WM_PRICED_SECRET = "wm-priced-secret-" + RUN;
    /**
     * Products out (flow 5): woo-out (shop {@link #WOO_OUT_KEY}), bl-out ({@link #BL_OUT_TOKEN}) and
     * bm-out ({@link #BM_OUT_TOKEN}) take the products an operator offers ({@code products-out: selected});
     * they import no orders.
     */
    protected static final String WOO_OUT_KEY = "ck_out_" + RUN;
    protected static final String WOO_OUT_SECRET = "cs_out_" + RUN;
    protected static final String BL_OUT_TOKEN = "bl-out-" + RUN;
    protected static final String BM_OUT_TOKEN = "bm-out-" + RUN;
    /**
     * Walmart seller of wm-out, which takes the products an operator offers by matching Walmart's
     * catalogue ({@code products-out: selected}, shipping weight 1.5 lb, docs/decisions/0047); it
     * imports no orders. The sandbox knows the seller once a test names it on the control API.
     */
    protected static final String WM_OUT_CLIENT_ID = "wm-out-" + RUN;
    protected static final String WM_OUT_SECRET = "wm-out-secret-" + RUN;
    protected static final Path CLIENTS_DIR = writeClientFile();
    /** The end-to-end client's routes file, in a folder of its own ({@link EndToEndClientRoutes}). */
    protected static final Path CLIENT_ROUTES_DIR = EndToEndClientRoutes.write(CLIENTS_DIR, CLIENT);

    @DynamicPropertySource
    static void runProperties(DynamicPropertyRegistry registry) {
        registry.add("kanal.data-dir", DATA_DIR::toString);
        registry.add("server.port", () -> PORT);
        registry.add("kanal.clients-dir", CLIENTS_DIR::toString);
        registry.add("kanal.client-routes-dir", CLIENT_ROUTES_DIR::toString);
    }

    @Autowired
    private CamelContext kanalCamel;

    /**
     * Waits until route {@code routeId} has handled {@code more} further exchanges (e.g. a few more
     * polls), so a "nothing changes" check has given the flow its chance to act.
     */
    protected void awaitRouteRuns(String routeId, int more) {
        var route = kanalCamel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class).getManagedRoute(routeId);
        long start = route.getExchangesTotal();
        Awaitility.await(routeId + " runs " + more + " more times").atMost(Duration.ofSeconds(30))
                .until(() -> route.getExchangesTotal() >= start + more && route.getExchangesInflight() == 0);
    }

    /** Waits until the wall clock is in a later second: channel dates have whole seconds, so a change must come after it. */
    protected static void awaitNextWholeSecond() {
        long second = Instant.now().getEpochSecond();
        Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> Instant.now().getEpochSecond() > second);
    }

    /** An answer of {@link #http}: status and JSON body (a JSON null when the body is empty). */
    protected record Answer(int status, JsonNode json) {
    }

    /** A JSON request to this application (its API, its sandboxes, its webhooks), with an optional Authorization header. */
    protected static Answer http(String method, String path, Object body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(HTTP_JSON.writeValueAsString(body)));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = HTTP_CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = response.body() == null || response.body().isBlank() ? HTTP_JSON.nullNode() : HTTP_JSON.readTree(response.body());
        return new Answer(response.statusCode(), json);
    }

    private static final HttpClient HTTP_CLIENT = HttpClient.newHttpClient();
    private static final ObjectMapper HTTP_JSON = new ObjectMapper();

    protected static String baseUrl() {
        return "http://127.0.0.1:" + PORT;
    }

    private static Path writeClientFile() {
        TestEnvironment.ErpDatabase erp = TestEnvironment.sandboxErpSchema("erp_" + CLIENT.replace('-', '_'), null);
        String sandbox = "http://127.0.0.1:" + PORT + "/sandbox";
        String yaml = """
                id: %1$s
                name: End-to-end test client
                source:
                  type: subiekt
                  jdbc-url: "%2$s"
                  jdbc-user: %3$s
                  jdbc-password: "%4$s"
                  gateway-url: %5$s/subiekt
                  poll-interval: 1s
                fulfilment-centres:
                  - {warehouse: MAG, priority: 1}
                  - {warehouse: WRO, priority: 2}
                inventory-statuses: [available, repair, incoming, processing]
                returns:
                  - {reasons: [faulty-on-opening, failed-at-first-use], unit-status: repair, restock: after-inspection}
                  - {reasons: [withdrawal], unit-status: processing, restock: on-receipt}
                channel-accounts:
                  - id: bm
                    type: backmarket
                    base-url: %5$s/backmarket
                    credentials: {token: %6$s, user-agent: "BM-Kanal-Tests;it@kanal.test", accept-language: fr-fr}
                    mapping-mode: sku
                    organization-type: channel-name
                    import-orders: false
                    warehouses: [MAG, WRO]
                    inventory-statuses: [available]
                    calls-per-minute: 600
                  - id: bm-slow
                    type: backmarket
                    base-url: %5$s/backmarket
                    credentials: {token: %7$s, user-agent: "BM-Kanal-Tests;it@kanal.test", accept-language: fr-fr}
                    mapping-mode: sku
                    organization-type: channel-name
                    import-orders: false
                    warehouses: [MAG]
                    inventory-statuses: [available]
                    calls-per-minute: 20
                  - id: bm-strict
                    type: backmarket
                    base-url: %5$s/backmarket
                    credentials: {token: %6$s, user-agent: "BM-Kanal-Tests;it@kanal.test", accept-language: fr-fr}
                    mapping-mode: sku
                    organization-type: channel-name
                    import-orders: false
                    warehouses: [MAG]
                    inventory-statuses: [available]
                    calls-per-minute: 600
                    refuse-oversold: true
                  - id: woo
                    type: woocommerce
                    base-url: %5$s/woocommerce/wp-json/wc/v3
                    credentials: {consumer-key: %8$s, consumer-secret: %9$s}
                    mapping-mode: sku
                    organization-type: shipping-name
                    import-orders: false
                    warehouses: [MAG]
                    inventory-statuses: [available]
                    calls-per-minute: 600
                  - id: bm-orders
                    type: backmarket
                    base-url: %5$s/backmarket
                    credentials: {token: %10$s, user-agent: "BM-Kanal-Tests;it@kanal.test", accept-language: fr-fr}
                    mapping-mode: sku
                    organization-type: channel-name
                    status-map: {"0": awaiting-payment, "8": awaiting-payment, "9": awaiting-payment, "1": to-fulfil,
                                 "2": to-fulfil, "3": shipped, "4": cancelled, "5": refunded, "6": refunded, "7": cancelled}
                    warehouses: [MAG]
                    inventory-statuses: [available]
                    calls-per-minute: 600
                  - id: woo-orders
                    type: woocommerce
                    base-url: %5$s/woocommerce/wp-json/wc/v3
                    credentials: {consumer-key: %11$s, consumer-secret: %12$s}
                    mapping-mode: sku
                    organization-type: shipping-name
                    status-map: {pending: awaiting-payment, processing: to-fulfil, on-hold: awaiting-payment,
                                 completed: shipped, cancelled: cancelled, refunded: refunded, failed: ignore}
                    warehouses: [MAG]
                    inventory-statuses: [available]
                    calls-per-minute: 600
                    webhook-secret: %13$s
                  - id: bm-refused
                    type: backmarket
                    base-url: %5$s/backmarket
                    credentials: {token: %14$s, user-agent: "BM-Kanal-Tests;it@kanal.test", accept-language: fr-fr}
                    mapping-mode: sku
                    organization-type: channel-name
                    import-orders: false
                    warehouses: [MAG]
                    inventory-statuses: [available]
                    calls-per-minute: 600
                  - id: woo-remote
                    type: woocommerce
                    base-url: https://shop.example.invalid/wp-json/wc/v3
                    credentials: {consumer-key: ck_remote, consumer-secret: cs_remote}
                    mapping-mode: sku
                    organization-type: shipping-name
                    import-orders: false
                    warehouses: [MAG]
                    inventory-statuses: [available]
                    webhook-secret: whsec-remote
                  - id: bm-tls
                    type: backmarket
                    base-url: %15$s/backmarket
                    trust-bundle: test-ca
                    credentials: {token: %16$s, user-agent: "BM-Kanal-Tests;it@kanal.test", accept-language: fr-fr}
                    mapping-mode: sku
                    organization-type: channel-name
                    import-orders: false
                    warehouses: [MAG]
                    inventory-statuses: [available]
                    calls-per-minute: 600
                  - id: bm-untrusted
                    type: backmarket
                    base-url: %15$s/backmarket
                    credentials: {token: %16$s, user-agent: "BM-Kanal-Tests;it@kanal.test", accept-language: fr-fr}
                    mapping-mode: sku
                    organization-type: channel-name
                    import-orders: false
                    warehouses: [MAG]
                    inventory-statuses: [available]
                    calls-per-minute: 600
                  - id: bm-acks
                    type: backmarket
                    base-url: %5$s/backmarket
                    credentials: {token: %17$s, user-agent: "BM-Kanal-Tests;it@kanal.test", accept-language: fr-fr}
                    mapping-mode: sku
                    organization-type: channel-name
                    status-map: {"0": awaiting-payment, "8": awaiting-payment, "9": awaiting-payment, "1": to-fulfil,
                                 "2": to-fulfil, "3": shipped, "4": cancelled, "5": refunded, "6": refunded, "7": cancelled}
                    warehouses: [MAG]
                    inventory-statuses: [available]
                    calls-per-minute: 1200
                  - id: bm-acks-fixture
                    type: backmarket
                    base-url: %5$s/backmarket
                    credentials: {token: %18$s, user-agent: "BM-Kanal-Tests;it@kanal.test", accept-language: fr-fr}
                    mapping-mode: sku
                    organization-type: channel-name
                    import-orders: false
                    warehouses: [MAG]
                    inventory-statuses: [available]
                    calls-per-minute: 600
                  - id: woo-completed
                    type: woocommerce
                    base-url: %5$s/woocommerce/wp-json/wc/v3
                    credentials: {consumer-key: %19$s, consumer-secret: %20$s}
                    mapping-mode: sku
                    organization-type: shipping-name
                    status-map: {pending: awaiting-payment, processing: to-fulfil, on-hold: awaiting-payment,
                                 completed: shipped, cancelled: cancelled, refunded: refunded, failed: ignore}
                    warehouses: [MAG]
                    inventory-statuses: [available]
                    calls-per-minute: 600
                    erp-push: on-completed
                  - id: wm
                    type: walmart
                    base-url: %5$s/walmart
                    credentials: {client-id: %21$s, client-secret: %22$s}
                    mapping-mode: sku
                    organization-type: channel-name
                    import-orders: false
                    warehouses: [MAG, WRO]
                    inventory-statuses: [available]
                    calls-per-minute: 600
                    products-out: selected
                  - id: wm-orders
                    type: walmart
                    base-url: %5$s/walmart
                    credentials: {client-id: %23$s, client-secret: %24$s}
                    mapping-mode: sku
                    organization-type: channel-name
                    status-map: {Created: to-fulfil, Acknowledged: to-fulfil, Shipped: shipped, Delivered: shipped,
                                 Cancelled: cancelled, Refund: refunded}
                    warehouses: [MAG]
                    inventory-statuses: [available]
                    calls-per-minute: 600
                  - id: bl
                    type: baselinker
                    base-url: %5$s/baselinker/connector.php
                    credentials: {token: %25$s}
                    settings: {status-accepted: In progress, status-shipped: Shipped, status-cancelled: Cancelled}
                    mapping-mode: sku
                    organization-type: shipping-name
                    status-map: {"8001": to-fulfil, "8002": awaiting-payment, "8003": to-fulfil, "8004": shipped,
                                 "8005": cancelled}
                    warehouses: [MAG]
                    inventory-statuses: [available]
                    calls-per-minute: 1200
                  - id: bl-priced
                    type: baselinker
                    base-url: %5$s/baselinker/connector.php
                    credentials: {token: %25$s-priced}
                    settings: {price-group: "106"}
                    mapping-mode: sku
                    organization-type: shipping-name
                    import-orders: false
                    warehouses: [MAG]
                    inventory-statuses: [available]
                    calls-per-minute: 600
                    pricing: {price-level: 1, currency: PLN, markup-percent: 20, rounding: ".90", floor: 30}
                  - id: bm-priced
                    type: backmarket
                    base-url: %5$s/backmarket
                    credentials: {token: %26$s, user-agent: "BM-Kanal-Tests;it@kanal.test", accept-language: fr-fr}
                    mapping-mode: sku
                    organization-type: channel-name
                    import-orders: false
                    warehouses: [MAG]
                    inventory-statuses: [available]
                    calls-per-minute: 600
                    pricing: {price-level: 1, currency: EUR, markup-percent: 10, rounding: ".99", floor: 50}
                  - id: woo-priced
                    type: woocommerce
                    base-url: %5$s/woocommerce/wp-json/wc/v3
                    credentials: {consumer-key: %27$s, consumer-secret: %28$s}
                    mapping-mode: sku
                    organization-type: shipping-name
                    import-orders: false
                    warehouses: [MAG]
                    inventory-statuses: [available]
                    calls-per-minute: 600
                    pricing: {price-level: 2, currency: EUR, rate: 0.25, add-on: 2.00, rounding: ".90", minimum: 10, maximum: 500}
                  - id: wm-priced
                    type: walmart
                    base-url: %5$s/walmart
                    credentials: {client-id: %33$s, client-secret: %34$s}
                    mapping-mode: sku
                    organization-type: channel-name
                    import-orders: false
                    warehouses: [MAG]
                    inventory-statuses: [available]
                    calls-per-minute: 600
                    pricing: {price-level: 1, currency: USD, markup-percent: 10, rate: 0.25, rounding: ".99", floor: 20}
                  - id: woo-out
                    type: woocommerce
                    base-url: %5$s/woocommerce/wp-json/wc/v3
                    credentials: {consumer-key: %29$s, consumer-secret: %30$s}
                    mapping-mode: sku
                    organization-type: shipping-name
                    import-orders: false
                    warehouses: [MAG]
                    inventory-statuses: [available]
                    calls-per-minute: 600
                    products-out: selected
                  - id: bl-out
                    type: baselinker
                    base-url: %5$s/baselinker/connector.php
                    credentials: {token: %31$s}
                    mapping-mode: sku
                    organization-type: shipping-name
                    import-orders: false
                    warehouses: [MAG]
                    inventory-statuses: [available]
                    calls-per-minute: 600
                    products-out: selected
                  - id: bm-out
                    type: backmarket
                    base-url: %5$s/backmarket
                    credentials: {token: %32$s, user-agent: "BM-Kanal-Tests;it@kanal.test", accept-language: fr-fr}
                    mapping-mode: sku
                    organization-type: channel-name
                    import-orders: false
                    warehouses: [MAG]
                    inventory-statuses: [available]
                    calls-per-minute: 600
                    products-out: selected
                  - id: wm-out
                    type: walmart
                    base-url: %5$s/walmart
                    credentials: {client-id: %35$s, client-secret: %36$s}
                    settings: {shipping-weight: "1.5"}
                    mapping-mode: sku
                    organization-type: channel-name
                    import-orders: false
                    warehouses: [MAG]
                    inventory-statuses: [available]
                    calls-per-minute: 600
                    products-out: selected
                """.formatted(CLIENT, erp.url(), erp.user(), erp.password(), sandbox, BM_TOKEN, BM_SLOW_TOKEN, WOO_KEY, WOO_SECRET,
                BM_ORDERS_TOKEN, WOO_ORDERS_KEY, WOO_ORDERS_SECRET, WOO_ORDERS_WEBHOOK_SECRET, BM_REFUSED_TOKEN,
                "https://127.0.0.1:" + TLS_PORT + "/sandbox", BM_TLS_TOKEN, BM_ACKS_TOKEN, BM_ACKS_FIXTURE_TOKEN,
                WOO_COMPLETED_KEY, WOO_COMPLETED_SECRET, WM_CLIENT_ID, WM_SECRET, WM_ORDERS_CLIENT_ID, WM_ORDERS_SECRET, BL_TOKEN,
                BM_PRICED_TOKEN, WOO_PRICED_KEY, WOO_PRICED_SECRET,
                WOO_OUT_KEY, WOO_OUT_SECRET, BL_OUT_TOKEN, BM_OUT_TOKEN, WM_PRICED_CLIENT_ID, WM_PRICED_SECRET,
                WM_OUT_CLIENT_ID, WM_OUT_SECRET);
        String shopYaml = """
                id: %1$s
                name: End-to-end test client with a WooCommerce shop as its source
                source:
                  type: woocommerce
                  base-url: %2$s/woocommerce/wp-json/wc/v3
                  credentials: {consumer-key: %3$s, consumer-secret: %4$s}
                  warehouse: SHOP
                  poll-interval: 1s
                  webhook-secret: %5$s
                  calls-per-minute: 1200
                fulfilment-centres:
                  - {warehouse: SHOP, priority: 1}
                inventory-statuses: [available]
                channel-accounts:
                  - id: bm
                    type: backmarket
                    base-url: %2$s/backmarket
                    credentials: {token: %6$s, user-agent: "BM-Kanal-Tests;it@kanal.test", accept-language: fr-fr}
                    mapping-mode: sku
                    organization-type: channel-name
                    status-map: {"0": awaiting-payment, "8": awaiting-payment, "9": awaiting-payment, "1": to-fulfil,
                                 "2": to-fulfil, "3": shipped, "4": cancelled, "5": refunded, "6": refunded, "7": cancelled}
                    warehouses: [SHOP]
                    inventory-statuses: [available]
                    calls-per-minute: 600
                  - id: own-shop
                    type: woocommerce
                    base-url: %2$s/woocommerce/wp-json/wc/v3
                    credentials: {consumer-key: %3$s, consumer-secret: %4$s}
                    mapping-mode: sku
                    organization-type: shipping-name
                    status-map: {pending: awaiting-payment, processing: to-fulfil, on-hold: awaiting-payment,
                                 completed: shipped, cancelled: cancelled, refunded: refunded, failed: ignore}
                    warehouses: [SHOP]
                    inventory-statuses: [available]
                    calls-per-minute: 600
                  - id: bl-out
                    type: baselinker
                    base-url: %2$s/baselinker/connector.php
                    credentials: {token: %7$s}
                    mapping-mode: sku
                    organization-type: shipping-name
                    import-orders: false
                    warehouses: [SHOP]
                    inventory-statuses: [available]
                    calls-per-minute: 600
                    products-out: selected
                  - id: bm-out
                    type: backmarket
                    base-url: %2$s/backmarket
                    credentials: {token: %8$s, user-agent: "BM-Kanal-Tests;it@kanal.test", accept-language: fr-fr}
                    mapping-mode: sku
                    organization-type: channel-name
                    import-orders: false
                    warehouses: [SHOP]
                    inventory-statuses: [available]
                    calls-per-minute: 600
                    products-out: selected
                    pricing: {price-level: 1, currency: EUR, markup-percent: 10, rounding: ".99"}
                  - id: bm-priced
                    type: backmarket
                    base-url: %2$s/backmarket
                    credentials: {token: %9$s, user-agent: "BM-Kanal-Tests;it@kanal.test", accept-language: fr-fr}
                    mapping-mode: sku
                    organization-type: channel-name
                    import-orders: false
                    warehouses: [SHOP]
                    inventory-statuses: [available]
                    calls-per-minute: 600
                    pricing: {currency: EUR, markup-percent: 10, rounding: ".99", floor: 50}
                """.formatted(SHOP_CLIENT, sandbox, SHOP_SOURCE_KEY, SHOP_SOURCE_SECRET, SHOP_SOURCE_WEBHOOK_SECRET, SHOP_BM_TOKEN,
                SHOP_BL_OUT_TOKEN, SHOP_BM_OUT_TOKEN, SHOP_BM_PRICED_TOKEN);
        Path dir = TestEnvironment.tempDir("kanal-clients-");
        try {
            Files.writeString(dir.resolve(SHOP_CLIENT + ".yaml"), shopYaml);
            Files.writeString(dir.resolve(CLIENT + ".yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }
}
