package dev.kanal.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.client.config.ChannelAccountConfig;
import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.client.config.SourceType;
import dev.kanal.connector.subiekt.SourceDataSources;
import dev.kanal.connector.subiekt.SubiektStockReader;
import dev.kanal.sandbox.subiekt.SubiektSandboxDatabase;
import dev.kanal.sandbox.subiekt.SubiektSandboxDatabase.StockRow;
import dev.kanal.stock.AccountRef;
import dev.kanal.stock.ListingImporter;
import dev.kanal.stock.StockCalculation;
import dev.kanal.stock.StockNudges;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The demo: when the sandboxes are on and a Subiekt-style client's sandbox ERP is empty, fill
 * it with a small phone catalogue, give the client's Back Market and WooCommerce sandbox
 * accounts listings of those SKUs (through the sandboxes' control APIs, as a person would), and
 * import them, so stock is seen flowing from the first minute. Off with KANAL_DEMO_SEED=false.
 */
@Component
@ConditionalOnProperty(name = {"kanal.sandbox.enabled", "kanal.demo.seed"}, havingValue = "true", matchIfMissing = false)
class DemoSeed {

    private static final Logger log = LoggerFactory.getLogger(DemoSeed.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> MODELS = List.of("IP8P-64-RG", "IP8P-64-SG", "IP11-128-BK", "IP11-128-WH",
            "IP12-64-BL", "IP12-128-BK", "IP13-128-MN", "IPSE2-64-RD", "GS21-128-GR", "PX6-128-BK");

    private final ClientRegistry clients;
    private final SourceDataSources sources;
    private final ListingImporter importer;
    private final StockCalculation calculation;
    private final StockNudges nudges;
    private final HttpClient http = HttpClient.newHttpClient();

    DemoSeed(ClientRegistry clients, SourceDataSources sources, ListingImporter importer, StockCalculation calculation,
             StockNudges nudges) {
        this.clients = clients;
        this.sources = sources;
        this.importer = importer;
        this.calculation = calculation;
        this.nudges = nudges;
    }

    /**
     * Seeds on its own thread: seeding waits for the first source poll, and a listener that blocks
     * would hold readiness (and so {@code /actuator/health}) back until it returns.
     */
    @EventListener(ApplicationReadyEvent.class)
    void seedInBackground() {
        Thread seeding = new Thread(this::seed, "kanal-demo-seed");
        seeding.setDaemon(true);
        seeding.start();
    }

    void seed() {
        for (ClientConfig client : clients.all()) {
            if (client.source().type() != SourceType.SUBIEKT) {
                continue;
            }
            try {
                seed(client);
            } catch (Exception e) {
                log.warn("Demo data for {} not seeded: {}", client.id(), e.toString());
            }
        }
    }

    private void seed(ClientConfig client) throws Exception {
        var erp = sources.of(client.id(), client.source());
        if (!new SubiektStockReader().readStock(erp).isEmpty()) {
            return; // not empty: someone's data, never touched
        }
        List<StockRow> stock = new ArrayList<>();
        for (int i = 0; i < MODELS.size(); i++) {
            stock.add(new StockRow(MODELS.get(i), MODELS.get(i), "MAG", 3 + i, 0, false));
            stock.add(new StockRow(MODELS.get(i), MODELS.get(i), "WRO", i % 3, 0, false));
        }
        new SubiektSandboxDatabase().setStock(erp, stock);
        Thread.sleep(client.source().pollInterval().toMillis() + 2000); // let the poller learn the SKUs
        for (ChannelAccountConfig account : client.channelAccounts()) {
            boolean seeded = switch (account.type()) {
                case BACKMARKET -> seedBackMarket(account);
                case WOOCOMMERCE -> seedWooCommerce(account);
                default -> false;
            };
            if (seeded) {
                AccountRef ref = new AccountRef(client.id(), account.id());
                ListingImporter.ImportSummary summary = importer.importListings(ref);
                nudges.nudge(calculation.recalculateAccount(ref));
                log.info("Demo: {} listings on {}/{} ({} mapped)", summary.listings(), client.id(), account.id(),
                        summary.listings() - summary.unmapped());
            }
        }
        log.info("""

                  Kanal demo ready for client {}: its sandbox ERP has {} products; channels follow its stock.
                  Change stock in the ERP and watch the channels follow (within a few seconds):
                    curl -X PUT -H 'Content-Type: application/json' \\
                      -d '[{{"symbol":"IP8P-64-RG","warehouse":"MAG","onHand":1,"reserved":0}}]' \\
                      http://localhost:8080/sandbox/subiekt/{}/_control/stock
                """, client.id(), MODELS.size(), client.id());
    }

    private boolean seedBackMarket(ChannelAccountConfig account) throws Exception {
        List<Map<String, Object>> listings = new ArrayList<>();
        MODELS.forEach(sku -> listings.add(Map.of("sku", sku, "title", "Refurbished " + sku, "quantity", 0, "price", "199.00")));
        return post(URI.create(account.baseUrl() + "/_control/listings"), listings,
                Map.of("Authorization", "Basic " + account.credentials().get("token")));
    }

    private boolean seedWooCommerce(ChannelAccountConfig account) throws Exception {
        String shopRoot = account.baseUrl().replaceFirst("/wp-json/wc/v3/?$", "");
        String key = account.credentials().get("consumer-key");
        post(URI.create(shopRoot + "/_control/shops"), Map.of("consumer_key", key,
                "consumer_secret", account.credentials().get("consumer-secret"), "currency", "PLN"), Map.of());
        List<Map<String, Object>> products = new ArrayList<>();
        MODELS.forEach(sku -> products.add(Map.of("name", "Refurbished " + sku, "sku", sku, "regular_price", "899.00",
                "manage_stock", true, "stock_quantity", 0)));
        return post(URI.create(shopRoot + "/_control/shops/" + key + "/products"), products, Map.of());
    }

    private boolean post(URI uri, Object body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        headers.forEach(request::header);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            log.warn("Demo seeding {} answered {}: {}", uri, response.statusCode(), response.body());
            return false;
        }
        return true;
    }
}
