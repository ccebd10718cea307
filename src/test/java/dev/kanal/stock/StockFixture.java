package dev.kanal.stock;

import dev.kanal.TestEnvironment;
import dev.kanal.client.ClientCatalogSync;
import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.ClientConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Builds a client's catalog and stock in the database for stock tests: the client and its
 * accounts come from a client file (synced as at start-up), the rest is inserted directly.
 * Every fixture has its own client code, so tests never see each other's rows.
 */
public class StockFixture {

    public final String client;
    private final JdbcTemplate jdbc;
    private final ClientCatalogSync sync;
    public final long clientId;

    public StockFixture(JdbcTemplate jdbc, ClientCatalogSync sync, String accountsYaml) {
        this.jdbc = jdbc;
        this.sync = sync;
        this.client = "t" + UUID.randomUUID().toString().substring(0, 8);
        this.clientId = sync.sync(config(accountsYaml));
    }

    /** Re-syncs the client with other account settings, as a restart with an edited file would. */
    public void resync(String accountsYaml) {
        sync.sync(config(accountsYaml));
    }

    public ClientConfig config(String accountsYaml) {
        String yaml = """
                id: %s
                name: Test client
                source:
                  type: subiekt
                  jdbc-url: "%s"
                  gateway-url: http://127.0.0.1:1/sandbox/subiekt
                fulfilment-centres:
                  - warehouse: MAG
                    priority: 1
                  - warehouse: WRO
                    priority: 2
                inventory-statuses: [available, repair, incoming]
                channel-accounts:
                %s
                """.formatted(client, TestEnvironment.dbUrl(), accountsYaml.indent(2));
        try {
            Path dir = Files.createTempDirectory("client");
            Path file = dir.resolve(client + ".yaml");
            Files.writeString(file, yaml);
            return new ClientConfigLoader(k -> null).load(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long account(String code) {
        return jdbc.queryForObject("SELECT id FROM channel_account WHERE client_id = ? AND code = ?", Long.class, clientId, code);
    }

    public long warehouse(String code) {
        return jdbc.queryForObject("SELECT id FROM warehouse WHERE client_id = ? AND code = ?", Long.class, clientId, code);
    }

    public long status(String code) {
        return jdbc.queryForObject("SELECT id FROM inventory_status WHERE client_id = ? AND code = ?", Long.class, clientId, code);
    }

    public long sku(String code) {
        var ids = jdbc.queryForList("SELECT id FROM sku WHERE client_id = ? AND code = ?", Long.class, clientId, code);
        if (!ids.isEmpty()) {
            return ids.get(0);
        }
        jdbc.update("INSERT INTO sku (client_id, code) VALUES (?, ?)", clientId, code);
        return sku(code);
    }

    public void stock(String sku, String warehouse, String status, int quantity) {
        long skuId = sku(sku);
        int updated = jdbc.update("UPDATE stock_level SET quantity = ? WHERE sku_id = ? AND warehouse_id = ? AND inventory_status_id = ?",
                quantity, skuId, warehouse(warehouse), status(status));
        if (updated == 0) {
            jdbc.update("INSERT INTO stock_level (client_id, sku_id, warehouse_id, inventory_status_id, quantity) VALUES (?, ?, ?, ?, ?)",
                    clientId, skuId, warehouse(warehouse), status(status), quantity);
        }
    }

    public long variation(String product, String sku, String grade, String conditions) {
        var products = jdbc.queryForList("SELECT id FROM product WHERE client_id = ? AND code = ?", Long.class, clientId, product);
        long productId;
        if (products.isEmpty()) {
            jdbc.update("INSERT INTO product (client_id, code, name) VALUES (?, ?, ?)", clientId, product, product);
            productId = jdbc.queryForObject("SELECT id FROM product WHERE client_id = ? AND code = ?", Long.class, clientId, product);
        } else {
            productId = products.get(0);
        }
        jdbc.update("INSERT INTO variation (product_id, sku_id, grade, conditions) VALUES (?, ?, ?, ?)", productId, sku(sku), grade, conditions);
        return jdbc.queryForObject("SELECT id FROM variation WHERE product_id = ? AND grade = ? AND conditions = ?", Long.class,
                productId, grade, conditions);
    }

    public void serial(String serial, long variation, String warehouse, String status) {
        jdbc.update("INSERT INTO serialized_item (client_id, serial, variation_id, warehouse_id, inventory_status_id) VALUES (?, ?, ?, ?, ?)",
                clientId, serial, variation, warehouse(warehouse), status(status));
    }

    public long listing(String account, String channelListingId, String channelSku, Integer channelQuantity) {
        jdbc.update("INSERT INTO listing (channel_account_id, channel_listing_id, channel_sku, title, state, imported_at) "
                + "VALUES (?, ?, ?, ?, 'active', CURRENT_TIMESTAMP)", account(account), channelListingId, channelSku, channelSku);
        long id = jdbc.queryForObject("SELECT id FROM listing WHERE channel_account_id = ? AND channel_listing_id = ?", Long.class,
                account(account), channelListingId);
        jdbc.update("INSERT INTO listing_push (listing_id, channel_account_id, channel_quantity) VALUES (?, ?, ?)",
                id, account(account), channelQuantity);
        return id;
    }

    public void mapToSku(long listing, String sku) {
        jdbc.update("INSERT INTO listing_mapping (listing_id, sku_id) VALUES (?, ?)", listing, sku(sku));
    }

    public void mapToVariation(long listing, long variation) {
        jdbc.update("INSERT INTO listing_mapping (listing_id, variation_id) VALUES (?, ?)", listing, variation);
    }

    public void bundle(long listing, String componentSku, int units) {
        jdbc.update("INSERT INTO bundle_component (listing_id, component_sku_id, units) VALUES (?, ?, ?)", listing, sku(componentSku), units);
    }

    /** An open order line holding {@code quantity} units of a SKU in a warehouse. */
    public void allocate(String account, String sku, Long variation, String warehouse, int quantity) {
        String orderId = UUID.randomUUID().toString();
        jdbc.update("INSERT INTO sales_order (client_id, channel_account_id, channel_order_id, channel_status, status, currency, total, received_at) "
                + "VALUES (?, ?, ?, '1', 'ACCEPTED', 'EUR', 10, CURRENT_TIMESTAMP)", clientId, account(account), orderId);
        long order = jdbc.queryForObject("SELECT id FROM sales_order WHERE channel_order_id = ?", Long.class, orderId);
        jdbc.update("INSERT INTO order_line (order_id, line_no, sku_id, variation_id, quantity, unit_price) VALUES (?, 1, ?, ?, ?, 10)",
                order, sku(sku), variation, quantity);
        long line = jdbc.queryForObject("SELECT id FROM order_line WHERE order_id = ?", Long.class, order);
        jdbc.update("INSERT INTO allocation (order_line_id, sku_id, variation_id, warehouse_id, quantity, status) VALUES (?, ?, ?, ?, ?, 'OPEN')",
                line, sku(sku), variation, warehouse(warehouse), quantity);
    }

    public Integer target(long listing) {
        return jdbc.queryForObject("SELECT target_quantity FROM listing_push WHERE listing_id = ?", Integer.class, listing);
    }
}
