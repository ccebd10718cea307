package dev.kanal.inventory;

import dev.kanal.connector.subiekt.SourceStockRow;
import dev.kanal.ops.TableStatistics;
import dev.kanal.support.AfterCommit;
import dev.kanal.support.ArrayParameters;
import dev.kanal.support.JdbcBatches;
import dev.kanal.support.RederivableCommit;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;
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

    /** The rows of one read of the source, handed over one by one (streamed from the ERP, or from a list). */
    @FunctionalInterface
    public interface Rows {
        void forEach(Consumer<SourceStockRow> each);
    }

    @Transactional
    public Set<String> apply(String clientCode, List<SourceStockRow> rows) {
        return apply(clientCode, rows::forEach);
    }

    /**
     * Compares each row with the stored level as it is read, then writes what changed. Only rows
     * that changed (and rows seen for the first time) are kept past their comparison.
     */
    @Transactional
    public Set<String> apply(String clientCode, Rows rows) {
        return apply(clientCode, rows, true);
    }

    /**
     * The rows of the items a source said changed (a shop's modified-since read, or a webhook):
     * compared and written like {@link #apply(String, Rows)}, but a stored level without a row is
     * left as it is, since the source did not list what did not change.
     */
    @Transactional
    public Set<String> applyChanged(String clientCode, List<SourceStockRow> rows) {
        return apply(clientCode, rows::forEach, false);
    }

    private Set<String> apply(String clientCode, Rows rows, boolean whole) {
        long[] client = jdbc.queryForObject("SELECT id, stock_generation FROM client WHERE code = ?",
                (rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}, clientCode);
        long clientId = client[0];
        long generation = client[1];
        // taken before the source is read: a level written by a later read (a shipment's refresh) is kept
        long readSeq = nextReadSeq();
        List<Long> statuses = jdbc.queryForList("SELECT id FROM inventory_status WHERE client_id = ? AND code = ?",
                Long.class, clientId, SOURCE_STATUS);
        if (statuses.isEmpty()) {
            throw new IllegalStateException("Client " + clientCode + " declares no '" + SOURCE_STATUS
                    + "' inventory status; stock read from its source is booked in it");
        }
        long statusId = statuses.get(0);

        Snapshot cached = snapshots.get(clientId);
        boolean remembered = cached != null && cached.generation() == generation && cached.statusId() == statusId;
        Levels existing = remembered ? cached.levels() : storedLevels(clientId, statusId);

        Set<String> changed = new TreeSet<>();
        // which stored levels this poll's rows matched, by slot: a 100,000-key set per poll would be
        // a 1 MB table, a humongous object for G1 that started a concurrent mark every poll
        BitSet seenStored = new BitSet(existing.size());
        Set<String> seenAdded = new HashSet<>();
        List<SourceStockRow> added = new ArrayList<>();
        List<Level> updated = new ArrayList<>();
        rows.forEach(row -> {
            Existing stored = existing.get(row.warehouse(), row.symbol());
            if (stored == null ? !seenAdded.add(key(row.symbol(), row.warehouse())) : seenStored.get(stored.slot())) {
                return; // the source listed this product and warehouse twice: the first row counts
            }
            if (stored == null) {
                added.add(row);
                changed.add(row.symbol());
                return;
            }
            seenStored.set(stored.slot());
            if (!row.hasFingerprint(stored.fingerprint())) {
                int quantity = row.sellable();
                updated.add(new Level(row.warehouse(), row.symbol(), new Existing(stored.id(), quantity, row.fingerprint(), stored.slot())));
                if (quantity != stored.quantity()) {
                    changed.add(row.symbol());
                }
            }
        });
        // the read is over and compared: this is when the changes are detected
        Timestamp now = Timestamp.from(Instant.now());
        // rows the source no longer has: nothing of them is left to sell
        existing.forEach((warehouse, symbol, gone) -> {
            if (whole && !seenStored.get(gone.slot()) && !GONE.equals(gone.fingerprint())) {
                updated.add(new Level(warehouse, symbol, new Existing(gone.id(), 0, GONE, gone.slot())));
                if (gone.quantity() != 0) {
                    changed.add(symbol);
                }
            }
        });
        if (!added.isEmpty()) {
            Map<String, Long> warehouses = warehouses(clientId, added);
            Map<String, Long> skus = skus(clientId, added);
            List<Object[]> inserts = added.stream().map(row -> new Object[] {clientId, skus.get(row.symbol()),
                    warehouses.get(row.warehouse()), statusId, row.sellable(), row.fingerprint(), now, readSeq}).toList();
            JdbcBatches.update(jdbc, "INSERT INTO stock_level (client_id, sku_id, warehouse_id, inventory_status_id, quantity, source_fingerprint, updated_at, "
                    + "source_read_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", inserts);
        }
        if (added.isEmpty() && !updated.isEmpty()) {
            // what this poll writes the next one finds in the ERP again, should the database lose it
            RederivableCommit.forThisTransaction(jdbc);
        }
        if (!updated.isEmpty()) {
            // the client row first, as a shipment's refresh takes it: the two never wait on each other's rows
            lockClient(clientId);
        }
        int written = writeLevels(updated, now, readSeq);
        // The recalculation requests commit with the stock they are about (the calculator's table,
        // see StockCalculation): a crash between this commit and the stock-changed messages can
        // no longer lose a change, and the calculator starts on a 10,000-SKU poll at its next
        // tick instead of after 10,000 single-message transactions.
        RecalculationRequests.record(jdbc, clientCode, changed);
        if (!added.isEmpty()) {
            // a first poll of a large ERP: plan the next queries for the tables as they now are
            AfterCommit.run(() -> statistics.afterBulkWrite(added.size(), "sku", "stock_level"));
        }
        remember(clientId, statusId, generation, remembered, existing, added, updated, written == updated.size());
        return changed;
    }

    /**
     * Sets the levels of the given rows to what the source shows now, in the caller's transaction:
     * a shipment recorded from an ERP issue document consumes its allocations, and Kanal's copy of
     * the ERP stock must fall in the same commit (decision 0018), whichever poll saw the document
     * first. A level is set, never decremented, so a stock poll that already saw the lower stock
     * makes this a no-op. Levels Kanal does not hold yet are left to the next poll (they count
     * nothing until then).
     * <p>
     * The source is read (through {@code read}) after this refresh took its place in
     * {@code stock_read_seq} and the client row's lock: a level written from a later read is kept,
     * and an earlier read (a poll that began before the shipment) cannot write over this one (V17).
     * When a level changes, the client's generation moves on, so every node's next poll compares
     * the source with the table, not with the levels it remembers (which would miss a later change
     * back to the remembered value); a poll running meanwhile commits what it may write and forgets
     * its levels instead of rolling back (a burst of shipments no longer starves the stock poll).
     *
     * @param read reads the source's current rows of the SKUs concerned
     * @return the SKUs whose sellable units changed (their recalculation is recorded here)
     */
    public Set<String> refresh(String clientCode, Supplier<Collection<SourceStockRow>> read) {
        long[] client = jdbc.queryForObject("SELECT id, stock_generation FROM client WHERE code = ?",
                (rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}, clientCode);
        lockClient(client[0]);
        long readSeq = nextReadSeq();
        Collection<SourceStockRow> rows = read.get();
        if (rows.isEmpty()) {
            return Set.of();
        }
        long clientId = client[0];
        List<Long> statuses = jdbc.queryForList("SELECT id FROM inventory_status WHERE client_id = ? AND code = ?",
                Long.class, clientId, SOURCE_STATUS);
        if (statuses.isEmpty()) {
            return Set.of();
        }
        Map<String, SourceStockRow> byKey = new HashMap<>();
        rows.forEach(row -> byKey.putIfAbsent(key(row.symbol(), row.warehouse()), row));
        List<String> symbols = rows.stream().map(SourceStockRow::symbol).distinct().toList();
        List<Object[]> writes = new ArrayList<>();
        Set<String> changed = new TreeSet<>();
        String in = String.join(", ", Collections.nCopies(symbols.size(), "?"));
        List<Object> args = new ArrayList<>(List.of(clientId, statuses.get(0)));
        args.addAll(symbols);
        jdbc.query("""
                SELECT sl.id, k.code, w.source_ref, sl.quantity, sl.source_fingerprint FROM stock_level sl
                  JOIN sku k ON k.id = sl.sku_id JOIN warehouse w ON w.id = sl.warehouse_id
                 WHERE sl.client_id = ? AND sl.inventory_status_id = ? AND k.code IN (""" + in + ") ORDER BY sl.id", rs -> {
            SourceStockRow row = byKey.get(key(rs.getString(2), rs.getString(3)));
            if (row == null || row.hasFingerprint(rs.getString(5)) && row.sellable() == rs.getInt(4)) {
                return;
            }
            writes.add(new Object[] {row.sellable(), row.fingerprint(), rs.getLong(1), row.symbol(), rs.getInt(4)});
        }, args.toArray());
        if (writes.isEmpty()) {
            return Set.of();
        }
        Timestamp now = Timestamp.from(Instant.now());
        for (Object[] write : writes) {
            // a poll that read the source after this refresh did has written a newer level: keep it
            if (jdbc.update("UPDATE stock_level SET quantity = ?, source_fingerprint = ?, updated_at = ?, source_read_seq = ? "
                    + "WHERE id = ? AND source_read_seq < ?", write[0], write[1], now, readSeq, write[2], readSeq) == 1
                    && (int) write[0] != (int) write[4]) {
                changed.add((String) write[3]);
            }
        }
        jdbc.update("UPDATE client SET stock_generation = ? WHERE id = ?", nextGeneration(client[1]), clientId);
        AfterCommit.run(() -> snapshots.remove(clientId));
        RecalculationRequests.record(jdbc, clientCode, changed);
        return changed;
    }

    /**
     * What this node knows of the client's levels once this transaction commits. Nothing written:
     * the snapshot stays as it is. Levels updated: the client's generation changes and the snapshot
     * follows; when something else moved the generation meanwhile (a shipment's refresh, another
     * node) or a level was kept from a later read, the snapshot is forgotten instead and the next
     * poll reads the table (this poll's writes stand: each was guarded by its read order). Levels
     * inserted: their ids are unknown here, so the next poll reads the table again. A rolled-back poll must not change what is remembered, hence
     * {@link AfterCommit}: the updated levels go into the remembered ones only then, in place
     * (polls of one client never overlap on a node: the Quartz job is stateful), so the commit
     * waits for no copy of 100,000 levels.
     */
    private void remember(long clientId, long statusId, long generation, boolean remembered, Levels existing,
                          List<SourceStockRow> added, List<Level> updated, boolean allWritten) {
        if (added.isEmpty() && updated.isEmpty()) {
            if (!remembered) {
                AfterCommit.run(() -> snapshots.put(clientId, new Snapshot(generation, statusId, existing)));
            }
            return;
        }
        long next = nextGeneration(generation);
        boolean ours = jdbc.update("UPDATE client SET stock_generation = ? WHERE id = ? AND stock_generation = ?",
                next, clientId, generation) == 1;
        if (!ours) {
            jdbc.update("UPDATE client SET stock_generation = ? WHERE id = ?", next, clientId);
        }
        if (!ours || !allWritten || !added.isEmpty()) {
            snapshots.remove(clientId);
            AfterCommit.run(() -> snapshots.remove(clientId));
            return;
        }
        AfterCommit.run(() -> {
            updated.forEach(level -> existing.put(level.warehouse(), level.symbol(), level.level()));
            snapshots.put(clientId, new Snapshot(next, statusId, existing));
        });
    }

    /**
     * A generation no poll has used before (a random one, not the next number): a poll whose
     * commit the database lost in a crash (decision 0013) leaves its generation in this node's
     * memory only, and a counter would hand the same number to the next poll, on another node,
     * that wrote other levels; this node would then trust levels the table does not hold.
     */
    private static long nextGeneration(long current) {
        long next;
        do {
            next = ThreadLocalRandom.current().nextLong();
        } while (next == current);
        return next;
    }

    /**
     * The changed levels ({quantity, fingerprint, time, id} each): on PostgreSQL one statement
     * over arrays, so a 10,000-SKU stock take is one pass instead of 10,000 executions.
     */
    private int writeLevels(List<Level> updated, Timestamp now, long readSeq) {
        if (updated.isEmpty()) {
            return 0;
        }
        if (!ArrayParameters.supported(jdbc)) {
            int[][] counts = jdbc.batchUpdate("UPDATE stock_level SET quantity = ?, source_fingerprint = ?, updated_at = ?, source_read_seq = ? "
                    + "WHERE id = ? AND source_read_seq < ?", updated, 1000, (ps, l) -> {
                ps.setInt(1, l.level().quantity());
                ps.setString(2, l.level().fingerprint());
                ps.setTimestamp(3, now);
                ps.setLong(4, readSeq);
                ps.setLong(5, l.level().id());
                ps.setLong(6, readSeq);
            });
            int written = 0;
            for (int[] batch : counts) {
                for (int count : batch) {
                    written += Math.max(count, 0);
                }
            }
            return written;
        }
        List<Long> ids = new ArrayList<>(updated.size());
        List<Integer> quantities = new ArrayList<>(updated.size());
        List<String> fingerprints = new ArrayList<>(updated.size());
        for (Level update : updated) {
            ids.add(update.level().id());
            quantities.add(update.level().quantity());
            fingerprints.add(update.level().fingerprint());
        }
        return jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    UPDATE stock_level s SET quantity = v.quantity, source_fingerprint = v.fingerprint, updated_at = ?, source_read_seq = ?
                      FROM unnest(?::bigint[], ?::int[], ?::varchar[]) AS v(id, quantity, fingerprint)
                     WHERE s.id = v.id AND s.source_read_seq < ?""");
            ps.setTimestamp(1, now);
            ps.setLong(2, readSeq);
            ps.setArray(3, ArrayParameters.longs(con, ids));
            ps.setArray(4, ArrayParameters.ints(con, quantities));
            ps.setArray(5, ArrayParameters.texts(con, fingerprints));
            ps.setLong(6, readSeq);
            return ps;
        });
    }

    private long nextReadSeq() {
        return jdbc.queryForObject("SELECT nextval('stock_read_seq')", Long.class);
    }

    /**
     * The lock a poll's write and a shipment's refresh share, taken before any level. On PostgreSQL
     * the weaker NO KEY lock: orders and requests inserted for the client (its foreign keys) go on.
     */
    private void lockClient(long clientId) {
        jdbc.queryForList("SELECT id FROM client WHERE id = ? FOR " + (ArrayParameters.supported(jdbc) ? "NO KEY UPDATE" : "UPDATE"),
                Long.class, clientId);
    }

    private Levels storedLevels(long clientId, long statusId) {
        Levels levels = new Levels();
        jdbc.query("""
                SELECT sl.id, k.code, w.source_ref, sl.quantity, sl.source_fingerprint FROM stock_level sl
                  JOIN sku k ON k.id = sl.sku_id JOIN warehouse w ON w.id = sl.warehouse_id
                 WHERE sl.client_id = ? AND sl.inventory_status_id = ?
                """, rs -> {
            levels.put(rs.getString(3), rs.getString(2), new Existing(rs.getLong(1), rs.getInt(4), rs.getString(5), levels.size()));
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

    /** Tells apart new rows of one poll (first sight of a source only). */
    private static String key(String sku, String warehouse) {
        return sku + '\u0000' + warehouse;
    }

    /** A stored level; {@code slot} numbers the levels of one snapshot 0, 1, 2... (kept when a level is updated). */
    private record Existing(long id, int quantity, String fingerprint, int slot) {
    }

    /** A level this poll writes, and where it sits among the remembered ones. */
    private record Level(String warehouse, String symbol, Existing level) {
    }

    /**
     * A client's stored levels by warehouse, then product symbol: a poll looks each of its rows up
     * with the two strings it read, building no key per row.
     */
    private static final class Levels {
        private final Map<String, Map<String, Existing>> byWarehouse = new HashMap<>();
        private int size;

        Existing get(String warehouse, String symbol) {
            Map<String, Existing> ofWarehouse = byWarehouse.get(warehouse);
            return ofWarehouse == null ? null : ofWarehouse.get(symbol);
        }

        void put(String warehouse, String symbol, Existing level) {
            if (byWarehouse.computeIfAbsent(warehouse, w -> new HashMap<>()).put(symbol, level) == null) {
                size++;
            }
        }

        int size() {
            return size;
        }

        void forEach(LevelAction action) {
            byWarehouse.forEach((warehouse, levels) -> levels.forEach((symbol, level) -> action.accept(warehouse, symbol, level)));
        }
    }

    @FunctionalInterface
    private interface LevelAction {
        void accept(String warehouse, String symbol, Existing level);
    }

    /**
     * A client's stock levels as of its {@code stock_generation}. Only the poll that commits the
     * next generation changes them, after its commit and before it stores the next snapshot.
     */
    private record Snapshot(long generation, long statusId, Levels levels) {
    }
}
