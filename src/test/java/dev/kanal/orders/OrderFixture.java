package dev.kanal.orders;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes translated orders straight into the database, as the translation step leaves them
 * (status RECEIVED, lines with SKU/variation set), for the steps after translation to work on.
 */
public class OrderFixture {

    private final JdbcTemplate jdbc;

    public OrderFixture(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A line of a translated order. */
    public record Line(String channelSku, long skuId, Long variationId, int quantity, BigDecimal unitPrice, String channelLineId) {
        public static Line of(String channelSku, long skuId, int quantity) {
            return new Line(channelSku, skuId, null, quantity, new BigDecimal("10.00"), null);
        }
    }

    /** A translated order; answers its id. */
    public long order(long clientId, long accountId, boolean paid, boolean cashOnDelivery, List<Line> lines) {
        return order(clientId, accountId, "CO-" + UUID.randomUUID().toString().substring(0, 12), paid, cashOnDelivery, lines);
    }

    public long order(long clientId, long accountId, String channelOrderId, boolean paid, boolean cashOnDelivery, List<Line> lines) {
        BigDecimal total = lines.stream().map(l -> l.unitPrice().multiply(BigDecimal.valueOf(l.quantity())))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        jdbc.update("""
                INSERT INTO sales_order (client_id, channel_account_id, channel_order_id, channel_status, status, customer_name,
                                         paid, cash_on_delivery, currency, total, received_at)
                VALUES (?, ?, ?, '1', 'RECEIVED', 'Jan Kowalski', ?, ?, 'EUR', ?, CURRENT_TIMESTAMP)""",
                clientId, accountId, channelOrderId, paid, cashOnDelivery, total);
        long orderId = jdbc.queryForObject("SELECT id FROM sales_order WHERE channel_account_id = ? AND channel_order_id = ?",
                Long.class, accountId, channelOrderId);
        int lineNo = 1;
        for (Line line : lines) {
            jdbc.update("""
                    INSERT INTO order_line (order_id, line_no, channel_line_id, channel_sku, sku_id, variation_id, quantity, unit_price)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", orderId, lineNo, line.channelLineId() != null ? line.channelLineId() : "L" + lineNo,
                    line.channelSku(), line.skuId(), line.variationId(), line.quantity(), line.unitPrice());
            lineNo++;
        }
        return orderId;
    }

    public String status(long orderId) {
        return jdbc.queryForObject("SELECT status FROM sales_order WHERE id = ?", String.class, orderId);
    }

    public boolean oversold(long orderId) {
        return jdbc.queryForObject("SELECT oversold FROM sales_order WHERE id = ?", Boolean.class, orderId);
    }

    /** Open units allocated to the order's lines. */
    public int allocated(long orderId) {
        return jdbc.queryForObject("""
                SELECT COALESCE(SUM(a.quantity), 0) FROM allocation a JOIN order_line l ON l.id = a.order_line_id
                 WHERE l.order_id = ? AND a.status = 'OPEN'""", Integer.class, orderId);
    }

    public int missing(long orderId) {
        return jdbc.queryForObject("SELECT COALESCE(SUM(missing_quantity), 0) FROM order_line WHERE order_id = ?", Integer.class, orderId);
    }

    /** Open allocations of the order by warehouse id: quantity. */
    public List<long[]> allocations(long orderId) {
        return jdbc.query("""
                SELECT a.warehouse_id, a.quantity FROM allocation a JOIN order_line l ON l.id = a.order_line_id
                 WHERE l.order_id = ? AND a.status = 'OPEN' ORDER BY a.id""",
                (rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}, orderId);
    }

    public String erpRef(long orderId) {
        return jdbc.queryForObject("SELECT erp_order_ref FROM sales_order WHERE id = ?", String.class, orderId);
    }
}
