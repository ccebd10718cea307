package dev.kanal.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.kanal.TestEnvironment;
import dev.kanal.client.config.ChannelAccountConfig;
import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.ClientConfigLoader;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.connector.subiekt.SourceDataSources;
import dev.kanal.connector.subiekt.SubiektStockReader;
import dev.kanal.demo.DemoSeed;
import dev.kanal.demo.OwnSandbox;
import dev.kanal.demo.SandboxSeeding;
import dev.kanal.sandbox.subiekt.SubiektSandboxDatabase;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The demo seeder writes only to sandboxes this JVM serves. A "shop" here is a real HTTP server
 * on loopback that records every request: a refused URL must leave it with none (above all not
 * the consumer key), and a URL that is this JVM's sandbox must reach it (the control case).
 */
@ExtendWith(OutputCaptureExtension.class)
class DemoSeedRefusalTest {

    private static final List<String> SKUS = List.of("SEED-1", "SEED-2");

    private final List<String> received = new CopyOnWriteArrayList<>();
    private HttpServer shop;
    private int shopPort;
    /** Kanal's own port in the refusal cases: not the shop's. */
    private final int kanalPort = TestEnvironment.freePort();

    @TempDir
    Path dir;

    @BeforeEach
    void startShop() throws Exception {
        shop = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        shop.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + new String(body, StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(201, 2);
            exchange.getResponseBody().write("{}".getBytes(StandardCharsets.UTF_8));
            exchange.close();
        });
        shop.start();
        shopPort = shop.getAddress().getPort();
    }

    @AfterEach
    void stopShop() {
        shop.stop(0);
    }

    @Test
    void aRealShopOnAnotherPortGetsNothingNotEvenItsKey(CapturedOutput output) throws Exception {
        ClientConfig client = client("http://127.0.0.1:" + shopPort + "/wp-json/wc/v3", "http://127.0.0.1:" + shopPort,
                "http://127.0.0.1:" + kanalPort + "/sandbox/subiekt");
        SandboxSeeding seeding = new SandboxSeeding(new OwnSandbox(kanalPort), HttpClient.newHttpClient());

        boolean woo = seeding.wooCommerce(account(client, "woo"), SKUS);
        boolean bm = seeding.backMarket(account(client, "bm"), SKUS);
        boolean walmart = seeding.walmart(account(client, "wm"), SKUS);

        assertThat(woo).isFalse();
        assertThat(bm).isFalse();
        assertThat(walmart).isFalse();
        assertThat(received).isEmpty();
        assertThat(output).contains("Demo seeding refused for account woo")
                .contains("port " + shopPort + " is not this server's port " + kanalPort)
                .contains("nothing was sent");
    }

    @Test
    void aShopOnThisPortButOutsideSandboxGetsNothing(CapturedOutput output) throws Exception {
        ClientConfig client = client("http://127.0.0.1:" + shopPort + "/wp-json/wc/v3", "http://127.0.0.1:" + shopPort + "/api",
                "http://127.0.0.1:" + shopPort + "/sandbox/subiekt");
        SandboxSeeding seeding = new SandboxSeeding(new OwnSandbox(shopPort), HttpClient.newHttpClient());

        assertThat(seeding.wooCommerce(account(client, "woo"), SKUS)).isFalse();
        assertThat(seeding.backMarket(account(client, "bm"), SKUS)).isFalse();
        assertThat(received).isEmpty();
        assertThat(output).contains("is not under /sandbox/");
    }

    @Test
    void aShopElsewhereIsRefusedWithoutAnyConnection(CapturedOutput output) throws Exception {
        ClientConfig client = client("https://shop.example.com/wp-json/wc/v3", "https://www.backmarket.fr",
                "http://127.0.0.1:" + kanalPort + "/sandbox/subiekt");
        SandboxSeeding seeding = new SandboxSeeding(new OwnSandbox(kanalPort), HttpClient.newHttpClient());

        assertThat(seeding.wooCommerce(account(client, "woo"), SKUS)).isFalse();
        assertThat(seeding.backMarket(account(client, "bm"), SKUS)).isFalse();
        assertThat(output).contains("not an http URL");
    }

    @Test
    void thisJvmsSandboxIsSeeded() throws Exception {
        ClientConfig client = client("http://127.0.0.1:" + shopPort + "/sandbox/woocommerce/wp-json/wc/v3",
                "http://localhost:" + shopPort + "/sandbox/backmarket", "http://127.0.0.1:" + shopPort + "/sandbox/subiekt");
        SandboxSeeding seeding = new SandboxSeeding(new OwnSandbox(shopPort), HttpClient.newHttpClient());

        assertThat(seeding.wooCommerce(account(client, "woo"), SKUS)).isTrue();
        assertThat(seeding.backMarket(account(client, "bm"), SKUS)).isTrue();
        assertThat(seeding.walmart(account(client, "wm"), SKUS)).isTrue();
        assertThat(received).extracting(r -> r.substring(0, r.indexOf(' ', r.indexOf(' ') + 1)))
                .containsExactly("POST /sandbox/woocommerce/_control/shops", "POST /sandbox/woocommerce/_control/shops/ck_seed/products",
                        "POST /sandbox/backmarket/_control/listings", "POST /sandbox/walmart/_control/items");
        assertThat(received.get(3)).contains("\"sku\":\"SEED-1\"").contains("\"quantity\":0");
    }

    @Test
    void aClientWhoseErpGatewayIsNotThisJvmsSandboxGetsNoErpRowsAndNoListings(CapturedOutput output) throws Exception {
        String schema = "erp_seed_refusal_" + UUID.randomUUID().toString().substring(0, 8);
        TestEnvironment.ErpDatabase erpDb = TestEnvironment.sandboxErpSchema(schema, null);
        ClientConfig client = client("http://127.0.0.1:" + shopPort + "/sandbox/woocommerce/wp-json/wc/v3",
                "http://127.0.0.1:" + shopPort + "/sandbox/backmarket", "http://erp.acme.example:8080/gateway",
                erpDb.url(), erpDb.user(), erpDb.password());
        SourceDataSources sources = new SourceDataSources();
        try {
            var erp = sources.of(client.id(), client.source());
            new SubiektSandboxDatabase().ensureSchema(erp); // an empty Subiekt-style ERP: what seeding would fill

            new DemoSeed(ClientRegistry.of(client), sources, null, null, null).seed(new OwnSandbox(shopPort));

            assertThat(new SubiektStockReader().readStock(erp)).isEmpty();
            assertThat(received).isEmpty();
            assertThat(output).contains("Demo data for seed-client refused: its ERP gateway is not a sandbox of this Kanal");
        } finally {
            sources.destroy();
        }
    }

    @Test
    void onlyLoopbackAddressesOnThisPortUnderSandboxAreOwn() {
        OwnSandbox own = new OwnSandbox(8081);
        assertThat(own.refusal("http://127.0.0.1:8081/sandbox/backmarket")).isNull();
        assertThat(own.refusal("http://localhost:8081/sandbox/woocommerce/wp-json/wc/v3")).isNull();
        assertThat(own.refusal("http://[::1]:8081/sandbox/subiekt")).isNull();
        assertThat(own.refusal("http://127.0.0.1:8080/sandbox/backmarket")).contains("port 8080");
        assertThat(own.refusal("http://10.0.0.5:8081/sandbox/backmarket")).contains("not this machine's loopback");
        assertThat(own.refusal("http://localhost.example.com:8081/sandbox/backmarket")).contains("loopback");
        assertThat(own.refusal("https://127.0.0.1:8081/sandbox/backmarket")).isEqualTo("not an http URL");
        assertThat(own.refusal("http://127.0.0.1:8081/sandbox/../admin")).contains("not under /sandbox/");
        assertThat(own.refusal("http://127.0.0.1:8081/sandboxes")).contains("not under /sandbox/");
        assertThat(own.refusal(null)).isEqualTo("not an http URL");
    }

    private ClientConfig client(String wooUrl, String bmUrl, String gatewayUrl) throws Exception {
        return client(wooUrl, bmUrl, gatewayUrl, "jdbc:h2:mem:seed-refusal", "kanal", "kanal");
    }

    private ClientConfig client(String wooUrl, String bmUrl, String gatewayUrl, String jdbcUrl, String user, String password)
            throws Exception {
        Path file = dir.resolve("seed-client.yaml");
        Files.writeString(file, """
                id: seed-client
                name: Seed refusal client
                source:
                  type: subiekt
                  jdbc-url: "%s"
                  jdbc-user: %s
                  jdbc-password: "%s"
                  gateway-url: %s
                  poll-interval: 1s
                fulfilment-centres:
                  - {warehouse: MAG, priority: 1}
                inventory-statuses: [available]
                channel-accounts:
                  - id: woo
                    type: woocommerce
                    base-url: %s
                    credentials: {consumer-key: ck_seed, consumer-secret: cs_seed}
                    mapping-mode: sku
                    organization-type: shipping-name
                    import-orders: false
                    warehouses: [MAG]
                    inventory-statuses: [available]
                  - id: bm
                    type: backmarket
                    base-url: %s
                    credentials: {token: bm-seed, user-agent: "BM-Kanal-Tests;it@kanal.test", accept-language: fr-fr}
                    mapping-mode: sku
                    organization-type: channel-name
                    import-orders: false
                    warehouses: [MAG]
                    inventory-statuses: [available]
                  - id: wm
                    type: walmart
                    base-url: %s
                    credentials: {client-id: wm-seed, client-secret: wm-seed-secret}
                    mapping-mode: sku
                    organization-type: channel-name
                    import-orders: false
                    warehouses: [MAG]
                    inventory-statuses: [available]
                """.formatted(jdbcUrl, user, password, gatewayUrl, wooUrl, bmUrl, bmUrl.replace("backmarket", "walmart")));
        return new ClientConfigLoader(name -> null).load(file);
    }

    private static ChannelAccountConfig account(ClientConfig client, String id) {
        return client.account(id).orElseThrow();
    }
}
