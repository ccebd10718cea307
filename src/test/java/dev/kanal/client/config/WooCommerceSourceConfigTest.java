package dev.kanal.client.config;

import static dev.kanal.client.config.ClientFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client file whose source is a WooCommerce shop: what it needs, what it may not say, and the shipped demo file. */
class WooCommerceSourceConfigTest {

    private static final String SOURCE = """
            type: woocommerce
            base-url: https://shop.example/wp-json/wc/v3
            credentials:
              consumer-key: ck_s3cret
              consumer-secret: cs_s3cret
            warehouse: SHOP
            webhook-secret: hook-s3cret
            poll-interval: 10s
            """;

    @TempDir
    Path dir;

    private static String file(String source) {
        return """
                id: shop
                name: Shop
                source:
                %s
                fulfilment-centres:
                  - warehouse: SHOP
                    priority: 1
                inventory-statuses: [available]
                channel-accounts:
                  - id: bm
                    type: backmarket
                    base-url: https://www.backmarket.fr
                    credentials: {token: t, user-agent: ua, accept-language: fr-fr}
                    mapping-mode: sku
                    organization-type: channel-name
                    status-map: {"1": to-fulfil}
                    warehouses: [SHOP]
                    inventory-statuses: [available]
                """.formatted(source.indent(2).stripTrailing());
    }

    private List<String> problems(String source) {
        Path path = write(dir, "shop.yaml", file(source));
        try {
            new ClientConfigLoader(name -> null).load(path);
            return List.of();
        } catch (ClientConfigException e) {
            return e.problems().stream().map(ClientConfigException.Problem::describe).toList();
        }
    }

    @Test
    void aCompleteShopSourceLoadsWithItsKeysWarehouseAndSecretMasked() {
        ClientConfig shop = new ClientConfigLoader(name -> null).load(write(dir, "shop.yaml", file(SOURCE)));

        SourceConfig source = shop.source();
        assertThat(source.type()).isEqualTo(SourceType.WOOCOMMERCE);
        assertThat(source.baseUrl()).isEqualTo("https://shop.example/wp-json/wc/v3");
        assertThat(source.credentials()).containsEntry("consumer-key", "ck_s3cret").containsEntry("consumer-secret", "cs_s3cret");
        assertThat(source.warehouse()).isEqualTo("SHOP");
        assertThat(source.pollInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(source.callsPerMinute()).isEqualTo(60);
        assertThat(source.toString()).doesNotContain("ck_s3cret", "cs_s3cret", "hook-s3cret");
        assertThat(ClientRoutePlan.of(shop)).extracting(ClientRoutePlan.PlannedRoute::routeId)
                .as("a shop is polled for stock and for the orders Kanal wrote that it shipped; it has no invoices")
                .containsExactly("source-poll-shop", "shop-shipment-poll-shop", "order-poll-shop-bm");
    }

    @Test
    void aShopSourceWithoutBaseUrlOrKeysIsRefusedSayingWhatIsMissing() {
        assertThat(problems("""
                type: woocommerce
                credentials:
                  consumer-key: ck_s3cret
                warehouse: SHOP
                """)).containsExactlyInAnyOrder(
                "source.base-url: must not be blank for a woocommerce source (the shop's API root, e.g. "
                        + "https://shop.example/wp-json/wc/v3)",
                "source.credentials: missing 'consumer-secret' (a woocommerce source needs the shop's REST API keys: "
                        + "consumer-key, consumer-secret)");
    }

    @Test
    void aShopSourceRefusesErpSettingsUnknownKeysAndAWarehouseThatIsNoFulfilmentCentre() {
        List<String> problems = problems(SOURCE.replace("warehouse: SHOP", "warehouse: MAG")
                .replace("consumer-secret: cs_s3cret", "consumer-secret: cs_s3cret\n  token: x")
                + "gateway-url: http://localhost/gateway\n");

        assertThat(problems).containsExactlyInAnyOrder(
                "source.credentials.token: unknown credential (a woocommerce source reads: consumer-key, consumer-secret)",
                "source.gateway-url: is a subiekt source's setting; a woocommerce source does not read it",
                "source.warehouse: warehouse 'MAG' (where the shop's stock is on hand) must be one of this client's fulfilment-centres");
    }

    @Test
    void aWarehouseLeftOutIsShop() {
        assertThat(problems(SOURCE.replace("warehouse: SHOP\n", ""))).isEmpty();
    }

    @Test
    void theDemoShopClientFileIsValidAndItsRoutesFileInStep() throws Exception {
        ClientConfig shop = new ClientConfigLoader(name -> null).load(Path.of("clients", "shop.yaml"));

        assertThat(shop.source().type()).isEqualTo(SourceType.WOOCOMMERCE);
        assertThat(shop.source().credentials()).containsEntry("consumer-key", "ck_shop-demo");
        assertThat(ClientRoutesFile.drift(shop, ClientRoutesFile.read(Path.of("routes", "clients", "shop.camel.yaml"))))
                .as("routes/clients/shop.camel.yaml is out of step: `java -jar target/kanal.jar routes --force clients/shop.yaml`")
                .isEmpty();
    }
}
