package dev.kanal.inventory;

import dev.kanal.client.config.SourceConfig;
import dev.kanal.connector.SourceConnector;
import dev.kanal.connector.SourceItem;
import dev.kanal.connector.subiekt.SourceStockRow;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One poll of a shop source (docs/decisions/0038): the items the shop changed since the last
 * poll ({@code modified_after}, read again from a little before, as the shop's dates have whole
 * seconds and its clock is not Kanal's), or the whole catalogue on the first poll and every
 * {@link #FULL_READ_EVERY}. The shop's stock is on hand in the source's one warehouse, through
 * the same {@link SourceStockSync} an ERP's rows go through.
 */
public class ShopSourceReader {

    /** How often the whole catalogue is read although nothing says it changed. */
    static final Duration FULL_READ_EVERY = Duration.ofHours(1);
    /** How far before the last poll's start the next one reads again (whole seconds, a shop clock a little off). */
    static final Duration OVERLAP = Duration.ofMinutes(1);

    private final JdbcTemplate jdbc;
    private final SourceStockSync sync;
    private final ShopCatalogue catalogue;
    private final Clock clock;

    public ShopSourceReader(JdbcTemplate jdbc, SourceStockSync sync, Clock clock) {
        this.jdbc = jdbc;
        this.sync = sync;
        this.catalogue = new ShopCatalogue(jdbc);
        this.clock = clock;
    }

    /** What a poll read (the items themselves, for their prices: flow 5) and which SKUs' stock changed. */
    public record Read(List<SourceItem> items, Set<String> changed) {
    }

    /** Reads the shop and stores what changed, in one transaction with the cursor. */
    public Read poll(String client, SourceConfig source, SourceConnector shop) {
        long clientId = jdbc.queryForObject("SELECT id FROM client WHERE code = ?", Long.class, client);
        Instant now = clock.instant();
        List<Timestamp[]> cursor = jdbc.query("SELECT read_after, full_read_at FROM source_read_cursor WHERE client_id = ?",
                (rs, n) -> new Timestamp[] {rs.getTimestamp(1), rs.getTimestamp(2)}, clientId);
        boolean whole = cursor.isEmpty() || cursor.get(0)[1].toInstant().plus(FULL_READ_EVERY).isBefore(now);
        Instant since = whole ? null : cursor.get(0)[0].toInstant().minus(OVERLAP);
        List<SourceItem> read = new ArrayList<>();
        Set<String> changed;
        if (whole) {
            changed = sync.apply(client, each -> shop.readChanged(client, source, null, page -> page.forEach(item -> {
                read.add(item);
                SourceStockRow row = row(item, source.warehouse());
                if (row != null) {
                    each.accept(row);
                }
            })));
        } else {
            List<SourceStockRow> rows = new ArrayList<>();
            shop.readChanged(client, source, since, page -> page.forEach(item -> {
                read.add(item);
                SourceStockRow row = row(item, source.warehouse());
                if (row != null) {
                    rows.add(row);
                }
            }));
            changed = rows.isEmpty() ? Set.of() : sync.applyChanged(client, rows);
        }
        catalogue.record(client, read);
        Timestamp started = Timestamp.from(now);
        if (cursor.isEmpty()) {
            jdbc.update("INSERT INTO source_read_cursor (client_id, read_after, full_read_at) VALUES (?, ?, ?)", clientId, started, started);
        } else {
            jdbc.update("UPDATE source_read_cursor SET read_after = ?, full_read_at = CASE WHEN ? THEN ? ELSE full_read_at END "
                    + "WHERE client_id = ?", started, whole, started, clientId);
        }
        return new Read(read, changed);
    }

    /** The items a webhook brought: stored like a modified-since read's. */
    public Set<String> apply(String client, SourceConfig source, List<SourceItem> items) {
        List<SourceStockRow> rows = items.stream().map(item -> row(item, source.warehouse())).filter(r -> r != null).toList();
        Set<String> changed = rows.isEmpty() ? Set.of() : sync.applyChanged(client, rows);
        catalogue.record(client, items);
        return changed;
    }

    /**
     * The item's stock as a source row: on hand in the source's warehouse, nothing reserved (the
     * shop lowers its stock itself when it takes an order). An item whose stock the shop does not
     * manage has no count Kanal could sell from: withdrawn, it counts nothing. An item without a
     * SKU has no row: Kanal keys stock by SKU.
     */
    static SourceStockRow row(SourceItem item, String warehouse) {
        if (item.sku() == null || item.sku().isBlank()) {
            return null;
        }
        return new SourceStockRow(item.sku(), warehouse, item.onHand() == null ? 0 : Math.max(0, item.onHand()), 0,
                item.onHand() == null);
    }
}
