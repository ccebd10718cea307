package dev.kanal.changes;

import dev.kanal.connector.SourceCancelledOrder;
import dev.kanal.orders.ErpWriterLock;
import dev.kanal.orders.OrderChange;
import dev.kanal.orders.OrderChanges;
import dev.kanal.orders.ShopOrderWriter;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The source shop's side of flow 4 (docs/decisions/0049), as {@link ErpOrderDeletions} is the
 * ERP's: a shop order Kanal wrote that the shop's staff cancelled (or refunded in full) while
 * Kanal's order was open becomes a TO_CHANNEL cancellation of the whole order, key
 * {@code shop-cancelled:<shop order id>}: the channel refuses or refunds its lines, its units are
 * released. The shop-shipment poll reads such orders with the completed ones and asks here.
 *
 * <p>Only the staff's cancellations count. Kanal cancels shop orders too, always under the
 * client's {@link ErpWriterLock} and the order's row lock, committing the order CANCELLED (and
 * its change APPLIED) in the transaction that cancelled it in the shop; so each candidate is
 * decided under that lock: an order Kanal cancelled is no longer open, and one whose change is
 * still in flight (a delivery that rolled back after the shop call, to be redelivered) is
 * {@link Decision#WAIT}: the poll reads it again.
 */
public class ShopOrderCancellations {

    private static final Logger log = LoggerFactory.getLogger(ShopOrderCancellations.class);
    private static final String OPEN = "('RECEIVED', 'HELD', 'ACCEPTED', 'AWAITING_PAYMENT', 'IN_ERP')";

    /** The key of the change a staff cancellation of a shop order becomes. */
    public static final String KEY = "shop-cancelled:";

    /** What became of one cancelled shop order. */
    public enum Decision {
        /** Recorded now: {@link Outcome#changeId()} goes to the order-changes hop. */
        RECORDED,
        /** Kanal's order has a change in flight: nothing decided yet, read the shop order again later. */
        WAIT,
        /** Nothing to do: recorded before, Kanal's order closed (Kanal cancelled it itself), or not Kanal's. */
        NOTHING
    }

    public record Outcome(Decision decision, Long changeId, Long orderId) {
        static final Outcome NOTHING = new Outcome(Decision.NOTHING, null, null);
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final OrderChanges changes;
    private final ErpWriterLock writerLock;
    private final Clock clock;

    public ShopOrderCancellations(JdbcTemplate jdbc, TransactionTemplate tx, OrderChanges changes, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.changes = changes;
        this.writerLock = new ErpWriterLock(jdbc);
        this.clock = clock;
    }

    /** Decides one cancelled shop order of the client; records its change in its own transaction when it is the staff's. */
    public Outcome confirm(String client, long clientId, SourceCancelledOrder cancelled) {
        Long orderId = orderOf(client, clientId, cancelled);
        if (orderId == null) {
            return Outcome.NOTHING;
        }
        String key = KEY + cancelled.orderRef();
        writerLock.ensureRow(clientId);
        return tx.execute(s -> {
            // Kanal's own cancellation holds these locks from its shop call to its commit: past them, it shows
            writerLock.lock(clientId);
            Map<String, Object> order = jdbc.queryForList("SELECT status FROM sales_order WHERE id = ? FOR UPDATE", orderId)
                    .stream().findFirst().orElse(null);
            if (order == null || !jdbc.queryForList("SELECT id FROM order_change WHERE order_id = ? AND change_key = ?", Long.class,
                    orderId, key).isEmpty()) {
                return Outcome.NOTHING; // recorded by an earlier poll
            }
            if (!OPEN.contains("'" + order.get("status") + "'")) {
                return Outcome.NOTHING; // cancelled (by Kanal, which cancelled the shop order) or shipped
            }
            if (OrderChanges.hasPending(jdbc, orderId)) {
                return new Outcome(Decision.WAIT, null, orderId); // Kanal's own cancellation may be the one the shop shows
            }
            String reason = "shop order " + cancelled.orderRef() + ("refunded".equals(cancelled.status())
                    ? " refunded in full in the shop" : " cancelled in the shop");
            OrderChanges.NewChange change = new OrderChanges.NewChange(orderId, OrderChange.Direction.TO_CHANNEL, OrderChange.Kind.CANCEL,
                    OrderChange.Origin.ERP, key, List.of(), reason, null);
            if (!OrderChanges.record(jdbc, change, clock)) {
                return Outcome.NOTHING;
            }
            log.info("Shop order {} of order {} ({}) was {} by the shop's staff: the order is cancelled on its channel",
                    cancelled.orderRef(), orderId, client, cancelled.status());
            return new Outcome(Decision.RECORDED, changes.record(change), orderId);
        });
    }

    /**
     * Kanal's order of the shop order: the one that stored it ({@code shop:<id>}), else (a write
     * whose answer was lost) the one its request key names, provided the key is that order's and
     * the order stored no other shop order.
     */
    private Long orderOf(String client, long clientId, SourceCancelledOrder cancelled) {
        String reference = ShopOrderWriter.SHOP_REF + cancelled.orderRef();
        List<Long> stored = jdbc.queryForList("SELECT id FROM sales_order WHERE client_id = ? AND erp_order_ref = ?", Long.class,
                clientId, reference);
        if (stored.size() == 1) {
            return stored.get(0);
        }
        Long named = orderIdIn(client, cancelled.requestKey());
        if (named == null) {
            return null;
        }
        return jdbc.queryForList("""
                SELECT o.id, a.code, o.channel_order_id FROM sales_order o JOIN channel_account a ON a.id = o.channel_account_id
                 WHERE o.id = ? AND o.client_id = ? AND (o.erp_order_ref IS NULL OR o.erp_order_ref = ?)""", named, clientId, reference)
                .stream()
                .filter(row -> ShopOrderWriter.requestKey(client, named, (String) row.get("code"), (String) row.get("channel_order_id"))
                        .equals(cancelled.requestKey()))
                .map(row -> named).findFirst().orElse(null);
    }

    /** The order id a request key ({@code <client>/<order id>/<reference>}) of this client names; null when it names none. */
    static Long orderIdIn(String client, String requestKey) {
        if (requestKey == null || !requestKey.startsWith(client + "/")) {
            return null;
        }
        String rest = requestKey.substring(client.length() + 1);
        int slash = rest.indexOf('/');
        try {
            return slash > 0 ? Long.parseLong(rest.substring(0, slash)) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
