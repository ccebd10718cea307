package dev.kanal.stock;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.transaction.annotation.Transactional;

/**
 * Computes calculated quantities for many listings at once in SQL (units counted in the
 * account's warehouses and statuses, open allocations) and stores each as the listing's
 * target quantity. Only the final clamp and the bundle minimum happen in Java
 * ({@link QuantityRule}), so the breakdown and the push use the same arithmetic.
 *
 * <p>Mapping to a SKU counts the SKU's stock levels and all serialized items of its variations;
 * mapping to a variation counts that variation's serialized items. Allocations are subtracted
 * the same way (by SKU, or by variation).
 */
public class QuantityCalculator {

    static final int CHUNK = 500;

    /** Units counted for the listing's account: stock levels of a SKU in W(a) x S(a). */
    private static final String STOCK_UNITS = """
            (SELECT COALESCE(SUM(s.quantity), 0) FROM stock_level s
               JOIN channel_account_warehouse aw ON aw.warehouse_id = s.warehouse_id AND aw.channel_account_id = p.channel_account_id
               JOIN channel_account_status ast ON ast.inventory_status_id = s.inventory_status_id AND ast.channel_account_id = p.channel_account_id
              WHERE s.sku_id = %1$s)""";
    private static final String SERIAL_UNITS_OF_SKU = """
            (SELECT COUNT(*) FROM serialized_item si
               JOIN variation v ON v.id = si.variation_id
               JOIN channel_account_warehouse aw ON aw.warehouse_id = si.warehouse_id AND aw.channel_account_id = p.channel_account_id
               JOIN channel_account_status ast ON ast.inventory_status_id = si.inventory_status_id AND ast.channel_account_id = p.channel_account_id
              WHERE v.sku_id = %1$s)""";
    private static final String ALLOCATED_OF_SKU = """
            (SELECT COALESCE(SUM(al.quantity), 0) FROM allocation al
               JOIN channel_account_warehouse aw ON aw.warehouse_id = al.warehouse_id AND aw.channel_account_id = p.channel_account_id
              WHERE al.status = 'OPEN' AND al.sku_id = %1$s)""";

    /**
     * The three calculations, each for the listings a selection names ({@code %%s}, a condition
     * on the push row {@code p} and {@code m} or {@code bc}). Each row carries the listing's
     * account and current target, so a caller compares and writes only what moved. The SKU-mapped
     * and bundle queries leave out serialized items and allocations where none exist
     * ({@link Kinds}): the subquery of each costs a fifth of the query, per listing.
     */
    private static String skuMapped(boolean serialized, boolean allocations) {
        return """
                SELECT p.listing_id, p.channel_account_id, p.target_quantity, a.buffer, a.max_quantity,
                       %s + %s AS on_hand,
                       %s AS allocated
                  FROM listing_push p
                  JOIN channel_account a ON a.id = p.channel_account_id
                  JOIN listing_mapping m ON m.listing_id = p.listing_id
                 WHERE m.sku_id IS NOT NULL AND %%s
                """.formatted(STOCK_UNITS.formatted("m.sku_id"), serialized ? SERIAL_UNITS_OF_SKU.formatted("m.sku_id") : "0",
                allocations ? ALLOCATED_OF_SKU.formatted("m.sku_id") : "0");
    }

    private static String bundles(boolean serialized, boolean allocations) {
        return """
                SELECT p.listing_id, p.channel_account_id, p.target_quantity, a.buffer, a.max_quantity, bc.units,
                       %s + %s AS on_hand,
                       %s AS allocated
                  FROM listing_push p
                  JOIN channel_account a ON a.id = p.channel_account_id
                  JOIN bundle_component bc ON bc.listing_id = p.listing_id
                 WHERE %%s
                """.formatted(STOCK_UNITS.formatted("bc.component_sku_id"),
                serialized ? SERIAL_UNITS_OF_SKU.formatted("bc.component_sku_id") : "0",
                allocations ? ALLOCATED_OF_SKU.formatted("bc.component_sku_id") : "0");
    }

    /** The SKU-mapped and bundle queries by {@link Kinds#variant()}: with or without serialized items and allocations. */
    private static final List<String> SKU_MAPPED = List.of(skuMapped(false, false), skuMapped(false, true),
            skuMapped(true, false), skuMapped(true, true));
    private static final List<String> BUNDLES = List.of(bundles(false, false), bundles(false, true),
            bundles(true, false), bundles(true, true));

