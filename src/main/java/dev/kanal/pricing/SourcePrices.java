package dev.kanal.pricing;

import dev.kanal.client.config.ChannelAccountConfig;
import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.client.config.SourceType;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Brings Kanal's copy of the source's prices ({@code source_price}) in line with the ERP, after
 * the stock poll of the same client: only the price levels some account's rule starts from are
 * read, only changed prices are written, and the price targets of the listings of changed SKUs
 * (and of listings that have none yet) are recalculated. A client without a priced account
 * reads nothing.
 */
public class SourcePrices {

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
    }

    /** Reads the client's source prices, stores what changed, recalculates the targets it moves. */
    public PricePoll poll(String client) {
        ClientConfig config = clients.require(client);
        Set<Integer> levels = new TreeSet<>();
        config.channelAccounts().stream().filter(ChannelAccountConfig::pricesPushed)
                .forEach(a -> levels.add(a.pricing().priceLevel()));
        if (levels.isEmpty() || config.source().type() != SourceType.SUBIEKT) {
            return new PricePoll(client, 0, Set.of(), List.of());
        }
        List<SourcePriceRow> rows = reader.readPrices(sources.of(client, config.source()), levels);
        Set<Long> changedSkus = new HashSet<>();
        Set<String> changed = store(client, rows, changedSkus);
        return new PricePoll(client, rows.size(), changed, targets.recalculate(client, changedSkus));
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
            jdbc.batchUpdate("INSERT INTO source_price (sku_id, price_level, client_id, gross, net, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                    inserts);
        }
        return changed;
    }

    private static boolean same(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }
}
