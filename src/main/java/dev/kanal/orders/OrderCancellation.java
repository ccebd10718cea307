package dev.kanal.orders;

import dev.kanal.client.config.ClientRegistry;
import dev.kanal.client.config.SourceConfig;
import dev.kanal.connector.subiekt.ErpOrderInfo;
import dev.kanal.connector.subiekt.SubiektGatewayClient;
import dev.kanal.connector.subiekt.SubiektGatewayException;
import dev.kanal.inventory.RecalculationRequests;
import dev.kanal.inventory.StockChangePublisher;
import dev.kanal.inventory.StockChanged;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Cancels an order (on the channel, unpaid too long, or by an operator): removes its ZK from the
 * ERP if it got there, releases its allocations and announces the released SKUs. Idempotent: a
 * second cancellation finds nothing left to do.
 *
 * <p>All of it runs under the client's {@link ErpWriterLock}, so an ERP writer waiting on the
 * same order sees it cancelled and does not create a ZK after the cancellation removed one.
 * An order whose ZK number Kanal never saw but whose ERP write was attempted is looked up by its
 * channel reference: a timed-out {@code order/add} may have saved it.
 */
public class OrderCancellation {

    private static final Logger log = LoggerFactory.getLogger(OrderCancellation.class);

    /** What {@link #cancel} did. */
    public record Outcome(long orderId, boolean cancelledNow, String erpOrderRemoved, List<String> releasedSkus) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ClientRegistry clients;
    private final SubiektGatewayClient gateway;
    private final StockChangePublisher stockChanges;
    private final ErpWriterLock writerLock;
    private final Clock clock = Clock.systemUTC();

    public OrderCancellation(JdbcTemplate jdbc, TransactionTemplate tx, ClientRegistry clients, SubiektGatewayClient gateway,
            StockChangePublisher stockChanges) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clients = clients;
        this.gateway = gateway;
        this.stockChanges = stockChanges;
        this.writerLock = new ErpWriterLock(jdbc);
    }

    private record OrderRow(long clientId, String client, String account, String channelOrderId, OrderStatus status,
            String erpOrderRef, int erpAttempts) {
    }

    /**
     * @throws IllegalStateException the order was shipped, or the ERP will not delete its ZK (it
     *                               was invoiced): an operator decides
     */
    public Outcome cancel(long orderId, String reason) {
        String why = reason == null || reason.isBlank() ? "cancelled on the channel" : reason;
        OrderRow first = row(orderId);
        writerLock.ensureRow(first.clientId());
        Outcome outcome = tx.execute(status -> {
            writerLock.lock(first.clientId());
            jdbc.queryForList("SELECT id FROM sales_order WHERE id = ? FOR UPDATE", Long.class, orderId);
            OrderRow order = row(orderId);
            if (order.status() == OrderStatus.SHIPPED) {
                throw new IllegalStateException("Order " + orderId + " was shipped: it is returned, not cancelled");
            }
            String removed = removeFromErp(orderId, order);
            List<String> skus = jdbc.queryForList("""
                    SELECT DISTINCT k.code FROM allocation a JOIN order_line l ON l.id = a.order_line_id JOIN sku k ON k.id = a.sku_id
                     WHERE l.order_id = ? AND a.status = 'OPEN' ORDER BY k.code""", String.class, orderId);
            Timestamp now = Timestamp.from(clock.instant());
            jdbc.update("""
                    UPDATE allocation SET status = 'RELEASED', closed_at = ?
                     WHERE status = 'OPEN' AND order_line_id IN (SELECT id FROM order_line WHERE order_id = ?)""", now, orderId);
            boolean cancelledNow = order.status() != OrderStatus.CANCELLED;
            if (cancelledNow || removed != null) {
                jdbc.update("""
                        UPDATE sales_order SET status = 'CANCELLED', hold_reason = NULL, cancel_reason = COALESCE(cancel_reason, ?),
                               erp_order_ref = NULL, updated_at = ?, version = version + 1 WHERE id = ?""", why, now, orderId);
                jdbc.update("INSERT INTO order_event (order_id, type, detail, created_at) VALUES (?, 'CANCELLED', ?, ?)", orderId,
                        why + (removed != null ? "; ZK " + removed + " deleted in the ERP" : "")
                                + (skus.isEmpty() ? "" : "; released " + skus), now);
            }
            RecalculationRequests.record(jdbc, first.client(), skus);
            return new Outcome(orderId, cancelledNow, removed, skus);
        });
        for (String sku : outcome.releasedSkus()) {
            stockChanges.publish(new StockChanged(first.client(), sku, "cancellation", true));
        }
        if (outcome.cancelledNow()) {
            log.info("Order {} cancelled ({}); ERP: {}; released {}", orderId, why,
                    outcome.erpOrderRemoved() == null ? "nothing to remove" : outcome.erpOrderRemoved(), outcome.releasedSkus());
        }
        return outcome;
    }

    /** Deletes the order's ZK, if it has one or may have one; answers its number, or null. */
    private String removeFromErp(long orderId, OrderRow order) {
        String zk = order.erpOrderRef();
        if (zk == null && order.erpAttempts() == 0) {
            return null;
        }
        SourceConfig source = clients.require(order.client()).source();
        if (zk == null) {
            Optional<ErpOrderInfo> saved = gateway.findByReference(source, order.client(),
                    ErpOrderWriter.reference(order.account(), order.channelOrderId()));
            if (saved.isEmpty()) {
                return null;
            }
            zk = saved.get().orderRef();
        }
        try {
            gateway.deleteOrder(source, order.client(), zk);
        } catch (SubiektGatewayException refused) {
            if (refused.getMessage() != null && refused.getMessage().contains("not found")) {
                return zk; // already gone
            }
            throw new IllegalStateException("The ERP will not delete " + zk + " of order " + orderId + ": "
                    + refused.getMessage(), refused);
        }
        return zk;
    }

    private OrderRow row(long orderId) {
        List<OrderRow> rows = jdbc.query("""
                SELECT o.client_id, c.code, a.code, o.channel_order_id, o.status, o.erp_order_ref, o.erp_attempts
                  FROM sales_order o JOIN client c ON c.id = o.client_id JOIN channel_account a ON a.id = o.channel_account_id
                 WHERE o.id = ?""", (rs, n) -> new OrderRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                OrderStatus.valueOf(rs.getString(5)), rs.getString(6), rs.getInt(7)), orderId);
        if (rows.isEmpty()) {
            throw new OrderAllocator.UnknownOrderException(orderId);
        }
        return rows.get(0);
    }
}