    private static final String VARIATION_MAPPED = """
            SELECT p.listing_id, p.channel_account_id, p.target_quantity, a.buffer, a.max_quantity,
                   (SELECT COUNT(*) FROM serialized_item si
                      JOIN channel_account_warehouse aw ON aw.warehouse_id = si.warehouse_id AND aw.channel_account_id = p.channel_account_id
                      JOIN channel_account_status ast ON ast.inventory_status_id = si.inventory_status_id AND ast.channel_account_id = p.channel_account_id
                     WHERE si.variation_id = m.variation_id) AS on_hand,
                   (SELECT COALESCE(SUM(al.quantity), 0) FROM allocation al
                      JOIN channel_account_warehouse aw ON aw.warehouse_id = al.warehouse_id AND aw.channel_account_id = p.channel_account_id
                     WHERE al.status = 'OPEN' AND al.variation_id = m.variation_id) AS allocated
              FROM listing_push p
              JOIN channel_account a ON a.id = p.channel_account_id
              JOIN listing_mapping m ON m.listing_id = p.listing_id
             WHERE m.variation_id IS NOT NULL AND %s
            """;

    /** The SKU ids of the recalculation requests with ids in a range (two parameters: first and last id). */
    private static final String REQUESTED_SKUS = """
            SELECT k.id FROM stock_recalculation r
              JOIN client c ON c.code = r.client_code
              JOIN sku k ON k.client_id = c.id AND k.code = r.sku
             WHERE r.id BETWEEN ? AND ?""";

    private static final Logger log = LoggerFactory.getLogger(QuantityCalculator.class);

    private final JdbcTemplate jdbc;
    private final PushStateWrites writes;
    private final Clock clock;

    public QuantityCalculator(JdbcTemplate jdbc) {
        this(jdbc, Clock.systemUTC());
    }

    QuantityCalculator(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.writes = new PushStateWrites(jdbc);
        this.clock = clock;
    }

    /** Every mapped or bundle listing of an account. */
    public List<Long> listingsOf(long accountId) {
        return jdbc.queryForList("""
                SELECT l.id FROM listing l WHERE l.channel_account_id = ?
                   AND (EXISTS (SELECT 1 FROM listing_mapping m WHERE m.listing_id = l.id)
                        OR EXISTS (SELECT 1 FROM bundle_component bc WHERE bc.listing_id = l.id))
                """, Long.class, accountId);
    }

    /** Calculated quantity per listing; unmapped listings are absent. */
    public Map<Long, Integer> calculate(Collection<Long> listingIds) {
        return calculate(listingIds, kinds());
    }

    /** As {@link #calculate(Collection)}, leaving out serialized items or allocations as if none existed (tests compare the variants). */
    Map<Long, Integer> calculate(Collection<Long> listingIds, boolean serialized, boolean allocations) {
        Kinds kinds = kinds();
        return calculate(listingIds, new Kinds(kinds.byVariation(), kinds.bundles(), serialized, allocations));
    }

    private Map<Long, Integer> calculate(Collection<Long> listingIds, Kinds kinds) {
        Map<Long, Integer> result = new HashMap<>();
        for (List<Long> chunk : chunks(listingIds)) {
            calculate(Selection.listings(chunk), kinds).forEach((id, c) -> result.put(id, c.quantity()));
        }
        return result;
    }

    /**
     * Calculates and stores the target quantity of each listing; returns the ids of the channel
     * accounts that now have a listing whose target changed.
     */
    @Transactional
    public Set<Long> recalculate(Collection<Long> listingIds) {
        Map<Long, Calculated> calculated = new HashMap<>();
        Kinds kinds = kinds();
        for (List<Long> chunk : chunks(listingIds)) {
            calculated.putAll(calculate(Selection.listings(chunk), kinds));
        }
        return store(calculated);
    }

    /**
     * Recalculates every listing that depends on a SKU named by the recalculation requests with
     * ids from {@code firstId} to {@code lastId}: the requests drive the queries themselves, so a
     * slice of 1,000 SKUs is three statements and one batch of writes, with no id lists sent
     * back and forth. Returns the ids of the accounts whose targets moved.
     */
    @Transactional
    public Set<Long> recalculateRequested(long firstId, long lastId) {
        long started = System.nanoTime();
        Map<Long, Calculated> calculated = calculate(Selection.requests(firstId, lastId), kinds());
        long calculatedAt = System.nanoTime();
        Set<Long> accounts = store(calculated);
        if (log.isDebugEnabled()) {
            log.debug("Requests {}..{}: {} listings calculated in {} ms, moved targets written in {} ms", firstId, lastId,
                    calculated.size(), (calculatedAt - started) / 1_000_000, (System.nanoTime() - calculatedAt) / 1_000_000);
        }
        return accounts;
    }

    /** One listing's calculation: its account, the target it holds now (null: none yet) and the new one. */
    record Calculated(long accountId, Integer current, int quantity) {
        boolean moved() {
            return current == null || current != quantity;
        }
    }

