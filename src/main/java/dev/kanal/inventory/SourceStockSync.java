package dev.kanal.inventory;

import dev.kanal.connector.subiekt.SourceStockRow;
import dev.kanal.ops.TableStatistics;
import dev.kanal.support.AfterCommit;
import dev.kanal.support.ArrayParameters;
import dev.kanal.support.JdbcBatches;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
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
    /** Per client id: the levels as last read or written by this node (see V7__client_stock_generation.sql). */
    private final Map<Long, Snapshot> snapshots = new ConcurrentHashMap<>();

    private final TableStatistics statistics;

    public SourceStockSync(JdbcTemplate jdbc, TableStatistics statistics) {
        this.jdbc = jdbc;
        this.statistics = statistics;
    }

    @Transactional
    public Set<String> apply(String clientCode, List<SourceStockRow> rows) {
        long[] client = jdbc.queryForObject("SELECT id, stock_generation FROM client WHERE code = ?",
                (rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}, clientCode);
        long clientId = client[0];
        long generation = client[1];
        List<Long> statuses = jdbc.queryForList("SELECT id FROM inventory_status WHERE client_id = ? AND code = ?",
                Long.class, clientId, SOURCE_STATUS);
        if (statuses.isEmpty()) {
            throw new IllegalStateException("Client " + clientCode + " declares no '" + SOURCE_STATUS
                    + "' inventory status; stock read from its source is booked in it");
        }
        long statusId = statuses.get(0);
        Map<String, Long> warehouses = warehouses(clientId, rows);

        Snapshot cached = snapshots.get(clientId);
        boolean remembered = cached != null && cached.generation() == generation && cached.statusId() == statusId;
        Map<String, Existing> existing = remembered ? cached.levels() : storedLevels(clientId, statusId);

        Timestamp now = Timestamp.from(Instant.now());
        Set<String> changed = new TreeSet<>();
        // which stored levels this poll's rows matched, by slot: a 100,000-key set per poll would be
        // a 1 MB table, a humongous object for G1 that started a concurrent mark every poll
        BitSet seenStored = new BitSet(existing.size());
        Set<String> seenAdded = new HashSet<>();
        List<SourceStockRow> added = new ArrayList<>();
        List<Object[]> updates = new ArrayList<>();
        Map<String, Existing> updated = new HashMap<>();
        for (SourceStockRow row : rows) {
            String key = key(row.symbol(), row.warehouse());
            Existing stored = existing.get(key);
            if (stored == null ? !seenAdded.add(key) : seenStored.get(stored.slot())) {
                continue; // the source listed this product and warehouse twice: the first row counts
            }
            if (stored != null) {
                seenStored.set(stored.slot());
            }
            int quantity = row.sellable();
            if (stored == null) {
                added.add(row);
                changed.add(row.symbol());
            } else if (!row.fingerprint().equals(stored.fingerprint())) {
                updates.add(new Object[] {quantity, row.fingerprint(), now, stored.id()});
                updated.put(key, new Existing(stored.id(), quantity, row.fingerprint(), stored.slot()));
                if (quantity != stored.quantity()) {
                    changed.add(row.symbol());
                }
            }
        }
        // rows the source no longer has: nothing of them is left to sell
        existing.forEach((key, gone) -> {
            if (!seenStored.get(gone.slot()) && !GONE.equals(gone.fingerprint())) {
                updates.add(new Object[] {0, GONE, now, gone.id()});
                updated.put(key, new Existing(gone.id(), 0, GONE, gone.slot()));
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
        writeLevels(updates, now);
        // The recalculation requests commit with the stock they are about (the calculator's table,
        // see StockCalculation): a crash between this commit and the stock-changed messages can
        // no longer lose a change, and the calculator starts on a 10,000-SKU poll at its next
        // tick instead of after 10,000 single-message transactions.
        RecalculationRequests.record(jdbc, clientCode, changed);
        if (!added.isEmpty()) {
            // a first poll of a large ERP: plan the next queries for the tables as they now are
            AfterCommit.run(() -> statistics.afterBulkWrite(added.size(), "sku", "stock_level"));
        }
        remember(clientId, statusId, generation, remembered, existing, added, updated);
        return changed;
    }

    /**
     * What this node knows of the client's levels once this transaction commits. Nothing written:
     * the snapshot stays as it is. Levels updated: the client's generation moves on (refused if
     * another node's poll moved it meanwhile: this poll rolls back and the next one reads the
     * table) and the snapshot follows. Levels inserted: their ids are unknown here, so the next
     * poll reads the table again. A rolled-back poll must not change what is remembered, hence
     * {@link AfterCommit}.
     */
    private void remember(long clientId, long statusId, long generation, boolean remembered, Map<String, Existing> existing,
                          List<SourceStockRow> added, Map<String, Existing> updated) {
        if (added.isEmpty() && updated.isEmpty()) {
            if (!remembered) {
                AfterCommit.run(() -> snapshots.put(clientId, new Snapshot(generation, statusId, existing)));
            }
            return;
        }
        if (jdbc.update("UPDATE client SET stock_generation = ? WHERE id = ? AND stock_generation = ?",
                generation + 1, clientId, generation) != 1) {
            snapshots.remove(clientId);
            throw new IllegalStateException("Another poll changed the stock levels of client " + clientId
                    + " meanwhile; this poll is rolled back and the next one starts from the table");
        }
        if (!added.isEmpty()) {
            AfterCommit.run(() -> snapshots.remove(clientId));
            return;
        }
        Map<String, Existing> next = new HashMap<>(existing);
        next.putAll(updated);
        AfterCommit.run(() -> snapshots.put(clientId, new Snapshot(generation + 1, statusId, next)));
    }

    /**
     * The changed levels ({quantity, fingerprint, time, id} each): on PostgreSQL one statement
     * over arrays, so a 10,000-SKU stock take is one pass instead of 10,000 executions.
     */
    private void writeLevels(List<Object[]> updates, Timestamp now) {
        if (updates.isEmpty()) {
            return;
        }
        if (!ArrayParameters.supported(jdbc)) {
            JdbcBatches.update(jdbc, "UPDATE stock_level SET quantity = ?, source_fingerprint = ?, updated_at = ? WHERE id = ?", updates);
            return;
        }
        List<Long> ids = new ArrayList<>(updates.size());
        List<Integer> quantities = new ArrayList<>(updates.size());
        List<String> fingerprints = new ArrayList<>(updates.size());
        for (Object[] update : updates) {
            quantities.add((Integer) update[0]);
            fingerprints.add((String) update[1]);
            ids.add((Long) update[3]);
        }
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    UPDATE stock_level s SET quantity = v.quantity, source_fingerprint = v.fingerprint, updated_at = ?
                      FROM unnest(?::bigint[], ?::int[], ?::varchar[]) AS v(id, quantity, fingerprint)
                     WHERE s.id = v.id""");
            ps.setTimestamp(1, now);
            ps.setArray(2, ArrayParameters.longs(con, ids));
            ps.setArray(3, ArrayParameters.ints(con, quantities));
            ps.setArray(4, ArrayParameters.texts(con, fingerprints));
            return ps;
        });
    }

    private Map<String, Existing> storedLevels(long clientId, long statusId) {
        Map<String, Existing> levels = new HashMap<>();
        jdbc.query("""
                SELECT sl.id, k.code, w.source_ref, sl.quantity, sl.source_fingerprint FROM stock_level sl
                  JOIN sku k ON k.id = sl.sku_id JOIN warehouse w ON w.id = sl.warehouse_id
                 WHERE sl.client_id = ? AND sl.inventory_status_id = ?
                """, rs -> {
            levels.put(key(rs.getString(2), rs.getString(3)), new Existing(rs.getLong(1), rs.getInt(4), rs.getString(5), levels.size()));
        }, clientId, statusId);
        return levels;
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

    /** A stored level; {@code slot} numbers the levels of one snapshot 0, 1, 2... (kept when a level is updated). */
    private record Existing(long id, int quantity, String fingerprint, int slot) {
    }

    /** A client's stock levels as of its {@code stock_generation}; never modified once stored. */
    private record Snapshot(long generation, long statusId, Map<String, Existing> levels) {
    }
}
