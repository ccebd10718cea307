package dev.kanal.stock;

import dev.kanal.client.config.MappingMode;
import dev.kanal.connector.ChannelListing;
import dev.kanal.connector.ChannelStockConnector;
import dev.kanal.support.JdbcBatches;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Brings a channel account's listings into Kanal: channel listing id, channel SKU, title, price,
 * channel quantity, state. In mapping mode {@code sku} a listing is mapped to the client's SKU
 * with the same code; in mode {@code variation} mappings are made through the admin API.
 * Unmapped listings are kept, listed, and never pushed.
 */
public class ListingImporter {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ChannelAccounts accounts;

    public ListingImporter(JdbcTemplate jdbc, TransactionTemplate tx, ChannelAccounts accounts) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.accounts = accounts;
    }

    /** What an import found. */
    public record ImportSummary(String client, String account, int listings, int created, int updated, int mappedNow,
                                int unmapped) {
    }

    public ImportSummary importListings(AccountRef ref) {
        ChannelStockConnector connector = accounts.connector(ref);
        if (connector == null) {
            throw new IllegalStateException("No connector for the channel of " + ref.client() + "/" + ref.account());
        }
        List<ChannelListing> listings = connector.fetchListings(accounts.connection(ref));
        long accountId = accounts.id(ref);
        boolean bySku = accounts.config(ref).mappingMode() == MappingMode.SKU;
        return tx.execute(status -> store(ref, accountId, bySku, listings));
    }

    private ImportSummary store(AccountRef ref, long accountId, boolean bySku, List<ChannelListing> listings) {
        Map<String, Long> known = new HashMap<>();
        jdbc.query("SELECT channel_listing_id, id FROM listing WHERE channel_account_id = ?",
                rs -> {
                    known.put(rs.getString(1), rs.getLong(2));
                }, accountId);
        Timestamp now = Timestamp.from(Instant.now());
        List<Object[]> inserts = new ArrayList<>();
        List<Object[]> updates = new ArrayList<>();
        for (ChannelListing l : listings) {
            // a price is only meaningful with its currency (WooCommerce gives it per shop, not per product)
            Object price = l.currency() == null ? null : l.price();
            Object[] values = {l.channelSku(), truncate(l.title()), price, l.currency(), l.quantity(),
                    l.state() == null ? "unknown" : l.state(), now};
            if (known.containsKey(l.channelListingId())) {
                Object[] row = new Object[values.length + 1];
                System.arraycopy(values, 0, row, 0, values.length);
                row[values.length] = known.get(l.channelListingId());
                updates.add(row);
            } else {
                Object[] row = new Object[values.length + 2];
                row[0] = accountId;
                row[1] = l.channelListingId();
                System.arraycopy(values, 0, row, 2, values.length);
                inserts.add(row);
            }
        }
        JdbcBatches.update(jdbc, "INSERT INTO listing (channel_account_id, channel_listing_id, channel_sku, title, price, currency, "
                + "channel_quantity, state, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", inserts);
        JdbcBatches.update(jdbc, "UPDATE listing SET channel_sku = ?, title = ?, price = ?, currency = ?, channel_quantity = ?, "
                + "state = ?, imported_at = ? WHERE id = ?", updates);
        int mappedNow = 0;
        if (bySku) {
            mappedNow = jdbc.update("""
                    INSERT INTO listing_mapping (listing_id, sku_id)
                    SELECT l.id, k.id FROM listing l
                      JOIN channel_account a ON a.id = l.channel_account_id
                      JOIN sku k ON k.client_id = a.client_id AND k.code = l.channel_sku
                     WHERE l.channel_account_id = ?
                       AND NOT EXISTS (SELECT 1 FROM listing_mapping m WHERE m.listing_id = l.id)
                       AND NOT EXISTS (SELECT 1 FROM bundle_component bc WHERE bc.listing_id = l.id)
                    """, accountId);
        }
        Integer unmapped = jdbc.queryForObject("""
                SELECT COUNT(*) FROM listing l WHERE l.channel_account_id = ?
                   AND NOT EXISTS (SELECT 1 FROM listing_mapping m WHERE m.listing_id = l.id)
                   AND NOT EXISTS (SELECT 1 FROM bundle_component bc WHERE bc.listing_id = l.id)
                """, Integer.class, accountId);
        return new ImportSummary(ref.client(), ref.account(), listings.size(), inserts.size(), updates.size(), mappedNow,
                unmapped == null ? 0 : unmapped);
    }

    private static String truncate(String title) {
        return title == null || title.length() <= 512 ? title : title.substring(0, 512);
    }
}