    /** Which listings one calculation covers: a condition per query (see SKU_MAPPED) and its parameters. */
    record Selection(String skuMapped, String variationMapped, String bundles, Object[] args) {

        static Selection listings(List<Long> ids) {
            String in = "p.listing_id IN (" + placeholders(ids.size()) + ")";
            return new Selection(in, in, in, ids.toArray());
        }

        static Selection requests(long firstId, long lastId) {
            return new Selection("m.sku_id IN (" + REQUESTED_SKUS + ")",
                    "m.variation_id IN (SELECT v.id FROM variation v WHERE v.sku_id IN (" + REQUESTED_SKUS + "))",
                    "p.listing_id IN (SELECT bc0.listing_id FROM bundle_component bc0 WHERE bc0.component_sku_id IN (" + REQUESTED_SKUS + "))",
                    new Object[] {firstId, lastId});
        }
    }

    /**
     * What exists at all: most catalogues map by SKU only, and then the variation and bundle
     * queries are skipped; an ERP-fed client without serialized items or open orders needs
     * neither subquery. Asked once per calculation, not per chunk of it. A serialized item or
     * allocation made meanwhile records its own recalculation, which sees it.
     */
    private record Kinds(boolean byVariation, boolean bundles, boolean serialized, boolean allocations) {

        int variant() {
            return (serialized ? 2 : 0) + (allocations ? 1 : 0);
        }
    }

    private Kinds kinds() {
        return new Kinds(exists("SELECT 1 FROM listing_mapping WHERE variation_id IS NOT NULL"), exists("SELECT 1 FROM bundle_component"),
                exists("SELECT 1 FROM serialized_item"), exists("SELECT 1 FROM allocation WHERE status = 'OPEN'"));
    }

    private Map<Long, Calculated> calculate(Selection selection, Kinds kinds) {
        Map<Long, Calculated> result = new HashMap<>();
        RowCallbackHandler mapped = rs -> {
            result.put(rs.getLong("listing_id"), new Calculated(rs.getLong("channel_account_id"), current(rs), single(rs)));
        };
        jdbc.query(SKU_MAPPED.get(kinds.variant()).formatted(selection.skuMapped()), mapped, selection.args());
        if (kinds.byVariation()) {
            jdbc.query(VARIATION_MAPPED.formatted(selection.variationMapped()), mapped, selection.args());
        }
        if (kinds.bundles()) {
            Map<Long, List<QuantityRule.Component>> components = new HashMap<>();
            Map<Long, Calculated> bundles = new HashMap<>();
            jdbc.query(BUNDLES.get(kinds.variant()).formatted(selection.bundles()), rs -> {
                long id = rs.getLong("listing_id");
                components.computeIfAbsent(id, k -> new ArrayList<>()).add(new QuantityRule.Component(single(rs), rs.getInt("units")));
                bundles.putIfAbsent(id, new Calculated(rs.getLong("channel_account_id"), current(rs), 0));
            }, selection.args());
            bundles.forEach((id, b) -> result.put(id, new Calculated(b.accountId(), b.current(), QuantityRule.bundle(components.get(id)))));
        }
        return result;
    }

    /** Writes the targets that moved; returns the accounts they belong to. */
    private Set<Long> store(Map<Long, Calculated> calculated) {
        List<PushStateWrites.Target> moved = calculated.entrySet().stream().filter(e -> e.getValue().moved())
                .map(e -> new PushStateWrites.Target(e.getKey(), e.getValue().accountId(), e.getValue().quantity()))
                .toList();
        return writes.writeTargets(moved, clock.instant());
    }

    private static Integer current(ResultSet rs) throws SQLException {
        return rs.getObject("target_quantity", Integer.class);
    }

    /** One SKU's or variation's calculated quantity from a row of the queries above. */
    private static int single(ResultSet rs) throws SQLException {
        return QuantityRule.calculated(rs.getLong("on_hand"), rs.getLong("allocated"),
                rs.getInt("buffer"), (Integer) rs.getObject("max_quantity", Integer.class));
    }

    private boolean exists(String query) {
        return !jdbc.queryForList(query + " FETCH FIRST 1 ROWS ONLY", Integer.class).isEmpty();
    }

    static List<List<Long>> chunks(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Collections.emptyList();
        }
        List<Long> all = new ArrayList<>(ids);
        List<List<Long>> chunks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += CHUNK) {
            chunks.add(all.subList(from, Math.min(all.size(), from + CHUNK)));
        }
        return chunks;
    }

    static String placeholders(int n) {
        return String.join(",", Collections.nCopies(n, "?"));
    }
}
