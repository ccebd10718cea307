package dev.kanal.client;

import dev.kanal.client.config.ChannelAccountConfig;
import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.client.config.FulfilmentCentreConfig;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationInitializer;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Copies what the client files say into the database at start-up (clients, fulfilment centres,
 * inventory statuses, channel accounts with their counted warehouses, statuses, buffer, cap and
 * allocation rules),
 * so that set-based SQL can join on them and every row Kanal stores has a client to belong to.
 * The files stay the truth: a setting changed in a file is changed here at the next start.
 */
@Component
public class ClientCatalogSync {

    private static final Logger log = LoggerFactory.getLogger(ClientCatalogSync.class);
    /** One node's insert can meet another's per table it writes (client, statuses, warehouses, accounts). */
    private static final int SYNC_ATTEMPTS = 5;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public ClientCatalogSync(JdbcTemplate jdbc, TransactionTemplate tx, ClientRegistry clients,
                             ObjectProvider<FlywayMigrationInitializer> schemaFirst) {
        this.jdbc = jdbc;
        this.tx = tx;
        schemaFirst.getIfAvailable();
        clients.all().forEach(this::sync);
    }

    /**
     * Makes the database agree with one client file; returns the client's id. Nodes starting
     * together on a new database insert the same rows at once: the later insert waits for the
     * earlier commit and then meets its unique key, so the sync runs again and finds the rows.
     */
    public long sync(ClientConfig client) {
        for (int attempt = 1; ; attempt++) {
            try {
                long id = syncOnce(client);
                log.info("Client {}: {} channel accounts, {} fulfilment centres in the database",
                        client.id(), client.channelAccounts().size(), client.fulfilmentCentres().size());
                return id;
            } catch (DuplicateKeyException e) {
                if (attempt == SYNC_ATTEMPTS) {
                    throw e;
                }
                log.info("Client {}: another node recorded it at the same time; reading it again", client.id());
            }
        }
    }

    private long syncOnce(ClientConfig client) {
        Long id = tx.execute(txStatus -> {
            long clientId = upsertClient(client);
            for (String status : client.inventoryStatuses()) {
                upsert("SELECT id FROM inventory_status WHERE client_id = ? AND code = ?", List.of(clientId, status),
                        "INSERT INTO inventory_status (client_id, code, name) VALUES (?, ?, ?)", List.of(clientId, status, status),
                        null, null);
            }
            for (FulfilmentCentreConfig centre : client.fulfilmentCentres()) {
                upsert("SELECT id FROM warehouse WHERE client_id = ? AND code = ?", List.of(clientId, centre.warehouse()),
                        "INSERT INTO warehouse (client_id, code, name, priority, fulfilment_centre, source_ref) VALUES (?, ?, ?, ?, TRUE, ?)",
                        List.of(clientId, centre.warehouse(), centre.warehouse(), centre.priority(), centre.warehouse()),
                        "UPDATE warehouse SET priority = ?, fulfilment_centre = TRUE WHERE id = ?", List.of(centre.priority()));
            }
            for (ChannelAccountConfig account : client.channelAccounts()) {
                syncAccount(clientId, account);
            }
            return clientId;
        });
        return id;
    }

    private long upsertClient(ClientConfig client) {
        return upsert("SELECT id FROM client WHERE code = ?", List.of(client.id()),
                "INSERT INTO client (code, name, sku_unique) VALUES (?, ?, ?)", List.of(client.id(), client.name(), client.skuUnique()),
                "UPDATE client SET name = ?, sku_unique = ? WHERE id = ?", List.of(client.name(), client.skuUnique()));
    }

    private void syncAccount(long clientId, ChannelAccountConfig account) {
        ArrayList<Object> update = new ArrayList<>(List.of(
                account.type().name(), account.mappingMode().name(), account.buffer()));
        update.add(account.maxQuantity());
        update.addAll(allocationRules(account));
        ArrayList<Object> insert = new ArrayList<>(List.of(
                clientId, account.id(), account.type().name(), account.mappingMode().name(), account.buffer()));
        insert.add(account.maxQuantity());
        insert.addAll(allocationRules(account));
        long accountId = upsert("SELECT id FROM channel_account WHERE client_id = ? AND code = ?", List.of(clientId, account.id()),
                "INSERT INTO channel_account (client_id, code, channel_type, mapping_mode, buffer, max_quantity, "
                        + "split_allocation, refuse_oversold, erp_push, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE)",
                insert,
                "UPDATE channel_account SET channel_type = ?, mapping_mode = ?, buffer = ?, max_quantity = ?, "
                        + "split_allocation = ?, refuse_oversold = ?, erp_push = ?, active = TRUE WHERE id = ?",
                update);
        jdbc.update("DELETE FROM channel_account_warehouse WHERE channel_account_id = ?", accountId);
        for (String warehouse : account.warehouses()) {
            jdbc.update("INSERT INTO channel_account_warehouse (channel_account_id, warehouse_id) "
                    + "SELECT ?, id FROM warehouse WHERE client_id = ? AND code = ?", accountId, clientId, warehouse);
        }
        jdbc.update("DELETE FROM channel_account_status WHERE channel_account_id = ?", accountId);
        for (String status : account.inventoryStatuses()) {
            jdbc.update("INSERT INTO channel_account_status (channel_account_id, inventory_status_id) "
                    + "SELECT ?, id FROM inventory_status WHERE client_id = ? AND code = ?", accountId, clientId, status);
        }
    }

    /** The rules the order allocator reads under its locks: split, refuse oversold, when to write to the ERP. */
    private static List<Object> allocationRules(ChannelAccountConfig account) {
        return List.of(account.splitAllocation(), account.refuseOversold(), account.erpPush().name());
    }

    /**
     * Finds a row by its natural key; inserts it when missing, otherwise runs the update (its
     * parameters followed by the id). Returns the row's id.
     */
    private long upsert(String select, List<?> key, String insert, List<?> insertArgs, String update, List<?> updateArgs) {
        List<Long> ids = jdbc.queryForList(select, Long.class, key.toArray());
        if (ids.isEmpty()) {
            jdbc.update(insert, insertArgs.toArray());
            return jdbc.queryForObject(select, Long.class, key.toArray());
        }
        long id = ids.get(0);
        if (update != null) {
            ArrayList<Object> args = new ArrayList<>(updateArgs);
            args.add(id);
            jdbc.update(update, args.toArray());
        }
        return id;
    }
}
