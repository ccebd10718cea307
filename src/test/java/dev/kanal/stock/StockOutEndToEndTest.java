package dev.kanal.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.kanal.KanalIntegrationTest;
import dev.kanal.inventory.StockChangePublisher;
import dev.kanal.inventory.StockChanged;
import dev.kanal.sandbox.backmarket.BackMarketSandboxControl;
import dev.kanal.sandbox.woocommerce.WooSandboxControl;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Flow 1 end to end on real PostgreSQL, the embedded broker and the sandboxes over HTTP:
 * stock changes in the sandbox ERP, Kanal polls it, calculates and pushes, and Back Market and
 * WooCommerce show the right quantities.
 */
class StockOutEndToEndTest extends KanalIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired JdbcTemplate jdbc;
    @Autowired StockChangePublisher publisher;
    @Autowired dev.kanal.client.config.ClientRegistry registry;
    @Autowired dev.kanal.client.ClientCatalogSync catalogSync;
    @Autowired javax.sql.DataSource dataSource;
    @Autowired org.springframework.transaction.support.TransactionTemplate transactions;
    @Autowired ChannelAccounts channelAccounts;

    BackMarketSandboxControl backMarket;
    BackMarketSandboxControl backMarketSlow;
    WooSandboxControl woo;
    String prefix;

    @BeforeEach
    void sandboxes() {
        URI bm = URI.create(baseUrl() + "/sandbox/backmarket");
        backMarket = new BackMarketSandboxControl(bm, BM_TOKEN);
        backMarketSlow = new BackMarketSandboxControl(bm, BM_SLOW_TOKEN);
        woo = WooSandboxControl.shop(PORT, WOO_KEY, WOO_SECRET);
        prefix = "P" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
    }

    @Test
    void anErpStockChangeReachesBothChannels() throws Exception {
        String sku = prefix + "-IP8";
        erpStock(sku, "MAG", 5, 0);
        erpStock(sku, "WRO", 3, 1);
        awaitSkuKnown(sku);
        String bmListing = backMarket.seed(1, (i, l) -> l.put("sku", sku).put("quantity", 0)).get(0).path("id").asText();
        long wooProduct = seedWoo(sku, 0);
        importListings("bm");
        importListings("woo");

        // bm counts MAG and WRO (5 + 3 - 1 reserved in the ERP); woo counts MAG only
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(backMarket.listing(bmListing).path("quantity").asInt()).isEqualTo(7);
            assertThat(woo.product(wooProduct).path("stock_quantity").asInt()).isEqualTo(5);
        });

        erpStock(sku, "MAG", 2, 0);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(backMarket.listing(bmListing).path("quantity").asInt()).isEqualTo(4);
            assertThat(woo.product(wooProduct).path("stock_quantity").asInt()).isEqualTo(2);
        });

        JsonNode explained = admin("GET", "/listings/" + listingId("woo", String.valueOf(wooProduct)) + "/quantity", null);
        assertThat(explained.path("quantity").asInt()).isEqualTo(2);
        assertThat(explained.path("calculation").path("units").toString()).contains("\"warehouse\":\"WRO\"", "\"counted\":false");
    }

    @Test
    void unmappedListingsAreListedAndNeverPushed() throws Exception {
        String sku = prefix + "-MAPPED";
        erpStock(sku, "MAG", 4, 0);
        awaitSkuKnown(sku);
        List<JsonNode> seeded = backMarket.seed(2, (i, l) -> l.put("sku", i == 1 ? sku : prefix + "-NOT-IN-ERP").put("quantity", 9));
        importListings("bm");

        await().atMost(Duration.ofSeconds(20)).until(() -> backMarket.listing(seeded.get(0).path("id").asText()).path("quantity").asInt() == 4);
        JsonNode unmapped = admin("GET", "/listings?unmapped=true", null);
        assertThat(unmapped.toString()).contains(prefix + "-NOT-IN-ERP").doesNotContain("\"" + sku + "\"");
        Thread.sleep(1500); // a poll and a sweep later, still untouched
        assertThat(backMarket.listing(seeded.get(1).path("id").asText()).path("quantity").asInt()).isEqualTo(9);
    }

    @Test
    void anImportKeepsWhatTheChannelShowsInEachListingsPushRow() throws Exception {
        List<JsonNode> seeded = backMarket.seed(2, (i, l) -> l.put("sku", prefix + "-UNSOLD-" + i).put("quantity", 9));
        importListings("bm");
        String first = seeded.get(0).path("id").asText();
        assertThat(channelQuantity(first)).isEqualTo(9);

        backMarket.editByHand(first, l -> l.put("quantity", 3));
        importListings("bm");

        assertThat(channelQuantity(first)).as("re-import refreshes what the channel shows").isEqualTo(3);
        assertThat(channelQuantity(seeded.get(1).path("id").asText())).isEqualTo(9);
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM listing l WHERE NOT EXISTS (SELECT 1 FROM listing_push p WHERE p.listing_id = l.id)
                   OR EXISTS (SELECT 1 FROM listing_push p WHERE p.listing_id = l.id AND p.channel_account_id <> l.channel_account_id)""",
                Integer.class)).as("listings without their own push row").isZero();
    }

    /**
     * A first import of a large catalogue refreshes the planner's statistics of the listings it
     * stored before it maps them by SKU: planned for the empty table it was, the mapping became a
     * nested loop rescanning listing_mapping once per listing (minutes at 100,000 listings).
     */
    @Test
    void aLargeImportRefreshesListingStatisticsBeforeItMapsBySku() throws Exception {
        int n = dev.kanal.ops.TableStatistics.BULK_ROWS + 50;
        List<String> skus = IntStream.rangeClosed(1, n).mapToObj(i -> prefix + "-I" + i).toList();
        erpStocks(skus, i -> 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM sku k JOIN client c ON c.id = k.client_id WHERE c.code = ? AND k.code LIKE ?",
                Integer.class, CLIENT, prefix + "-I%") == n);
        backMarket.seed(n, (i, l) -> l.put("sku", skus.get(i - 1)).put("quantity", 1));
        List<String> refreshed = new java.util.ArrayList<>();
        dev.kanal.ops.TableStatistics recording = new dev.kanal.ops.TableStatistics(dataSource) {
            @Override
            public void afterBulkWrite(int rows, String... tables) {
                int mapped = jdbc.queryForObject("""
                        SELECT count(*) FROM listing_mapping m JOIN listing l ON l.id = m.listing_id
                         WHERE l.channel_sku LIKE ?""", Integer.class, prefix + "-I%");
                for (String table : tables) {
                    refreshed.add(table + (mapped == 0 ? " before mapping" : " after mapping"));
                }
                super.afterBulkWrite(rows, tables);
            }
        };

        ListingImporter.ImportSummary summary = new ListingImporter(jdbc, transactions, channelAccounts, recording)
                .importListings(new AccountRef(CLIENT, "bm"));

        assertThat(summary.created()).isGreaterThanOrEqualTo(n);
        assertThat(summary.mappedNow()).isGreaterThanOrEqualTo(n);
        assertThat(refreshed).containsSubsequence("listing before mapping", "listing_mapping after mapping");
    }

    /**
     * What the channel shows follows what it confirmed: a quantity Back Market accepted becomes
     * the listing's channel quantity (in the admin listings view too), one it refused does not.
     */
    @Test
    void aConfirmedPushBecomesWhatTheChannelShowsARefusedOneDoesNot() throws Exception {
        String sku = prefix + "-CONFIRMED";
        erpStock(sku, "MAG", 3, 0);
        awaitSkuKnown(sku);
        String bmListing = backMarket.seed(1, (i, l) -> l.put("sku", sku).put("quantity", 0)).get(0).path("id").asText();
        importListings("bm");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(backMarket.listing(bmListing).path("quantity").asInt()).isEqualTo(3);
            assertThat(channelQuantity(bmListing)).as("the import said 0; the confirmed push says 3").isEqualTo(3);
        });
        JsonNode shown = listingsView(bmListing);
        assertThat(shown.path("channel_quantity").asInt()).isEqualTo(3);
        assertThat(shown.path("last_confirmed_at").isNull()).isFalse();

        // the listing is gone from Back Market since the import: the next push is refused (404)
        long listing = listingId("bm", bmListing);
        jdbc.update("UPDATE listing SET channel_listing_id = ? WHERE id = ?", UUID.randomUUID().toString(), listing);
        erpStock(sku, "MAG", 6, 0);
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "SELECT rejected_quantity FROM listing_push WHERE listing_id = ?", Integer.class, listing) != null);

        Map<String, Object> push = jdbc.queryForMap(
                "SELECT rejected_quantity, channel_quantity, last_sent_quantity FROM listing_push WHERE listing_id = ?", listing);
        assertThat(push).containsEntry("rejected_quantity", 6).containsEntry("last_sent_quantity", 3)
                .as("a refused quantity is not what the channel shows").containsEntry("channel_quantity", 3);
    }

    /** The listing's row in the admin listings view. */
    private JsonNode listingsView(String bmListing) throws Exception {
        for (JsonNode row : admin("GET", "/listings", null)) {
            if (row.path("account").asText().equals("bm") && row.path("channel_listing_id").asText().equals(bmListing)) {
                return row;
            }
        }
        throw new AssertionError("listing " + bmListing + " is not in GET /admin/clients/" + CLIENT + "/listings");
    }

    private Integer channelQuantity(String bmListing) {
        return jdbc.queryForObject("SELECT p.channel_quantity FROM listing_push p WHERE p.listing_id = ?", Integer.class,
                listingId("bm", bmListing));
    }

    @Test
    void fiftyChangesInABurstEndAtTheLastValueWithFarFewerCalls() throws Exception {
        String sku = prefix + "-BURST";
        erpStock(sku, "MAG", 1, 0);
        awaitSkuKnown(sku);
        String bmListing = backMarket.seed(1, (i, l) -> l.put("sku", sku).put("quantity", 0)).get(0).path("id").asText();
        importListings("bm");
        await().atMost(Duration.ofSeconds(20)).until(() -> backMarket.listing(bmListing).path("quantity").asInt() == 1);
        long updatesBefore = backMarket.stats().path("listingUpdates").asLong();

        long skuId = jdbc.queryForObject("SELECT k.id FROM sku k JOIN client c ON c.id = k.client_id WHERE c.code = ? AND k.code = ?",
                Long.class, CLIENT, sku);
        for (int quantity = 2; quantity <= 51; quantity++) {
            jdbc.update("UPDATE stock_level SET quantity = ? WHERE sku_id = ?", quantity, skuId);
            publisher.publish(new StockChanged(CLIENT, sku, "test-burst"));
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> backMarket.listing(bmListing).path("quantity").asInt() == 51);
        Thread.sleep(1000);
        long calls = backMarket.stats().path("listingUpdates").asLong() - updatesBefore;
        assertThat(backMarket.listing(bmListing).path("quantity").asInt()).isEqualTo(51);
        assertThat(calls).as("updates for 50 changes of one listing").isLessThan(15);
    }

    /**
     * 300 listings change at once: the writer hands the drain to the connector in one batch and
     * Back Market gets CSV tasks, not 300 single-listing calls, and ends at the right quantities.
     */
    @Test
    void aLargeBurstToBackMarketGoesAsCsvTasksWithFarFewerCalls() throws Exception {
        int n = 300;
        List<String> skus = IntStream.rangeClosed(1, n).mapToObj(i -> prefix + "-T" + i).toList();
        erpStocks(skus, i -> 5);
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM sku k JOIN client c ON c.id = k.client_id WHERE c.code = ? AND k.code LIKE ?",
                Integer.class, CLIENT, prefix + "-T%") == n);
        List<JsonNode> seeded = backMarket.seed(n, (i, l) -> l.put("sku", skus.get(i - 1)).put("quantity", 5)); // in step
        importListings("bm");
        await().atMost(Duration.ofSeconds(20)).until(() -> pendingOnBackMarket(prefix + "-T%") == 0);
        JsonNode before = backMarket.stats();

        erpStocks(skus, i -> 10 + i);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, Integer> shown = new java.util.HashMap<>();
            backMarket.listings().forEach(l -> shown.put(l.path("sku").asText(), l.path("quantity").asInt()));
            for (int i = 1; i <= n; i++) {
                assertThat(shown.get(skus.get(i - 1))).as(skus.get(i - 1)).isEqualTo(10 + i);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> pendingOnBackMarket(prefix + "-T%") == 0);
        JsonNode after = backMarket.stats();
        long tasks = after.path("tasks").asLong() - before.path("tasks").asLong();
        long taskLines = after.path("taskLines").asLong() - before.path("taskLines").asLong();
        long singleCalls = after.path("calls").path("POST /ws/listings/{listingId}").asLong()
                - before.path("calls").path("POST /ws/listings/{listingId}").asLong();
        long calls = after.path("totalCalls").asLong() - before.path("totalCalls").asLong();
        assertThat(tasks).as("CSV tasks").isBetween(1L, 6L);
        assertThat(taskLines + singleCalls).as("every change sent once, by task line or single call").isGreaterThanOrEqualTo(n);
        assertThat(calls).as("API calls for " + n + " changed listings, tasks and their polls included").isLessThan(n / 4);
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM listing l JOIN listing_push p ON p.listing_id = l.id
                  JOIN channel_account a ON a.id = l.channel_account_id JOIN client c ON c.id = a.client_id
                 WHERE c.code = ? AND a.code = 'bm' AND l.channel_sku LIKE ? AND p.last_sent_quantity = p.target_quantity""",
                Integer.class, CLIENT, prefix + "-T%")).as("recorded as sent").isEqualTo(n);
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM listing l JOIN listing_push p ON p.listing_id = l.id
                  JOIN channel_account a ON a.id = l.channel_account_id JOIN client c ON c.id = a.client_id
                 WHERE c.code = ? AND a.code = 'bm' AND l.channel_sku LIKE ? AND p.last_confirmed_at > p.last_sent_at""",
                Integer.class, CLIENT, prefix + "-T%")).as("sent with a task's POST, confirmed once Back Market processed it").isEqualTo(n);
        assertThat(seeded).hasSize(n);
    }

    @Test
    void aRateLimitStormDelaysButLosesNothingAndNeverExceedsTheBudget() throws Exception {
        List<String> skus = List.of(prefix + "-R1", prefix + "-R2", prefix + "-R3");
        for (String sku : skus) {
            erpStock(sku, "MAG", 3, 0);
        }
        skus.forEach(this::awaitSkuKnown);
        backMarketSlow.reset();
        List<JsonNode> listings = backMarketSlow.seed(3, (i, l) -> l.put("sku", skus.get(i - 1)).put("quantity", 0));
        backMarketSlow.fault(429, 4, 1, 0);

        importListingsUntilAccepted("bm-slow");
        for (int i = 0; i < 3; i++) {
            erpStock(skus.get(i), "MAG", 10 + i, 0);
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (int i = 0; i < 3; i++) {
                assertThat(backMarketSlow.listing(listings.get(i).path("id").asText()).path("quantity").asInt()).isEqualTo(10 + i);
            }
        });
        JsonNode stats = backMarketSlow.stats();
        assertThat(stats.path("tooManyRequests").asInt()).isEqualTo(4);
        assertThat(stats.path("maxCallsPer60s").asInt()).as("calls in any minute, budget 20").isLessThanOrEqualTo(20);
    }

    @Test
    void aQuantityChangedByHandOnTheChannelIsFoundAndCorrected() throws Exception {
        String sku = prefix + "-HAND";
        erpStock(sku, "MAG", 6, 0);
        awaitSkuKnown(sku);
        long wooProduct = seedWoo(sku, 0);
        importListings("woo");
        await().atMost(Duration.ofSeconds(20)).until(() -> woo.product(wooProduct).path("stock_quantity").asInt() == 6);

        woo.setProductStock(wooProduct, 40); // a shop manager in wp-admin
        JsonNode report = admin("POST", "/accounts/woo/reconcile", null);

        assertThat(report.path("drift").toString()).contains("\"channelListingId\":\"" + wooProduct + "\"",
                "\"channelQuantity\":40", "\"kanalQuantity\":6");
        await().atMost(Duration.ofSeconds(20)).until(() -> woo.product(wooProduct).path("stock_quantity").asInt() == 6);
    }

    @Test
    void changedAccountSettingsChangeWhatIsPushed() throws Exception {
        String sku = prefix + "-SET";
        erpStock(sku, "MAG", 6, 0);
        erpStock(sku, "WRO", 4, 0);
        awaitSkuKnown(sku);
        String bmListing = backMarket.seed(1, (i, l) -> l.put("sku", sku).put("quantity", 0)).get(0).path("id").asText();
        importListings("bm");
        await().atMost(Duration.ofSeconds(20)).until(() -> backMarket.listing(bmListing).path("quantity").asInt() == 10);

        // the client file now says: bm sells MAG only, keeps 1 back, shows at most 4
        var edited = registry.require(CLIENT);
        var bm = edited.account("bm").orElseThrow();
        var narrowed = new dev.kanal.client.config.ChannelAccountConfig(bm.id(), bm.type(), bm.baseUrl(), bm.credentials(),
                bm.settings(), bm.mappingMode(), bm.organizationType(), bm.statusMap(), List.of("MAG"), bm.inventoryStatuses(), 1, 4,
                bm.importOrders(), bm.callsPerMinute(), bm.splitAllocation(), bm.refuseOversold(), bm.erpPush(), bm.webhookSecret(), bm.trustBundle(), bm.mode());
        try {
            catalogSync.sync(withAccount(edited, narrowed));
            admin("POST", "/accounts/bm/recalculate", null);
            await().atMost(Duration.ofSeconds(20)).until(() -> backMarket.listing(bmListing).path("quantity").asInt() == 4);

            catalogSync.sync(withAccount(edited, new dev.kanal.client.config.ChannelAccountConfig(bm.id(), bm.type(), bm.baseUrl(),
                    bm.credentials(), bm.settings(), bm.mappingMode(), bm.organizationType(), bm.statusMap(), List.of("MAG"),
                    bm.inventoryStatuses(), 2, null, bm.importOrders(), bm.callsPerMinute(), bm.splitAllocation(),
                    bm.refuseOversold(), bm.erpPush(), bm.webhookSecret(), bm.trustBundle(), bm.mode())));
            admin("POST", "/accounts/bm/recalculate", null);
            await().atMost(Duration.ofSeconds(20)).until(() -> backMarket.listing(bmListing).path("quantity").asInt() == 6 - 2);
        } finally {
            catalogSync.sync(edited); // the other tests expect the file's settings
            admin("POST", "/accounts/bm/recalculate", null);
        }
    }

    private static dev.kanal.client.config.ClientConfig withAccount(dev.kanal.client.config.ClientConfig client,
                                                                    dev.kanal.client.config.ChannelAccountConfig account) {
        List<dev.kanal.client.config.ChannelAccountConfig> accounts = client.channelAccounts().stream()
                .map(a -> a.id().equals(account.id()) ? account : a).toList();
        return new dev.kanal.client.config.ClientConfig(client.id(), client.name(), client.skuUnique(), client.source(), accounts,
                client.fulfilmentCentres(), client.inventoryStatuses(), client.returns());
    }

    // ------------------------------------------------------------------ helpers

    private void erpStock(String sku, String warehouse, int onHand, int reserved) throws Exception {
        send("PUT", "/sandbox/subiekt/" + CLIENT + "/_control/stock",
                List.of(Map.of("symbol", sku, "name", sku, "warehouse", warehouse, "onHand", onHand, "reserved", reserved,
                        "blocked", false)), false);
    }

    /** Many SKUs in one ERP change, on hand in MAG. */
    private void erpStocks(List<String> skus, java.util.function.IntUnaryOperator onHand) throws Exception {
        List<Map<String, Object>> rows = new java.util.ArrayList<>();
        for (int i = 1; i <= skus.size(); i++) {
            rows.add(Map.of("symbol", skus.get(i - 1), "name", skus.get(i - 1), "warehouse", "MAG",
                    "onHand", onHand.applyAsInt(i), "reserved", 0, "blocked", false));
        }
        send("PUT", "/sandbox/subiekt/" + CLIENT + "/_control/stock", rows, false);
    }

    /** Listings of the bm account with these SKUs whose target is not yet what the channel shows. */
    private int pendingOnBackMarket(String skuPattern) {
        return jdbc.queryForObject("""
                SELECT count(*) FROM listing l JOIN listing_push p ON p.listing_id = l.id
                  JOIN channel_account a ON a.id = l.channel_account_id JOIN client c ON c.id = a.client_id
                 WHERE c.code = ? AND a.code = 'bm' AND l.channel_sku LIKE ? AND (p.target_quantity IS NULL
                    OR p.target_quantity <> COALESCE(p.last_sent_quantity, p.channel_quantity))""",
                Integer.class, CLIENT, skuPattern);
    }

    private void awaitSkuKnown(String sku) {
        await().atMost(Duration.ofSeconds(15)).until(() -> !jdbc.queryForList(
                "SELECT k.id FROM sku k JOIN client c ON c.id = k.client_id WHERE c.code = ? AND k.code = ?", Long.class,
                CLIENT, sku).isEmpty());
    }

    private long seedWoo(String sku, int quantity) {
        ArrayNode products = JSON.createArrayNode();
        products.addObject().put("name", sku).put("sku", sku).put("regular_price", "99.00").put("manage_stock", true)
                .put("stock_quantity", quantity);
        return woo.seed(products).get(0).path("id").asLong();
    }

    private void importListings(String account) throws Exception {
        admin("POST", "/accounts/" + account + "/listings/import?wait=true", null);
    }

    /** The import itself may meet the injected 429s: it is retried as an operator would. */
    private void importListingsUntilAccepted(String account) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(1200)).until(() -> {
            try {
                importListings(account);
                return true;
            } catch (AssertionError e) {
                return false;
            }
        });
    }

    private long listingId(String account, String channelListingId) {
        return jdbc.queryForObject("""
                SELECT l.id FROM listing l JOIN channel_account a ON a.id = l.channel_account_id JOIN client c ON c.id = a.client_id
                 WHERE c.code = ? AND a.code = ? AND l.channel_listing_id = ?""", Long.class, CLIENT, account, channelListingId);
    }

    private JsonNode admin(String method, String path, Object body) throws Exception {
        return send(method, "/admin/clients/" + CLIENT + path, body, true);
    }

    private JsonNode send(String method, String path, Object body, boolean login) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (login) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:test-secret".getBytes()));
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
        return response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
    }
}
