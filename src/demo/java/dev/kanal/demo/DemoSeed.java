package dev.kanal.demo;

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
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;

/**
 * The demo: when a Subiekt-style client's ERP is one of this Kanal's sandboxes and it is empty,
 * fill it with a small phone catalogue, give the client's Back Market, WooCommerce and Walmart
 * sandbox accounts listings of those SKUs (through the sandboxes' control APIs, as a person would), and
 * import them, so stock is seen flowing from the first minute. A client whose ERP gateway, or an
 * account whose base URL, is not a sandbox of this JVM is left alone with an error in the log.
 * Off with KANAL_DEMO_SEED=false.
 */
@ConditionalOnProperty(name = {"kanal.sandbox.enabled", "kanal.demo.seed"}, havingValue = "true", matchIfMissing = false)
public class DemoSeed {

    private static final Logger log = LoggerFactory.getLogger(DemoSeed.class);
    static final List<String> MODELS = List.of("IP8P-64-RG", "IP8P-64-SG", "IP11-128-BK", "IP11-128-WH",
            "IP12-64-BL", "IP12-128-BK", "IP13-128-MN", "IPSE2-64-RD", "GS21-128-GR", "PX6-128-BK");

    /** The demo shop's products: three simple ones and a variable one in two colours, stock managed. */
    static final List<Map<String, Object>> SHOP_PRODUCTS = List.of(
            Map.of("name", "Refurbished iPhone XR 64 GB", "sku", "SH-IPXR-64", "regular_price", "249.00",
                    "manage_stock", true, "stock_quantity", 5),
            Map.of("name", "Refurbished iPhone 12 mini 128 GB", "sku", "SH-IP12M-128", "regular_price", "389.00",
                    "manage_stock", true, "stock_quantity", 3),
            Map.of("name", "Refurbished Galaxy S20 128 GB", "sku", "SH-GS20-128", "regular_price", "279.00",
                    "manage_stock", true, "stock_quantity", 4),
            Map.of("name", "Refurbished iPhone 11 64 GB", "type", "variable",
                    "attributes", List.of(Map.of("name", "Colour", "variation", true, "options", List.of("Black", "White"))),
                    "variations", List.of(
                            Map.of("sku", "SH-IP11-64-BK", "regular_price", "329.00", "manage_stock", true, "stock_quantity", 2,
                                    "attributes", List.of(Map.of("name", "Colour", "option", "Black"))),
                            Map.of("sku", "SH-IP11-64-WH", "regular_price", "329.00", "manage_stock", true, "stock_quantity", 6,
                                    "attributes", List.of(Map.of("name", "Colour", "option", "White"))))));
    static final List<String> SHOP_SKUS = List.of("SH-IPXR-64", "SH-IP12M-128", "SH-GS20-128", "SH-IP11-64-BK", "SH-IP11-64-WH");

    private final ClientRegistry clients;
    private final SourceDataSources sources;
    private final ListingImporter importer;
    private final StockCalculation calculation;
    private final StockNudges nudges;
    /** Per client, the channel accounts whose sandbox listings were made before the first order poll. */
    private final Map<String, Set<String>> channelsSeeded = new ConcurrentHashMap<>();

    public DemoSeed(ClientRegistry clients, SourceDataSources sources, ListingImporter importer, StockCalculation calculation,
             StockNudges nudges) {
        this.clients = clients;
        this.sources = sources;
        this.importer = importer;
        this.calculation = calculation;
        this.nudges = nudges;
    }

    /**
     * The channel sandboxes' accounts (with their listings) are made as soon as the web server
     * listens, before Camel starts the order polls: a poll of an account the sandbox does not know
     * yet is refused (401), which marks the account DOWN and held {@code /actuator/health} DOWN
     * until the seeding below had run, some 8 s after start-up. A few local calls; any failure
     * leaves the accounts to the seeding below.
     */
    @EventListener(WebServerInitializedEvent.class)
    void seedChannelsBeforePolls(WebServerInitializedEvent event) {
        OwnSandbox own = new OwnSandbox(event.getWebServer().getPort());
        SandboxSeeding channels = new SandboxSeeding(own, HttpClient.newHttpClient());
        for (ClientConfig client : clients.all()) {
            if (client.source().type() == SourceType.WOOCOMMERCE) {
                seedShopSource(client, own, channels);
                continue;
            }
            try {
                if (client.source().type() == SourceType.SUBIEKT && own.refusal(client.source().gatewayUrl()) == null
                        && new SubiektStockReader().readStock(sources.of(client.id(), client.source())).isEmpty()) {
                    Set<String> seeded = ConcurrentHashMap.newKeySet();
                    for (ChannelAccountConfig account : client.channelAccounts()) {
                        if (seedChannel(account, channels)) {
                            seeded.add(account.id());
                        }
                    }
                    channelsSeeded.put(client.id(), seeded);
                }
            } catch (Exception e) {
                log.warn("Demo channel listings for {} not made before the first poll: {}", client.id(), e.toString());
            }
        }
    }

    /**
     * Seeds on its own thread: seeding waits for the first source poll, and a listener that blocks
     * would hold readiness (and so {@code /actuator/health}) back until it returns.
     */
    @EventListener(ApplicationReadyEvent.class)
    void seedInBackground(ApplicationReadyEvent event) {
        int port = ((WebServerApplicationContext) event.getApplicationContext()).getWebServer().getPort();
        Thread seeding = new Thread(() -> seed(new OwnSandbox(port)), "kanal-demo-seed");
        seeding.setDaemon(true);
        seeding.start();
    }

