package dev.kanal.console;

import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/** The console's read-only queries over listings and orders. */
final class ConsoleQueries {

    private final JdbcTemplate jdbc;

    ConsoleQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Listings with calculated (target) and channel quantity, drift (channel minus calculated) and mapping. */
    List<Map<String, Object>> listings(String client, String account, boolean unmappedOnly) {
        return jdbc.queryForList("""
                SELECT l.id, a.code AS account, l.channel_listing_id, l.channel_sku, l.title, p.target_quantity,
                       p.channel_quantity, p.last_sent_quantity, p.last_sent_at, p.push_error,
                       CASE WHEN p.channel_quantity IS NULL OR p.target_quantity IS NULL THEN NULL
                            ELSE p.channel_quantity - p.target_quantity END AS drift,
                       k.code AS sku, m.variation_id,
                       CASE WHEN m.id IS NULL AND NOT EXISTS (SELECT 1 FROM bundle_component bc WHERE bc.listing_id = l.id)
                            THEN TRUE ELSE FALSE END AS unmapped
                  FROM listing l JOIN listing_push p ON p.listing_id = l.id
                  JOIN channel_account a ON a.id = l.channel_account_id JOIN client c ON c.id = a.client_id
                  LEFT JOIN listing_mapping m ON m.listing_id = l.id LEFT JOIN sku k ON k.id = m.sku_id
                 WHERE c.code = ? AND (CAST(? AS VARCHAR) IS NULL OR a.code = ?)
                   AND (? = FALSE OR (m.id IS NULL AND NOT EXISTS (SELECT 1 FROM bundle_component bc WHERE bc.listing_id = l.id)))
                 ORDER BY a.code, l.channel_listing_id
                 LIMIT 500""", client, account, account, unmappedOnly);
    }

    boolean listingOf(String client, long listingId) {
        return !jdbc.queryForList("""
                SELECT l.id FROM listing l JOIN channel_account a ON a.id = l.channel_account_id JOIN client c ON c.id = a.client_id
                 WHERE c.code = ? AND l.id = ?""", Long.class, client, listingId).isEmpty();
    }

    List<Map<String, Object>> orders(String client, String status, String account, String reason) {
        return jdbc.queryForList("""
                SELECT o.id, a.code AS account, a.channel_type AS channel, o.channel_order_id, o.status, o.hold_reason,
                       o.customer_name, o.paid, o.currency, o.total, o.erp_order_ref, o.received_at, o.updated_at
                  FROM sales_order o JOIN channel_account a ON a.id = o.channel_account_id JOIN client c ON c.id = o.client_id
                 WHERE c.code = ? AND (CAST(? AS VARCHAR) IS NULL OR o.status = ?)
                   AND (CAST(? AS VARCHAR) IS NULL OR a.code = ?) AND (CAST(? AS VARCHAR) IS NULL OR o.hold_reason = ?)
                 ORDER BY o.id DESC LIMIT 200""", client, status, status, account, account, reason, reason);
    }

    /** Each reason orders are held for now, with how many. */
    List<Map<String, Object>> heldReasons(String client) {
        return jdbc.queryForList("""
                SELECT o.hold_reason AS reason, COUNT(*) AS orders
                  FROM sales_order o JOIN client c ON c.id = o.client_id
                 WHERE c.code = ? AND o.status = 'HELD' AND o.hold_reason IS NOT NULL
                 GROUP BY o.hold_reason ORDER BY COUNT(*) DESC""", client);
    }
}
