package dev.kanal.stock;

import dev.kanal.client.config.MappingMode;
import dev.kanal.connector.ChannelListing;
import dev.kanal.connector.ChannelStockConnector;
import dev.kanal.ops.TableStatistics;
import dev.kanal.support.ArrayParameters;
import dev.kanal.support.JdbcBatches;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Brings a channel account's listings into Kanal: channel listing id, channel SKU, title, price,
 * channel quantity, state. In mapping mode {@code sku} a listing is mapped to the client's SKU
 * with the same code; in mode {@code variation} mappings are made through the admin API.
 * Unmapped listings are kept, listed, and never pushed.
 */
public class ListingImporter {

    /** Listings stored per transaction: a few channel pages, so 100,000 listings are 100 commits, not 2,000. */
    static final int STORE_CHUNK = 1000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ChannelAccounts accounts;
    private final TableStatistics statistics;

    public ListingImporter(JdbcTemplate jdbc, TransactionTemplate tx, ChannelAccounts accounts, TableStatistics statistics) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.accounts = accounts;
        this.statistics = statistics;
    }

    /** What an import found. */
    public record ImportSummary(String client, String account, int listings, int created, int updated, int mappedNow,
                                int unmapped) {
    }

    /**
     * Stores the account's listings as the channel pages arrive, about {@link #STORE_CHUNK} to a
     * transaction, so a 100,000-listing account is never held in memory at once (an import is an upsert by
     * channel listing id: a failure part-way keeps the pages stored and the next import finishes
     * the job). Then maps by SKU and counts what is left unmapped.
     */
    public ImportSummary importListings(AccountRef ref) {
        return importListings(ref, Progress.NONE);
    }

    /** Hears how an import goes: the total when the channel tells it, each page as it is stored. */
    public interface Progress {
        Progress NONE = new Progress() {
        };

        /** The channel says the account has this many listings. */
        default void total(int listings) {
        }

        /** A page of {@code listings} listings arrived from the channel. */
        default void page(int listings) {
        }

        /** Everything fetched is stored; mapping and counting follow. */
        default void stored(int listings) {
        }
    }

    /** As {@link #importListings(AccountRef)}, telling {@code progress} as it goes. */
    public ImportSummary importListings(AccountRef ref, Progress progress) {
        ChannelStockConnector connector = accounts.connector(ref);
        if (connector == null) {
            throw new IllegalStateException("No connector for the channel of " + ref.client() + "/" + ref.account());
        }
        long accountId = accounts.id(ref);
        boolean bySku = accounts.config(ref).mappingMode() == MappingMode.SKU;
        Timestamp now = Timestamp.from(Instant.now());
        boolean setBased = ArrayParameters.supported(jdbc);
        int[] totals = new int[3]; // listings, created, updated
        long[] nextRefresh = {TableStatistics.BULK_ROWS};
        List<ChannelListing> chunk = new ArrayList<>();
        Runnable store = () -> {
            int[] stored = tx.execute(status -> storePage(accountId, chunk, now, setBased));
            totals[0] += chunk.size();
            totals[1] += stored[0];
            totals[2] += stored[1];
            chunk.clear();
            // each time the new listings have doubled: the look-ups of the next pages are planned
            // for the tables as they now are. Without it the first plans stay, made for empty
            // tables (no autovacuum, no statistics), and a seq scan per page came to 1,394 s at 100k.
            if (totals[1] >= nextRefresh[0]) {
                statistics.afterBulkWrite(totals[1], "listing", "listing_push");
                nextRefresh[0] = 2L * totals[1];
            }
        };
        connector.fetchListings(accounts.connection(ref), page -> {
            chunk.addAll(page);
            progress.page(page.size());
            if (chunk.size() >= STORE_CHUNK) {
                store.run();
            }
        }, progress::total);
        if (!chunk.isEmpty()) {
            store.run();
        }
        // a first import of a large catalogue: the mapping statement below is planned for the
        // listings as they now are, not for the empty table they were
        statistics.afterBulkWrite(totals[1], "listing", "listing_push");
        progress.stored(totals[0]);
        ImportSummary summary = tx.execute(status -> mapAndCount(ref, accountId, bySku, totals));
        // and the calculation that follows for the mappings as they now are
        statistics.afterBulkWrite(summary.mappedNow(), "listing_mapping");
        return summary;
    }

    /** Inserts the page's new listings and updates the known ones; returns {created, updated}. */
    private int[] storePage(long accountId, List<ChannelListing> page, Timestamp now, boolean setBased) {
        Map<String, Long> known = new HashMap<>();
        ListingLookup.byChannelIds(jdbc, "SELECT channel_listing_id, id FROM listing WHERE channel_account_id = ?", accountId,
                page.stream().map(ChannelListing::channelListingId).distinct().toList(), rs -> {
                    known.put(rs.getString(1), rs.getLong(2));
                });
        List<Object[]> inserts = new ArrayList<>();
        List<Object[]> updates = new ArrayList<>();
        List<Object[]> pushInserts = new ArrayList<>();
        List<Object[]> pushUpdates = new ArrayList<>();
        Set<String> inserting = new HashSet<>(); // a listing named twice in one page is inserted once
        for (ChannelListing l : page) {
            // a price is only meaningful with its currency (WooCommerce gives it per shop, not per product)
            Object price = l.currency() == null ? null : l.price();
            Object[] values = {l.channelSku(), truncate(l.title()), price, l.currency(),
                    l.state() == null ? "unknown" : l.state(), now};
            Long id = known.get(l.channelListingId());
            if (id != null) {
                Object[] row = new Object[values.length + 1];
                System.arraycopy(values, 0, row, 0, values.length);
                row[values.length] = id;
                updates.add(row);
                pushUpdates.add(new Object[] {l.quantity(), id, l.quantity()});
            } else if (inserting.add(l.channelListingId())) {
                Object[] row = new Object[values.length + 2];
                row[0] = accountId;
                row[1] = l.channelListingId();
                System.arraycopy(values, 0, row, 2, values.length);
                inserts.add(row);
                pushInserts.add(new Object[] {l.quantity(), accountId, l.channelListingId()});
            }
        }
        JdbcBatches.update(jdbc, "INSERT INTO listing (channel_account_id, channel_listing_id, channel_sku, title, price, currency, "
                + "state, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", inserts);
        JdbcBatches.update(jdbc, "UPDATE listing SET channel_sku = ?, title = ?, price = ?, currency = ?, "
                + "state = ?, imported_at = ? WHERE id = ?", updates);
        // every listing has its push row (V8): what the channel shows, what Kanal wants and sent
        if (setBased) {
            insertPushRows(accountId, pushInserts);
        } else {
            JdbcBatches.update(jdbc, "INSERT INTO listing_push (listing_id, channel_account_id, channel_quantity) "
                    + "SELECT id, channel_account_id, ? FROM listing WHERE channel_account_id = ? AND channel_listing_id = ?", pushInserts);
        }
        // written only where the channel now reports another quantity: a re-import of a quiet
        // catalogue leaves the push rows (and the writers' index) alone
        JdbcBatches.update(jdbc, "UPDATE listing_push SET channel_quantity = ? WHERE listing_id = ? "
                + "AND channel_quantity IS DISTINCT FROM ?", pushUpdates);
        return new int[] {inserts.size(), updates.size()};
    }

    /**
     * The new listings' push rows in one statement over arrays (PostgreSQL): one join of the
     * page with its listings, not one look-up per listing, so a plan made for a smaller table
     * costs one scan per page instead of one per row.
     */
    private void insertPushRows(long accountId, List<Object[]> pushInserts) {
        if (pushInserts.isEmpty()) {
            return;
        }
        List<Integer> quantities = pushInserts.stream().map(r -> (Integer) r[0]).toList();
        List<String> channelIds = pushInserts.stream().map(r -> (String) r[2]).toList();
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    INSERT INTO listing_push (listing_id, channel_account_id, channel_quantity)
                    SELECT l.id, l.channel_account_id, v.quantity
                      FROM unnest(?::varchar[], ?::int[]) AS v(channel_listing_id, quantity)
                      JOIN listing l ON l.channel_account_id = ? AND l.channel_listing_id = v.channel_listing_id
                    """);
            ps.setArray(1, ArrayParameters.texts(con, channelIds));
            ps.setArray(2, ArrayParameters.ints(con, quantities));
            ps.setLong(3, accountId);
            return ps;
        });
    }

    private ImportSummary mapAndCount(AccountRef ref, long accountId, boolean bySku, int[] totals) {
        int mappedNow = 0;
        if (bySku) {
            // a listing mapped already is skipped by its unique key, not by NOT EXISTS on listing_mapping:
            // planned as a nested loop, that anti-join rescanned the table once per listing, rows
            // this very statement inserted included (45 s for a first import of 100,000 listings)
            mappedNow = jdbc.update("""
                    INSERT INTO listing_mapping (listing_id, sku_id)
                    SELECT l.id, k.id FROM listing l
                      JOIN channel_account a ON a.id = l.channel_account_id
                      JOIN sku k ON k.client_id = a.client_id AND k.code = l.channel_sku
                     WHERE l.channel_account_id = ?
                       AND NOT EXISTS (SELECT 1 FROM bundle_component bc WHERE bc.listing_id = l.id)
                    ON CONFLICT DO NOTHING
                    """, accountId);
        }
        Integer unmapped = jdbc.queryForObject("""
                SELECT COUNT(*) FROM listing l WHERE l.channel_account_id = ?
                   AND NOT EXISTS (SELECT 1 FROM listing_mapping m WHERE m.listing_id = l.id)
                   AND NOT EXISTS (SELECT 1 FROM bundle_component bc WHERE bc.listing_id = l.id)
                """, Integer.class, accountId);
        return new ImportSummary(ref.client(), ref.account(), totals[0], totals[1], totals[2], mappedNow,
                unmapped == null ? 0 : unmapped);
    }

    private static String truncate(String title) {
        return title == null || title.length() <= 512 ? title : title.substring(0, 512);
    }
}