    public void seed(OwnSandbox own) {
        SandboxSeeding channels = new SandboxSeeding(own, HttpClient.newHttpClient());
        for (ClientConfig client : clients.all()) {
            if (client.source().type() == SourceType.WOOCOMMERCE && channelsSeeded.containsKey(client.id())) {
                try {
                    importShopListings(client);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    log.warn("Demo listings of {} not imported: {}", client.id(), e.toString());
                }
                continue;
            }
            if (client.source().type() != SourceType.SUBIEKT) {
                continue;
            }
            String refusal = own.refusal(client.source().gatewayUrl());
            if (refusal != null) {
                log.error("Demo data for {} refused: its ERP gateway is not a sandbox of this Kanal ({}); nothing was written or sent",
                        client.id(), refusal);
                continue;
            }
            try {
                seed(client, channels);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                log.warn("Demo data for {} not seeded: {}", client.id(), e.toString());
            }
        }
    }

    private void seed(ClientConfig client, SandboxSeeding channels) throws Exception {
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
        Set<String> early = channelsSeeded.getOrDefault(client.id(), Set.of());
        for (ChannelAccountConfig account : client.channelAccounts()) {
            boolean seeded = early.contains(account.id()) || seedChannel(account, channels);
            if (seeded) {
                AccountRef ref = new AccountRef(client.id(), account.id());
                ListingImporter.ImportSummary summary = importer.importListings(ref);
                nudges.nudge(calculation.recalculateAccount(ref));
                log.info("Demo: {} listings on {}/{} ({} mapped)", summary.listings(), client.id(), account.id(),
                        summary.listings() - summary.unmapped());
            }
        }
        log.info("{}", readyText(client));
    }

    /**
     * A client whose source is a sandbox shop of this JVM: the shop with {@link #SHOP_PRODUCTS}
     * (simple products and a variable one), and its channel accounts' listings of those SKUs. A
     * source that is not this JVM's sandbox is left alone with an error in the log.
     */
    private void seedShopSource(ClientConfig client, OwnSandbox own, SandboxSeeding channels) {
        String refusal = own.refusal(client.source().baseUrl());
        if (refusal != null) {
            log.error("Demo shop for {} refused: its source is not a sandbox of this Kanal ({}); nothing was written or sent",
                    client.id(), refusal);
            return;
        }
        if (!channels.wooCommerceSource(client.id(), client.source(), SHOP_PRODUCTS)) {
            return;
        }
        Set<String> seeded = ConcurrentHashMap.newKeySet();
        for (ChannelAccountConfig account : client.channelAccounts()) {
            if (seedChannel(account, channels, SHOP_SKUS)) {
                seeded.add(account.id());
            }
        }
        channelsSeeded.put(client.id(), seeded);
    }

    /** Once the source poll has learnt the shop's SKUs: the seeded listings imported and calculated. */
    private void importShopListings(ClientConfig client) throws InterruptedException {
        Thread.sleep(client.source().pollInterval().toMillis() + 2000);
        for (String account : channelsSeeded.get(client.id())) {
            AccountRef ref = new AccountRef(client.id(), account);
            ListingImporter.ImportSummary summary = importer.importListings(ref);
            nudges.nudge(calculation.recalculateAccount(ref));
            log.info("Demo: {} listings on {}/{} ({} mapped)", summary.listings(), client.id(), account,
                    summary.listings() - summary.unmapped());
        }
        String control = client.source().baseUrl().replaceFirst("/wp-json/wc/v3/?$", "") + "/_control/shops/"
                + client.source().credentials().get("consumer-key") + "/products/{id}/stock";
        log.info("\n\n  Kanal demo ready for client {}: its source is a sandbox WooCommerce shop with {} SKUs.\n"
                + "  Change a product's stock in the shop and watch the channels follow:\n"
                + "    curl -X PUT -H 'Content-Type: application/json' -d '{{\"stock_quantity\":1}}' {}\n",
                client.id(), SHOP_SKUS.size(), control);
    }

    private static boolean seedChannel(ChannelAccountConfig account, SandboxSeeding channels) {
        return seedChannel(account, channels, MODELS);
    }

    private static boolean seedChannel(ChannelAccountConfig account, SandboxSeeding channels, List<String> skus) {
        return switch (account.type()) {
            case BACKMARKET -> channels.backMarket(account, skus);
            case WOOCOMMERCE -> channels.wooCommerce(account, skus);
            case WALMART -> channels.walmart(account, skus);
            case BASELINKER -> channels.baseLinker(account, skus);
            default -> false;
        };
    }

    /** What the demo prints once a client is seeded: a curl command that pastes into a shell as it is. */
    static String readyText(ClientConfig client) {
        String stockUrl = client.source().gatewayUrl().replaceFirst("/+$", "") + "/" + client.id() + "/_control/stock";
        return "\n\n  Kanal demo ready for client " + client.id() + ": its sandbox ERP has " + MODELS.size()
                + " products; channels follow its stock.\n"
                + "  Change stock in the ERP and watch the channels follow (within a few seconds):\n"
                + "    curl -X PUT -H 'Content-Type: application/json' \\\n"
                + "      -d '[{\"symbol\":\"" + MODELS.get(0) + "\",\"warehouse\":\"MAG\",\"onHand\":1,\"reserved\":0}]' \\\n"
                + "      " + stockUrl + "\n";
    }
}
