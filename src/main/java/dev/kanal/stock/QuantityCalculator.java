package dev.kanal.stock;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
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
               JOIN channel_account_warehouse aw ON aw.warehouse_id = s.warehouse_id AND aw.channel_account_id = l.channel_account_id
               JOIN channel_account_status ast ON ast.inventory_status_id = s.inventory_status_id AND ast.channel_account_id = l.channel_account_id
              WHERE s.sku_id = %1$s)""";
    private static final String SERIAL_UNITS_OF_SKU = """
            (SELECT COUNT(*) FROM serialized_item si
               JOIN variation v ON v.id = si.variation_id
               JOIN channel_account_warehouse aw ON aw.warehouse_id = si.warehouse_id AND aw.channel_account_id = l.channel_account_id
               JOIN channel_account_status ast ON ast.inventory_status_id = si.inventory_status_id AND ast.channel_account_id = l.channel_account_id
              WHERE v.sku_id = %1$s)""";
    private static final String ALLOCATED_OF_SKU = """
            (SELECT COALESCE(SUM(al.quantity), 0) FROM allocation al
               JOIN channel_account_warehouse aw ON aw.warehouse_id = al.warehouse_id AND aw.channel_account_id = l.channel_account_id
              WHERE al.status = 'OPEN' AND al.sku_id = %1$s)""";

    private static final String SKU_MAPPED = """
            SELECT l.id, a.buffer, a.max_quantity,
                   %s + %s AS on_hand,
                   %s AS allocated
              FROM listing l
              JOIN channel_account a ON a.id = l.channel_account_id
              JOIN listing_mapping m ON m.listing_id = l.id
             WHERE m.sku_id IS NOT NULL AND l.id IN (%%s)
            """.formatted(STOCK_UNITS.formatted("m.sku_id"), SERIAL_UNITS_OF_SKU.formatted("m.sku_id"),
            ALLOCATED_OF_SKU.formatted("m.sku_id"));

    private static final String VARIATION_MAPPED = """
            SELECT l.id, a.buffer, a.max_quantity,
                   (SELECT COUNT(*) FROM serialized_item si
                      JOIN channel_account_warehouse aw ON aw.warehouse_id = si.warehouse_id AND aw.channel_account_id = l.channel_account_id
                      JOIN channel_account_status ast ON ast.inventory_status_id = si.inventory_status_id AND ast.channel_account_id = l.channel_account_id
                     WHERE si.variation_id = m.variation_id) AS on_hand,
                   (SELECT COALESCE(SUM(al.quantity), 0) FROM allocation al
                      JOIN channel_account_warehouse aw ON aw.warehouse_id = al.warehouse_id AND aw.channel_account_id = l.channel_account_id
                     WHERE al.status = 'OPEN' AND al.variation_id = m.variation_id) AS allocated
              FROM listing l
              JOIN channel_account a ON a.id = l.channel_account_id
              JOIN listing_mapping m ON m.listing_id = l.id
             WHERE m.variation_id IS NOT NULL AND l.id IN (%s)
            """;

    private static final String BUNDLES = """
            SELECT l.id, a.buffer, a.max_quantity, bc.units,
                   %s + %s AS on_hand,
                   %s AS allocated
              FROM listing l
              JOIN channel_account a ON a.id = l.channel_account_id
              JOIN bundle_component bc ON bc.listing_id = l.id
             WHERE l.id IN (%%s)
            """.formatted(STOCK_UNITS.formatted("bc.component_sku_id"), SERIAL_UNITS_OF_SKU.formatted("bc.component_sku_id"),
            ALLOCATED_OF_SKU.formatted("bc.component_sku_id"));

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public QuantityCalculator(JdbcTemplate jdbc) {
        this(jdbc, Clock.systemUTC());
    }

    QuantityCalculator(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Listings whose quantity depends on this SKU: mapped to it, to one of its variations, or bundling it. */
    public List<Long> listingsAffectedBy(String clientCode, String sku) {
        return new ArrayList<>(listingsAffectedBy(clientCode, List.of(sku)));
    }

    /** Listings whose quantity depends on any of these SKUs of one client. */
    public Set<Long> listingsAffectedBy(String clientCode, Collection<String> skus) {
        Set<Long> listings = new LinkedHashSet<>();
        List<String> all = new ArrayList<>(skus);
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            String in = placeholders(chunk.size());
            List<Object> args = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                args.add(clientCode);
                args.addAll(chunk);
            }
            listings.addAll(jdbc.queryForList("""
                    SELECT m.listing_id FROM listing_mapping m JOIN sku k ON k.id = m.sku_id
                      JOIN client c ON c.id = k.client_id WHERE c.code = ? AND k.code IN (%1$s)
                    UNION
                    SELECT m.listing_id FROM listing_mapping m JOIN variation v ON v.id = m.variation_id
                      JOIN sku k ON k.id = v.sku_id JOIN client c ON c.id = k.client_id WHERE c.code = ? AND k.code IN (%1$s)
                    UNION
                    SELECT bc.listing_id FROM bundle_component bc JOIN sku k ON k.id = bc.component_sku_id
                      JOIN client c ON c.id = k.client_id WHERE c.code = ? AND k.code IN (%1$s)
                    """.formatted(in), Long.class, args.toArray()));
        }
        return listings;
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
        Map<Long, Integer> result = new HashMap<>();
        Map<Long, List<QuantityRule.Component>> bundles = new HashMap<>();
        // most catalogues map by SKU only: skip the other two queries when no listing could match
        boolean anyByVariation = !listingIds.isEmpty() && exists("SELECT 1 FROM listing_mapping WHERE variation_id IS NOT NULL");
        boolean anyBundle = !listingIds.isEmpty() && exists("SELECT 1 FROM bundle_component");
        for (List<Long> chunk : chunks(listingIds)) {
            String in = placeholders(chunk.size());
            Object[] args = chunk.toArray();
            jdbc.query(SKU_MAPPED.formatted(in), rs -> {
                result.put(rs.getLong("id"), single(rs));
            }, args);
            if (anyByVariation) {
                jdbc.query(VARIATION_MAPPED.formatted(in), rs -> {
                    result.put(rs.getLong("id"), single(rs));
                }, args);
            }
            if (anyBundle) {
                jdbc.query(BUNDLES.formatted(in), rs -> {
                    bundles.computeIfAbsent(rs.getLong("id"), id -> new ArrayList<>())
                            .add(new QuantityRule.Component(single(rs), rs.getInt("units")));
                }, args);
            }
        }
        bundles.forEach((listing, components) -> result.put(listing, QuantityRule.bundle(components)));
        return result;
    }

    /**
     * Calculates and stores the target quantity of each listing; returns the ids of the channel
     * accounts that now have a listing whose target changed.
     */
    @Transactional
    public Set<Long> recalculate(Collection<Long> listingIds) {
        if (listingIds.isEmpty()) {
            return Set.of();
        }
        Map<Long, Integer> quantities = calculate(listingIds);
        Timestamp now = Timestamp.from(clock.instant());
        List<Long> ids = new ArrayList<>(quantities.keySet());
        ids.sort(Long::compare); // a stable lock order when two calculations touch the same listings
        int[][] counts = jdbc.batchUpdate(
                "UPDATE listing SET target_quantity = ?, target_at = ? WHERE id = ? AND (target_quantity IS NULL OR target_quantity <> ?)",
                ids, 1000, (ps, id) -> {
                    int quantity = quantities.get(id);
                    ps.setInt(1, quantity);
                    ps.setTimestamp(2, now);
                    ps.setLong(3, id);
                    ps.setInt(4, quantity);
                });
        List<Long> changedListings = new ArrayList<>();
        int i = 0;
        for (int[] batch : counts) {
            for (int count : batch) {
                if (count != 0) {
                    changedListings.add(ids.get(i));
                }
                i++;
            }
        }
        Set<Long> changed = new LinkedHashSet<>();
        for (List<Long> chunk : chunks(changedListings)) {
            changed.addAll(jdbc.queryForList("SELECT DISTINCT channel_account_id FROM listing WHERE id IN ("
                    + placeholders(chunk.size()) + ")", Long.class, chunk.toArray()));
        }
        return changed;
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
