package dev.kanal.pricing;

import dev.kanal.client.config.ChannelAccountConfig;
import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.client.config.SourceType;
import dev.kanal.connector.SourceItem;
import dev.kanal.connector.subiekt.SourceDataSources;
import dev.kanal.connector.subiekt.SourcePriceRow;
import dev.kanal.connector.subiekt.SubiektPriceReader;
import dev.kanal.stock.AccountRef;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Brings Kanal's copy of the source's prices ({@code source_price}) in line with the source, after
 * the stock read of the same client: only changed prices are written, and the price targets of the
 * listings of changed SKUs (and of listings that have none yet) are recalculated. A client without
 * a priced account stores nothing.
 *
 * <p>A Subiekt-style ERP is read here, only the price levels some account's rule starts from. A
 * shop has one price per item, which its stock read brought already ({@link SourceItem#price()},
 * the shop's regular price, decision 0046): it is stored as level 1, and an item without a price
 * has none (a price stored before is cleared, so nothing new is calculated from it).
 */
public class SourcePrices {

    /** The level a shop's one price is stored at (validate refuses other levels in the rules of a shop source's client). */
    public static final int SHOP_PRICE_LEVEL = 1;

    private final JdbcTemplate jdbc;
    private final ClientRegistry clients;
    private final SourceDataSources sources;
    private final SubiektPriceReader reader;
    private final PriceTargets targets;

    public SourcePrices(JdbcTemplate jdbc, ClientRegistry clients, SourceDataSources sources, SubiektPriceReader reader,
                        PriceTargets targets) {
        this.jdbc = jdbc;
        this.clients = clients;
        this.sources = sources;
        this.reader = reader;
        this.targets = targets;
    }

    /** What one price poll did: rows read, SKUs whose price changed, accounts whose price writers to nudge. */
    public record PricePoll(String client, int rowsRead, Set<String> changed, List<AccountRef> accounts) {

        static PricePoll none(String client) {
            return new PricePoll(client, 0, Set.of(), List.of());
        }
    }

    /**
     * The price step of a source poll: an ERP's price levels are read from its database; a shop's
     * prices are those of the items its stock read just brought ({@code shopItems}; empty for an
     * ERP). Stores what changed and recalculates the targets it moves, and those of listings
     * without a target yet.
     */
    public PricePoll poll(String client, List<SourceItem> shopItems) {
        ClientConfig config = clients.require(client);
        Set<Integer> levels = new TreeSet<>();
        config.channelAccounts().stream().filter(ChannelAccountConfig::pricesPushed)
                .forEach(a -> levels.add(a.pricing().priceLevel()));
        if (levels.isEmpty()) {
            return PricePoll.none(client);
        }
        List<SourcePriceRow> rows = config.source().type() == SourceType.SUBIEKT
                ? reader.readPrices(sources.of(client, config.source()), levels)
                : shopRows(shopItems);
        Set<Long> changedSkus = new HashSet<>();
        Set<String> changed = store(client, rows, changedSkus);
        return new PricePoll(client, rows.size(), changed, targets.recalculate(client, changedSkus));
    }

    /**
     * The prices of the items a verified webhook of the client's source shop brought, stored
     * through the same comparison as a poll's; targets are recalculated when a price changed.
     */
    public PricePoll shopItems(String client, List<SourceItem> items) {
        ClientConfig config = clients.require(client);
        if (config.source().type() == SourceType.SUBIEKT
                || config.channelAccounts().stream().noneMatch(ChannelAccountConfig::pricesPushed)) {
            return PricePoll.none(client);
        }
        List<SourcePriceRow> rows = shopRows(items);
        Set<Long> changedSkus = new HashSet<>();
        Set<String> changed = store(client, rows, changedSkus);
        return new PricePoll(client, rows.size(), changed, changed.isEmpty() ? List.of() : targets.recalculate(client, changedSkus));
    }

    /** One row per SKU at level 1: gross is the shop's price (null: it has none now); a shop's net is not known. */
    static List<SourcePriceRow> shopRows(List<SourceItem> items) {
        Map<String, SourcePriceRow> rows = new LinkedHashMap<>();
        if (items != null) {
            for (SourceItem item : items) {
                if (item.sku() != null && !item.sku().isBlank()) {
                    rows.put(item.sku(), new SourcePriceRow(item.sku(), SHOP_PRICE_LEVEL, item.price(), null));
                }
            }
        }
        return new ArrayList<>(rows.values());
    }

    /** Writes the rows whose gross or net differs from the stored ones; returns their SKU codes. */
    Set<String> store(String client, List<SourcePriceRow> rows, Set<Long> changedSkuIds) {
        long clientId = jdbc.queryForObject("SELECT id FROM client WHERE code = ?", Long.class, client);
        Map<String, Long> skus = new HashMap<>();
        jdbc.query("SELECT code, id FROM sku WHERE client_id = ?", rs -> {
            skus.put(rs.getString(1), rs.getLong(2));
        }, clientId);
        Map<String, BigDecimal[]> stored = new HashMap<>();
        jdbc.query("SELECT sku_id, price_level, gross, net FROM source_price WHERE client_id = ?", rs -> {
            stored.put(rs.getLong(1) + "/" + rs.getInt(2), new BigDecimal[] {rs.getBigDecimal(3), rs.getBigDecimal(4)});
        }, clientId);
        Timestamp now = Timestamp.from(Instant.now());
        List<Object[]> updates = new ArrayList<>();
        List<Object[]> inserts = new ArrayList<>();
        Set<String> changed = new TreeSet<>();
        for (SourcePriceRow row : rows) {
            Long sku = skus.get(row.symbol());
            if (sku == null) {
                continue; // the stock poll has not stored the product yet: the next poll prices it
            }
            BigDecimal[] before = stored.get(sku + "/" + row.level());
            if (before == null && row.gross() == null && row.net() == null) {
                continue; // no price, none stored: nothing to calculate from either way
            }
            if (before == null) {
                inserts.add(new Object[] {sku, row.level(), clientId, row.gross(), row.net(), now});
            } else if (same(before[0], row.gross()) && same(before[1], row.net())) {
                continue;
            } else {
                updates.add(new Object[] {row.gross(), row.net(), now, sku, row.level()});
            }
            changed.add(row.symbol());
            changedSkuIds.add(sku);
        }
        if (!updates.isEmpty()) {
            jdbc.batchUpdate("UPDATE source_price SET gross = ?, net = ?, updated_at = ? WHERE sku_id = ? AND price_level = ?", updates);
        }
        if (!inserts.isEmpty()) {
            // a shop's webhook hop and its poll may store a new item's first price at the same moment: the later one updates
            int[] inserted = jdbc.batchUpdate("""
                    INSERT INTO source_price (sku_id, price_level, client_id, gross, net, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT DO NOTHING""", inserts);
            List<Object[]> taken = new ArrayList<>();
            for (int i = 0; i < inserted.length; i++) {
                if (inserted[i] == 0) {
                    Object[] row = inserts.get(i);
                    taken.add(new Object[] {row[3], row[4], row[5], row[0], row[1]});
                }
            }
            if (!taken.isEmpty()) {
                jdbc.batchUpdate("UPDATE source_price SET gross = ?, net = ?, updated_at = ? WHERE sku_id = ? AND price_level = ?", taken);
            }
        }
        return changed;
    }

    private static boolean same(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }
}
