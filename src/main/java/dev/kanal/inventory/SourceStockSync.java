package dev.kanal.inventory;

import dev.kanal.connector.subiekt.SourceStockRow;
import dev.kanal.support.JdbcBatches;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

/**
 * Brings Kanal's stock levels in line with what the source system shows, row by row, using a
 * fingerprint of each (product, warehouse) row to skip what did not change. ERP stock is
 * booked in the client's {@code available} inventory status. Returns the SKUs whose sellable
 * units changed, so only those are announced on the stock-changed queue.
 */
public class SourceStockSync {

    static final String SOURCE_STATUS = "available";
    private static final String GONE = "gone";

    private final JdbcTemplate jdbc;

    public SourceStockSync(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional
    public Set<String> apply(String clientCode, List<SourceStockRow> rows) {
        long clientId = jdbc.queryForObject("SELECT id FROM client WHERE code = ?", Long.class, clientCode);
        List<Long> statuses = jdbc.queryForList("SELECT id FROM inventory_status WHERE client_id = ? AND code = ?",
                Long.class, clientId, SOURCE_STATUS);
        if (statuses.isEmpty()) {
            throw new IllegalStateException("Client " + clientCode + " declares no '" + SOURCE_STATUS
                    + "' inventory status; stock read from its source is booked in it");
        }
        long statusId = statuses.get(0);
        Map<String, Long> warehouses = warehouses(clientId, rows);

        Map<String, Existing> existing = new HashMap<>();
        jdbc.query("""
                SELECT sl.id, k.code, w.source_ref, sl.quantity, sl.source_fingerprint FROM stock_level sl
                  JOIN sku k ON k.id = sl.sku_id JOIN warehouse w ON w.id = sl.warehouse_id
                 WHERE sl.client_id = ? AND sl.inventory_status_id = ?
                """, rs -> {
            existing.put(key(rs.getString(2), rs.getString(3)),
                    new Existing(rs.getLong(1), rs.getInt(4), rs.getString(5)));
        }, clientId, statusId);

        Timestamp now = Timestamp.from(Instant.now());
        Set<String> changed = new TreeSet<>();
        List<SourceStockRow> added = new ArrayList<>();
        List<Object[]> updates = new ArrayList<>();
        for (SourceStockRow row : rows) {
            Existing seen = existing.remove(key(row.symbol(), row.warehouse()));
            int quantity = row.sellable();
            if (seen == null) {
                added.add(row);
                changed.add(row.symbol());
            } else if (!row.fingerprint().equals(seen.fingerprint())) {
                updates.add(new Object[] {quantity, row.fingerprint(), now, seen.id()});
                if (quantity != seen.quantity()) {
                    changed.add(row.symbol());
                }
            }
        }
        // rows the source no longer has: nothing of them is left to sell
        existing.forEach((key, gone) -> {
            if (!GONE.equals(gone.fingerprint())) {
                updates.add(new Object[] {0, GONE, now, gone.id()});
                if (gone.quantity() != 0) {
                    changed.add(key.substring(0, key.indexOf('\u0000')));
                }
            }
        });
        // SKU ids are only needed for rows seen for the first time: a steady-state poll skips the lookup
        Map<String, Long> skus = added.isEmpty() ? Map.of() : skus(clientId, added);
        List<Object[]> inserts = added.stream().map(row -> new Object[] {clientId, skus.get(row.symbol()),
                warehouses.get(row.warehouse()), statusId, row.sellable(), row.fingerprint(), now}).toList();
        JdbcBatches.update(jdbc, "INSERT INTO stock_level (client_id, sku_id, warehouse_id, inventory_status_id, quantity, source_fingerprint, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)", inserts);
        JdbcBatches.update(jdbc, "UPDATE stock_level SET quantity = ?, source_fingerprint = ?, updated_at = ? WHERE id = ?", updates);
        // The recalculation requests commit with the stock they are about (the calculator's table,
        // see StockCalculation): a crash between this commit and the stock-changed messages can
        // no longer lose a change, and the calculator starts on a 10,000-SKU poll at its next
        // tick instead of after 10,000 single-message transactions.
        RecalculationRequests.record(jdbc, clientCode, changed);
        return changed;
    }

    /** The client's warehouses by their source reference; a source warehouse seen first is added (not a fulfilment centre). */
    private Map<String, Long> warehouses(long clientId, List<SourceStockRow> rows) {
        Map<String, Long> byRef = new HashMap<>();
        jdbc.query("SELECT source_ref, id FROM warehouse WHERE client_id = ? AND source_ref IS NOT NULL",
                rs -> {
                    byRef.put(rs.getString(1), rs.getLong(2));
                }, clientId);
        for (SourceStockRow row : rows) {
            if (!byRef.containsKey(row.warehouse())) {
                jdbc.update("INSERT INTO warehouse (client_id, code, name, priority, fulfilment_centre, source_ref) VALUES (?, ?, ?, 1000, FALSE, ?)",
                        clientId, row.warehouse(), row.warehouse(), row.warehouse());
                byRef.put(row.warehouse(), jdbc.queryForObject("SELECT id FROM warehouse WHERE client_id = ? AND source_ref = ?",
                        Long.class, clientId, row.warehouse()));
            }
        }
        return byRef;
    }

    private Map<String, Long> skus(long clientId, List<SourceStockRow> rows) {
        Map<String, Long> byCode = new HashMap<>();
        jdbc.query("SELECT code, id FROM sku WHERE client_id = ?", rs -> {
            byCode.put(rs.getString(1), rs.getLong(2));
        }, clientId);
        Set<String> missing = new TreeSet<>();
        rows.stream().map(SourceStockRow::symbol).filter(s -> !byCode.containsKey(s)).forEach(missing::add);
        if (!missing.isEmpty()) {
            JdbcBatches.update(jdbc, "INSERT INTO sku (client_id, code) VALUES (?, ?)",
                    missing.stream().map(code -> new Object[] {clientId, code}).toList());
            jdbc.query("SELECT code, id FROM sku WHERE client_id = ?", rs -> {
                byCode.put(rs.getString(1), rs.getLong(2));
            }, clientId);
        }
        return byCode;
    }

    private static String key(String sku, String warehouse) {
        return sku + '\u0000' + warehouse;
    }

    private record Existing(long id, int quantity, String fingerprint) {
    }
}
