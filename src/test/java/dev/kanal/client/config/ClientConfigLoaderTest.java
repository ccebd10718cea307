package dev.kanal.client.config;

import static dev.kanal.client.config.ClientFiles.validWith;
import static dev.kanal.client.config.ClientFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientConfigLoaderTest {

    /** No variable is set: every placeholder falls back to its default. */
    private final ClientConfigLoader loader = new ClientConfigLoader(name -> null);

    @TempDir
    Path dir;

    // --- the shipped example ---------------------------------------------------------------

    @Test
    void loadsTheShippedExampleClient() {
        ClientConfig acme = loader.load(ClientFiles.ACME);

        assertThat(acme.id()).isEqualTo("acme");
        assertThat(acme.skuUnique()).isTrue();
        assertThat(acme.source().type()).isEqualTo(SourceType.SUBIEKT);
        assertThat(acme.source().jdbcUrl()).isEqualTo("jdbc:h2:file:./data/erp-acme;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(acme.source().gatewayUrl()).isEqualTo("http://127.0.0.1:8080/sandbox/subiekt");
        assertThat(acme.source().pollInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(acme.fulfilmentCentresByPriority()).extracting(FulfilmentCentreConfig::warehouse)
                .containsExactly("MAG", "WRO");
        assertThat(acme.inventoryStatuses()).contains("available", "repair", "vendor-rma");

        assertThat(acme.channelAccounts()).extracting(ChannelAccountConfig::id)
                .containsExactly("backmarket-fr", "woo-main", "walmart-us", "baselinker-allegro");

        ChannelAccountConfig backMarket = acme.account("backmarket-fr").orElseThrow();
        assertThat(backMarket.type()).isEqualTo(ChannelType.BACKMARKET);
        assertThat(backMarket.baseUrl()).isEqualTo("http://127.0.0.1:8080/sandbox/backmarket");
        assertThat(backMarket.mappingMode()).isEqualTo(MappingMode.SKU);
        assertThat(backMarket.credential("token")).isEqualTo("demo-default");
        assertThat(backMarket.credential("accept-language")).isEqualTo("fr-fr");
        assertThat(backMarket.mappedStatus("1")).contains(MappedStatus.TO_FULFIL);
        assertThat(backMarket.mappedStatus("6")).contains(MappedStatus.REFUNDED);
        assertThat(backMarket.erpPush()).isEqualTo(ErpPush.ON_PAID);

        ChannelAccountConfig walmart = acme.account("walmart-us").orElseThrow();
        assertThat(walmart.type()).isEqualTo(ChannelType.WALMART);
        assertThat(walmart.baseUrl()).isEqualTo("http://127.0.0.1:8080/sandbox/walmart");
        assertThat(walmart.credential("client-id")).isEqualTo("acme-demo");
        assertThat(walmart.mappedStatus("Created")).contains(MappedStatus.TO_FULFIL);
        assertThat(walmart.mappedStatus("Refund")).contains(MappedStatus.REFUNDED);
        assertThat(walmart.statusMap()).hasSize(6);

        ChannelAccountConfig woo = acme.account("woo-main").orElseThrow();
        assertThat(woo.type()).isEqualTo(ChannelType.WOOCOMMERCE);
        assertThat(woo.baseUrl()).isEqualTo("http://127.0.0.1:8080/sandbox/woocommerce/wp-json/wc/v3");
        assertThat(woo.mappingMode()).isEqualTo(MappingMode.SKU);
        assertThat(woo.organizationType()).isEqualTo(OrganizationType.SHIPPING_NAME);
        assertThat(woo.statusMap()).containsEntry("processing", MappedStatus.TO_FULFIL)
                .containsEntry("on-hold", MappedStatus.AWAITING_PAYMENT)
                .containsEntry("failed", MappedStatus.IGNORE)
                .hasSize(7);
        assertThat(woo.erpPush()).isEqualTo(ErpPush.ON_COMPLETED);
        assertThat(woo.webhookSecret()).isNotNull();

        ChannelAccountConfig allegro = acme.account("baselinker-allegro").orElseThrow();
        assertThat(allegro.type()).isEqualTo(ChannelType.BASELINKER);
        assertThat(allegro.baseUrl()).isEqualTo("http://127.0.0.1:8080/sandbox/baselinker/connector.php");
        assertThat(allegro.credentials()).containsOnlyKeys("token");
        assertThat(allegro.settings()).containsOnlyKeys("status-accepted", "status-shipped", "status-cancelled");
        assertThat(allegro.setting("status-accepted")).contains("In progress");
        assertThat(allegro.setting("inventory-id")).isEmpty();
        assertThat(allegro.importOrders()).isTrue();
        assertThat(allegro.buffer()).isEqualTo(2);
        assertThat(allegro.maxQuantity()).isEqualTo(10);
        assertThat(allegro.statusMap()).containsEntry("8001", MappedStatus.TO_FULFIL)
                .containsEntry("8004", MappedStatus.SHIPPED).containsEntry("8005", MappedStatus.CANCELLED).hasSize(5);
        assertThat(backMarket.settings()).isEmpty();
    }

    @Test
    void aSetVariableWinsOverThePlaceholderDefault() {
        ClientConfigLoader withEnvironment = new ClientConfigLoader(Map.of(
                "ACME_BACKMARKET_URL", "https://preprod.backmarket.fr",
                "ACME_BACKMARKET_TOKEN", "real-token")::get);

        ChannelAccountConfig backMarket = withEnvironment.load(ClientFiles.ACME).account("backmarket-fr").orElseThrow();

        assertThat(backMarket.baseUrl()).isEqualTo("https://preprod.backmarket.fr");
        assertThat(backMarket.credential("token")).isEqualTo("real-token");
    }

    @Test
    void appliesDefaultsForLeftOutSettings() {
        ClientConfig shop = loader.load(write(dir, "shop.yaml", ClientFiles.VALID));

        ChannelAccountConfig woo = shop.account("woo").orElseThrow();
        assertThat(woo.buffer()).isZero();
        assertThat(woo.maxQuantity()).isNull();
        assertThat(woo.importOrders()).isTrue();
        assertThat(woo.callsPerMinute()).isEqualTo(60);
        assertThat(woo.splitAllocation()).isFalse();
        assertThat(woo.refuseOversold()).isFalse();
        assertThat(woo.erpPush()).isEqualTo(ErpPush.ON_PAID);
        assertThat(shop.skuUnique()).isTrue();
        assertThat(shop.source().pollInterval()).isEqualTo(SourceConfig.DEFAULT_POLL_INTERVAL);
    }

    @Test
    void readsEnumsInAnyCaseAndDurationsInShortForm() {
        Path file = write(dir, "shop.yaml", validWith("mapping-mode: variation", "mapping-mode: VARIATION")
                .replace("jdbc-user: erp", "jdbc-user: erp\n  poll-interval: 5m")
                .replace("organization-type: channel-name", "organization-type: Channel_Name"));

        ClientConfig shop = loader.load(file);

        assertThat(shop.account("allegro").orElseThrow().mappingMode()).isEqualTo(MappingMode.VARIATION);
        assertThat(shop.account("allegro").orElseThrow().organizationType()).isEqualTo(OrganizationType.CHANNEL_NAME);
        assertThat(shop.source().pollInterval()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void productsOutIsOffUnlessTheAccountSaysSelectedOrAll() {
        ClientConfig shop = loader.load(write(dir, "shop.yaml", validWith("webhook-secret: hook-s3cret",
                "webhook-secret: hook-s3cret\n    products-out: selected")));
        assertThat(shop.account("woo").orElseThrow().productsOut()).isEqualTo(ProductsOut.SELECTED);
        assertThat(shop.account("allegro").orElseThrow().productsOut()).as("the default").isEqualTo(ProductsOut.OFF);

        ClientConfig all = loader.load(write(dir, "shop.yaml", validWith("webhook-secret: hook-s3cret",
                "webhook-secret: hook-s3cret\n    products-out: all")));
        assertThat(all.account("woo").orElseThrow().productsOut()).isEqualTo(ProductsOut.ALL);

        ClientConfig off = loader.load(write(dir, "shop.yaml", validWith("webhook-secret: hook-s3cret",
                "webhook-secret: hook-s3cret\n    products-out: off")));
        assertThat(off.account("woo").orElseThrow().productsOut()).as("YAML's off read as the word").isEqualTo(ProductsOut.OFF);
    }

    @Test
    void aBadProductsOutValueListsTheAcceptedOnes() {
        Path file = write(dir, "shop.yaml", validWith("webhook-secret: hook-s3cret",
                "webhook-secret: hook-s3cret\n    products-out: sometimes"));

        assertProblem(file, "channel-accounts[0].products-out", "must be one of: off, selected, all (was 'sometimes')");
    }

    @Test
    void productsOutNeedsSkuMapping() {
        Path file = write(dir, "shop.yaml", validWith("import-orders: false", "import-orders: false\n    products-out: selected"));

        assertProblem(file, "channel-accounts[1].products-out", "must be off when mapping-mode is variation (a product offered "
                + "to the channel becomes a listing mapped to its SKU)");
    }

    // --- one broken thing per file: the message names file, field path and reason ------------

    @Test
    void unknownFieldIsAnErrorWithASuggestion() {
        Path file = write(dir, "shop.yaml", validWith("mapping-mode: variation", "mappng-mode: variation"));

        assertProblem(file, "channel-accounts[1].mappng-mode", "unknown field 'mappng-mode' (did you mean 'mapping-mode'?)");
    }

    @Test
    void badEnumValueListsTheAcceptedOnes() {
        Path file = write(dir, "shop.yaml", validWith("mapping-mode: variation", "mapping-mode: variant"));

        assertProblem(file, "channel-accounts[1].mapping-mode", "must be one of: sku, variation (was 'variant')");
    }

    @Test
    void badInternalStatusInTheStatusMap() {
        Path file = write(dir, "shop.yaml", validWith("completed: shipped", "completed: sent"));

        assertProblem(file, "channel-accounts[0].status-map.completed",
                "must be one of: awaiting-payment, to-fulfil, shipped, cancelled, refunded, ignore (was 'sent')");
    }

    @Test
    void missingRequiredField() {
        Path file = write(dir, "shop.yaml", validWith("name: Shop\n", ""));

        assertProblem(file, "name", "must not be blank");
    }

    @Test
    void missingEnumFieldSaysWhichValuesAreAccepted() {
        Path file = write(dir, "shop.yaml", validWith("    organization-type: shipping-name\n", ""));

        assertProblem(file, "channel-accounts[0].organization-type", "must be set (one of: shipping-name, channel-name)");
    }

    @Test
    void warehouseThatIsNotAFulfilmentCentre() {
        Path file = write(dir, "shop.yaml", validWith("warehouses: [MAG, WRO]", "warehouses: [MAG, WH9]"));

        assertProblem(file, "channel-accounts[1].warehouses[1]", "warehouse 'WH9' is not a fulfilment centre of this client");
    }

    @Test
    void inventoryStatusTheClientDoesNotDeclare() {
        Path file = write(dir, "shop.yaml", validWith("inventory-statuses: [available]\n    webhook-secret",
                "inventory-statuses: [available, incoming]\n    webhook-secret"));

        assertProblem(file, "channel-accounts[0].inventory-statuses[1]",
                "inventory status 'incoming' is not in this client's inventory-statuses");
    }

    @Test
    void duplicateAccountIds() {
        Path file = write(dir, "shop.yaml", validWith("- id: allegro", "- id: woo"));

        assertProblem(file, "channel-accounts[1].id", "account id 'woo' is already used by channel-accounts[0]");
    }

    @Test
    void duplicateWarehouseCodes() {
        Path file = write(dir, "shop.yaml", validWith("- warehouse: WRO", "- warehouse: MAG"));

        assertProblem(file, "fulfilment-centres[1].warehouse", "warehouse 'MAG' is listed twice");
    }

    @Test
    void idMustMatchTheFileName() {
        Path file = write(dir, "other-shop.yaml", ClientFiles.VALID);

        assertProblem(file, "id", "'shop' must equal the file name without extension ('other-shop')");
    }

    @Test
    void idMustBeALowerCaseCode() {
        Path file = write(dir, "Shop.yaml", validWith("id: shop", "id: Shop"));

        assertProblem(file, "id", "must be a lower-case code");
    }

    @Test
    void invalidUrl() {
        Path file = write(dir, "shop.yaml", validWith("base-url: https://api.baselinker.com/connector.php",
                "base-url: ftp://api.baselinker.com"));

        assertProblem(file, "channel-accounts[1].base-url", "must be an http:// or https:// URL with a host");
    }

    @Test
    void readsAnAccountsSettingsAndReportsKeysItsTypeDoesNotRead() {
        ClientConfig shop = loader.load(write(dir, "shop.yaml", validWith("import-orders: false",
                "import-orders: false\n    settings:\n      inventory-id: \"3001\"\n      warehouse: bl_2")));
        assertThat(shop.account("allegro").orElseThrow().setting("inventory-id")).contains("3001");
        assertThat(shop.account("allegro").orElseThrow().setting("warehouse")).contains("bl_2");
        assertThat(shop.account("woo").orElseThrow().settings()).isEmpty();

        assertProblem(write(dir, "shop.yaml", validWith("import-orders: false",
                        "import-orders: false\n    settings:\n      inventory_id: \"3001\"")),
                "channel-accounts[1].settings.inventory_id", "unknown setting (a baselinker account reads: inventory-id,");
        assertProblem(write(dir, "shop.yaml", validWith("webhook-secret: hook-s3cret",
                        "webhook-secret: hook-s3cret\n    settings:\n      warehouse: bl_1")),
                "channel-accounts[0].settings.warehouse", "unknown setting: a woocommerce account has no settings");
    }

    /** A Walmart account's shipping weight goes into its item-match feeds (docs/decisions/0047): pounds, thousandths at most. */
    @Test
    void aWalmartAccountsShippingWeightIsAWeightInPounds() {
        String walmart = "type: walmart\n    base-url: https://marketplace.walmartapis.com\n    credentials:\n"
                + "      client-id: wm-client\n      client-secret: wm-s3cret\n    settings:\n      shipping-weight: ";
        String bl = "type: baselinker\n    base-url: https://api.baselinker.com/connector.php\n    credentials:\n"
                + "      token: bl-token-s3cret";
        ClientConfig shop = loader.load(write(dir, "shop.yaml", validWith(bl, walmart + "\"1.25\"")));
        assertThat(shop.account("allegro").orElseThrow().setting("shipping-weight")).contains("1.25");

        assertProblem(write(dir, "shop.yaml", validWith(bl, walmart + "\"1.2 lb\"")),
                "channel-accounts[1].settings.shipping-weight", "must be a weight in pounds");
        assertProblem(write(dir, "shop.yaml", validWith(bl, walmart + "\"0.0001\"")),
                "channel-accounts[1].settings.shipping-weight", "must be a weight in pounds");
    }

    @Test
    void aSettingWrittenUnderCredentialsIsReported() {
        Path file = write(dir, "shop.yaml", validWith("token: bl-token-s3cret", "token: bl-token-s3cret\n      warehouse: bl_1"));

        assertProblem(file, "channel-accounts[1].credentials.warehouse", "is a setting, not a credential: move it under settings");
    }

    @Test
    void outOfRangeNumber() {
        Path file = write(dir, "shop.yaml", validWith("import-orders: false", "import-orders: false\n    calls-per-minute: 20000"));

        assertProblem(file, "channel-accounts[1].calls-per-minute", "must be less than or equal to 10000");
    }

    @Test
    void missingCredentialForTheChannelType() {
        Path file = write(dir, "shop.yaml", validWith("      consumer-secret: cs_s3cret\n", ""));

        assertProblem(file, "channel-accounts[0].credentials", "missing 'consumer-secret'");
    }

    @Test
    void statusMapIsRequiredWhenOrdersAreImported() {
        Path file = write(dir, "shop.yaml", validWith("import-orders: false", "import-orders: true"));

        assertProblem(file, "channel-accounts[1].status-map", "must not be empty when import-orders is true");
    }

    @Test
    void wrongShape() {
        Path file = write(dir, "shop.yaml", validWith("warehouses: [MAG]", "warehouses: MAG"));

        assertProblem(file, "channel-accounts[0].warehouses", "must be a list, not a text value");
    }

    @Test
    void fractionWhereAWholeNumberBelongs() {
        Path file = write(dir, "shop.yaml", validWith("priority: 2", "priority: 1.5"));

        assertProblem(file, "fulfilment-centres[1].priority", "must be a whole number (was 1.5)");
    }

    @Test
    void malformedYamlGivesLineAndColumn() {
        Path file = write(dir, "shop.yaml", validWith("  jdbc-user: erp\n", "  jdbc-user: erp\n   broken: indentation\n"));

        ClientConfigException e = loadFails(file);

        assertThat(e.problems()).hasSize(1);
        assertThat(e.getMessage()).contains(file.toString()).contains("malformed YAML at line 7, column");
    }

    @Test
    void keyWrittenTwiceIsAnError() {
        Path file = write(dir, "shop.yaml", validWith("name: Shop", "name: Shop\nname: Shop again"));

        ClientConfigException e = loadFails(file);

        assertThat(e.getMessage()).contains(file.toString()).contains("line 3").contains("key 'name' appears twice");
    }

    @Test
    void emptyFile() {
        Path file = write(dir, "shop.yaml", "# nothing yet\n");

        assertThat(loadFails(file).getMessage()).contains(file + ": is empty");
    }

    @Test
    void unresolvedPlaceholderNamesTheVariable() {
        Path file = write(dir, "shop.yaml", validWith("token: bl-token-s3cret", "token: ${SHOP_BASELINKER_TOKEN}"));

        assertProblem(file, "channel-accounts[1].credentials.token",
                "variable 'SHOP_BASELINKER_TOKEN' is not set and ${SHOP_BASELINKER_TOKEN} has no default");
    }

    @Test
    void placeholderWithDefaultAndInsideText() {
        Path file = write(dir, "shop.yaml", validWith("gateway-url: http://localhost/gateway",
                "gateway-url: http://${GW_HOST:localhost}:${GW_PORT}/gateway"));

        SourceConfig source = new ClientConfigLoader(Map.of("GW_PORT", "9090")::get).load(file).source();

        assertThat(source.gatewayUrl()).isEqualTo("http://localhost:9090/gateway");
    }

    @Test
    void aDefaultMayHoldAPlaceholderSoTheDemoClientFollowsKanalsPort() {
        ClientConfig onAnotherPort = new ClientConfigLoader(Map.of("server.port", "8081")::get).load(ClientFiles.ACME);
        ClientConfig onTheDefaultPort = loader.load(ClientFiles.ACME);
        ClientConfig withAVariable = new ClientConfigLoader(Map.of("server.port", "8081",
                "ACME_BACKMARKET_URL", "https://www.backmarket.fr", "ACME_WOO_CONSUMER_SECRET", "cs_${not-scanned}")::get)
                .load(ClientFiles.ACME);

        assertThat(onAnotherPort.source().gatewayUrl()).isEqualTo("http://127.0.0.1:8081/sandbox/subiekt");
        assertThat(onAnotherPort.account("backmarket-fr").orElseThrow().baseUrl()).isEqualTo("http://127.0.0.1:8081/sandbox/backmarket");
        assertThat(onAnotherPort.account("walmart-us").orElseThrow().baseUrl()).isEqualTo("http://127.0.0.1:8081/sandbox/walmart");
        assertThat(onAnotherPort.account("woo-main").orElseThrow().baseUrl())
                .isEqualTo("http://127.0.0.1:8081/sandbox/woocommerce/wp-json/wc/v3");
        assertThat(onTheDefaultPort.source().gatewayUrl()).isEqualTo("http://127.0.0.1:8080/sandbox/subiekt");
        assertThat(withAVariable.account("backmarket-fr").orElseThrow().baseUrl()).isEqualTo("https://www.backmarket.fr");
        assertThat(withAVariable.account("woo-main").orElseThrow().credential("consumer-secret")).isEqualTo("cs_${not-scanned}");
    }

    @Test
    void anUnsetPlaceholderInsideADefaultIsNamed() {
        Path file = write(dir, "shop.yaml", validWith("gateway-url: http://localhost/gateway",
                "gateway-url: ${GW_URL:http://localhost:${GW_PORT}/gateway}"));

        assertThatThrownBy(() -> loader.load(file)).hasMessageContaining("GW_PORT");
    }

    @Test
    void placeholderForANumber() {
        Path file = write(dir, "shop.yaml", validWith("import-orders: false", "import-orders: false\n    buffer: ${SHOP_BUFFER:3}"));

        assertThat(loader.load(file).account("allegro").orElseThrow().buffer()).isEqualTo(3);
    }

    // --- all problems at once ----------------------------------------------------------------

    @Test
    void reportsEveryProblemOfAFileTogether() {
        Path file = write(dir, "shop.yaml", validWith("mapping-mode: variation", "mappng-mode: variation")
                .replace("name: Shop\n", "")
                .replace("warehouses: [MAG, WRO]", "warehouses: [MAG, WH9]")
                .replace("- id: allegro", "- id: woo")
                .replace("priority: 2", "priority: 0"));

        ClientConfigException e = loadFails(file);

        assertThat(e.problems()).extracting(ClientConfigException.Problem::describe).containsExactly(
                "name: must not be blank",
                "fulfilment-centres[1].priority: must be greater than or equal to 1",
                "channel-accounts[1].mapping-mode: must be set (one of: sku, variation)",
                "channel-accounts[1].id: account id 'woo' is already used by channel-accounts[0]; account ids must be unique within a client",
                "channel-accounts[1].mappng-mode: unknown field 'mappng-mode' (did you mean 'mapping-mode'?)",
                "channel-accounts[1].warehouses[1]: warehouse 'WH9' is not a fulfilment centre of this client (declared: MAG, WRO)");
        assertThat(e.getMessage().lines()).hasSize(7) // summary + one line each, every line naming the file
                .first().asString().startsWith("6 problems in client configuration");
        assertThat(e.getMessage().lines().skip(1)).allSatisfy(line -> assertThat(line).startsWith("  " + file + ": "));
    }

    // --- secrets -----------------------------------------------------------------------------

    @Test
    void toStringMasksSecrets() {
        ClientConfig shop = loader.load(write(dir, "shop.yaml", ClientFiles.VALID));

        String text = shop.toString();

        assertThat(text).contains("consumer-key=****", "jdbcPassword=****", "apiKey=****", "webhookSecret=****")
                .contains("jdbcUser=erp"); // not everything is masked: only secrets
        for (String secret : ClientFiles.SECRETS) {
            assertThat(text).doesNotContain(secret);
        }
    }

    @Test
    void messagesNeverShowSecrets() {
        // a broken line holding a secret, a secret where a mapping belongs, and an otherwise broken file
        Path malformed = write(dir, "shop.yaml", validWith("jdbc-password: erp-password-s3cret",
                "jdbc-password: \"erp-password-s3cret"));
        Path misplaced = write(dir, "other.yaml", validWith("id: shop", "id: other")
                .replace("credentials:\n      token: bl-token-s3cret", "credentials: bl-token-s3cret")
                .replace("base-url: https://shop.example/wp-json/wc/v3", "base-url: https://user:hook-s3cret@")
                .replace("type: subiekt", "type: erp"));

        String messages = loadFails(malformed).getMessage() + "\n" + loadFails(misplaced).getMessage();

        assertThat(messages).contains("malformed YAML", "channel-accounts[1].credentials", "channel-accounts[0].base-url");
        for (String secret : ClientFiles.SECRETS) {
            assertThat(messages).doesNotContain(secret);
        }
    }

    // --- a folder ----------------------------------------------------------------------------

    @Test
    void loadsEveryFileOfAFolderInNameOrder() {
        write(dir, "shop.yaml", ClientFiles.VALID);
        write(dir, "another.yml", validWith("id: shop", "id: another"));
        write(dir, "README.md", "not a client");
        write(dir, ".hidden.yaml", "not: a client");

        List<ClientConfig> clients = loader.loadAll(dir);

        assertThat(clients).extracting(ClientConfig::id).containsExactly("another", "shop");
    }

    @Test
    void reportsProblemsOfSeveralFilesTogether() {
        Path one = write(dir, "one.yaml", validWith("id: shop", "id: one").replace("mapping-mode: variation", "mapping-mode: x"));
        Path two = write(dir, "two.yaml", validWith("id: shop", "id: two").replace("name: Shop\n", ""));
        write(dir, "shop.yaml", ClientFiles.VALID);

        assertThatThrownBy(() -> loader.loadAll(dir))
                .isInstanceOf(ClientConfigException.class)
                .hasMessageStartingWith("2 problems in client configuration (2 files):")
                .hasMessageContaining(one + ": channel-accounts[1].mapping-mode: must be one of: sku, variation")
                .hasMessageContaining(two + ": name: must not be blank");
    }

    @Test
    void clientIdsAreUniqueAcrossFiles() {
        write(dir, "shop.yaml", ClientFiles.VALID);
        Path second = write(dir, "shop.yml", ClientFiles.VALID);

        assertThatThrownBy(() -> loader.loadAll(dir))
                .isInstanceOf(ClientConfigException.class)
                .hasMessageContaining(second + ": id: client id 'shop' is already used by shop.yaml");
    }

    @Test
    void anEmptyFolderHasNoClients() {
        assertThat(loader.loadAll(dir)).isEmpty();
    }

    // -----------------------------------------------------------------------------------------

    private ClientConfigException loadFails(Path file) {
        try {
            loader.load(file);
        } catch (ClientConfigException e) {
            return e;
        }
        throw new AssertionError(file + " was expected to be invalid");
    }

    /** The file fails with a problem at exactly this path, and the message line names file, path and reason. */
    private void assertProblem(Path file, String path, String reason) {
        ClientConfigException e = loadFails(file);
        assertThat(e.problems())
                .as("problems of %s", file)
                .anySatisfy(problem -> {
                    assertThat(problem.path()).isEqualTo(path);
                    assertThat(problem.message()).contains(reason);
                });
        assertThat(e.getMessage()).contains(file + ": " + path + ": " + reason);
    }
}
