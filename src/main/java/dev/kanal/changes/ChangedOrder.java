package dev.kanal.changes;

import java.math.BigDecimal;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/** An order as the change handlers need it: where it came from and its lines. */
record ChangedOrder(long id, String client, String account, String channelType, String channelOrderId, String status,
                    List<Line> lines) {

    record Line(long id, int lineNo, String channelLineId, String channelSku, int quantity, int shipped, int cancelled,
                BigDecimal unitPrice) {
        int left() {
            return quantity - shipped - cancelled;
        }
    }

    static ChangedOrder load(JdbcTemplate jdbc, long orderId) {
        List<Line> lines = jdbc.query("""
                SELECT id, line_no, channel_line_id, channel_sku, quantity, shipped_quantity, cancelled_quantity, unit_price
                  FROM order_line WHERE order_id = ? ORDER BY line_no""", (rs, n) -> new Line(rs.getLong(1), rs.getInt(2),
                rs.getString(3), rs.getString(4), rs.getInt(5), rs.getInt(6), rs.getInt(7), rs.getBigDecimal(8)), orderId);
        return jdbc.query("""
                SELECT o.id, c.code, a.code, a.channel_type, o.channel_order_id, o.status
                  FROM sales_order o JOIN client c ON c.id = o.client_id JOIN channel_account a ON a.id = o.channel_account_id
                 WHERE o.id = ?""", (rs, n) -> new ChangedOrder(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), lines), orderId).stream().findFirst()
                .orElseThrow(() -> new dev.kanal.orders.OrderAllocator.UnknownOrderException(orderId));
    }

    Line line(long orderLineId) {
        return lines.stream().filter(l -> l.id() == orderLineId).findFirst().orElse(null);
    }
}
