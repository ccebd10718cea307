package dev.kanal.stock;

import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Why a listing's quantity is what it is: units per warehouse and status (counted or not),
 * open allocations subtracted, buffer, cap, and for a bundle each component's own breakdown.
 * Uses the same {@link QuantityRule} as the calculator, so the explanation and the pushed
 * quantity cannot disagree.
 */
public class QuantityBreakdown {

    private final JdbcTemplate jdbc;

    public QuantityBreakdown(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record Units(String warehouse, String status, String kind, long units, boolean counted) {
    }

    public record Allocated(String order, String warehouse, int quantity, boolean counted) {
    }

    /** The calculation for one SKU or variation under one account's settings. */
    public record Calculation(String sku, Long variationId, List<Units> units, long onHand, List<Allocated> allocations,
                              long allocated, int buffer, Integer max, int quantity) {
    }

    public record Component(String sku, int units, Calculation calculation, int kits) {
    }

    public record Explanation(long listingId, String account, String channelListingId, String channelSku, String mappedTo,
                              Calculation calculation, List<Component> bundle, int quantity, Integer target,
                              Integer lastSent, Integer channelQuantity, String pushError) {
    }

    public Explanation explain(long listingId) {
        var l = jdbc.queryForMap("""
                SELECT l.channel_account_id, a.code AS account, a.buffer, a.max_quantity, l.channel_listing_id, l.channel_sku,
                       p.target_quantity, p.last_sent_quantity, p.channel_quantity, p.push_error,
                       m.sku_id, m.variation_id
                  FROM listing l JOIN channel_account a ON a.id = l.channel_account_id
                  JOIN listing_push p ON p.listing_id = l.id
                  LEFT JOIN listing_mapping m ON m.listing_id = l.id
                 WHERE l.id = ?""", listingId);
        long account = ((Number) l.get("channel_account_id")).longValue();
        int buffer = ((Number) l.get("buffer")).intValue();
        Integer max = l.get("max_quantity") == null ? null : ((Number) l.get("max_quantity")).intValue();
        Calculation calculation = null;
        List<Component> bundle = List.of();
        String mappedTo;
        int quantity;
        if (l.get("variation_id") != null) {
            long variation = ((Number) l.get("variation_id")).longValue();
            calculation = calculate(account, null, variation, buffer, max);
            mappedTo = "variation " + variation;
            quantity = calculation.quantity();
        } else if (l.get("sku_id") != null) {
            calculation = calculate(account, ((Number) l.get("sku_id")).longValue(), null, buffer, max);
            mappedTo = "sku " + calculation.sku();
            quantity = calculation.quantity();
        } else {
            bundle = new ArrayList<>();
            for (var c : jdbc.queryForList("SELECT component_sku_id, units FROM bundle_component WHERE listing_id = ? ORDER BY id", listingId)) {
                Calculation component = calculate(account, ((Number) c.get("component_sku_id")).longValue(), null, buffer, max);
                int units = ((Number) c.get("units")).intValue();
                bundle.add(new Component(component.sku(), units, component, component.quantity() / units));
            }
            mappedTo = bundle.isEmpty() ? "unmapped: never pushed" : "bundle";
            quantity = bundle.isEmpty() ? 0 : QuantityRule.bundle(bundle.stream()
                    .map(c -> new QuantityRule.Component(c.calculation().quantity(), c.units())).toList());
        }
        return new Explanation(listingId, (String) l.get("account"), (String) l.get("channel_listing_id"),
                (String) l.get("channel_sku"), mappedTo, calculation, bundle, quantity,
                (Integer) l.get("target_quantity"), (Integer) l.get("last_sent_quantity"),
                (Integer) l.get("channel_quantity"), (String) l.get("push_error"));
    }

    private Calculation calculate(long account, Long skuId, Long variationId, int buffer, Integer max) {
        String counted = """
                CASE WHEN EXISTS (SELECT 1 FROM channel_account_warehouse aw WHERE aw.channel_account_id = ? AND aw.warehouse_id = w.id)
                      AND EXISTS (SELECT 1 FROM channel_account_status ast WHERE ast.channel_account_id = ? AND ast.inventory_status_id = st.id)
                     THEN TRUE ELSE FALSE END""";
        List<Units> units = new ArrayList<>();
        if (skuId != null) {
            units.addAll(jdbc.query("SELECT w.code, st.code, SUM(s.quantity), " + counted + """
                    
                     FROM stock_level s JOIN warehouse w ON w.id = s.warehouse_id JOIN inventory_status st ON st.id = s.inventory_status_id
                    WHERE s.sku_id = ? GROUP BY w.id, w.code, st.id, st.code ORDER BY w.code, st.code""",
                    (rs, n) -> new Units(rs.getString(1), rs.getString(2), "stock", rs.getLong(3), rs.getBoolean(4)),
                    account, account, skuId));
        }
        units.addAll(jdbc.query("SELECT w.code, st.code, COUNT(*), " + counted + """
                    
                 FROM serialized_item si JOIN variation v ON v.id = si.variation_id
                 JOIN warehouse w ON w.id = si.warehouse_id JOIN inventory_status st ON st.id = si.inventory_status_id
                WHERE\s""" + (variationId != null ? "v.id = ? " : "v.sku_id = ? ") + """
                 GROUP BY w.id, w.code, st.id, st.code ORDER BY w.code, st.code""",
                (rs, n) -> new Units(rs.getString(1), rs.getString(2), "serialized", rs.getLong(3), rs.getBoolean(4)),
                account, account, variationId != null ? variationId : skuId));
        List<Allocated> allocations = jdbc.query("""
                SELECT o.channel_order_id, w.code, al.quantity,
                       CASE WHEN EXISTS (SELECT 1 FROM channel_account_warehouse aw WHERE aw.channel_account_id = ? AND aw.warehouse_id = w.id)
                            THEN TRUE ELSE FALSE END
                  FROM allocation al JOIN warehouse w ON w.id = al.warehouse_id
                  JOIN order_line ol ON ol.id = al.order_line_id JOIN sales_order o ON o.id = ol.order_id
                 WHERE al.status = 'OPEN' AND\s""" + (variationId != null ? "al.variation_id = ? " : "al.sku_id = ? ")
                        + " ORDER BY o.channel_order_id",
                (rs, n) -> new Allocated(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getBoolean(4)),
                account, variationId != null ? variationId : skuId);
        long onHand = units.stream().filter(Units::counted).mapToLong(Units::units).sum();
        long allocated = allocations.stream().filter(Allocated::counted).mapToLong(Allocated::quantity).sum();
        String sku = skuId != null
                ? jdbc.queryForObject("SELECT code FROM sku WHERE id = ?", String.class, skuId)
                : jdbc.queryForObject("SELECT k.code FROM variation v JOIN sku k ON k.id = v.sku_id WHERE v.id = ?", String.class, variationId);
        return new Calculation(sku, variationId, units, onHand, allocations, allocated, buffer, max,
                QuantityRule.calculated(onHand, allocated, buffer, max));
    }
}
