package dev.kanal.orders;

import dev.kanal.messaging.QueueBacklog;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The unpaid-order rules, applied by a periodic sweep (route {@code orders-sweep}):
 * an order still waiting for payment {@code remindAfter} after it was received gets one payment
 * reminder event; after {@code cancelAfter} it is cancelled and its allocation released. The
 * sweep also finds orders that became due for the ERP later (a payment that arrived with a
 * re-translation), so the ERP writer picks them up. Safe on several nodes at once: a reminder
 * is claimed with a conditional update, cancellation and the ERP writer are idempotent.
 */
public class UnpaidOrders {

    private static final Logger log = LoggerFactory.getLogger(UnpaidOrders.class);

    /** A payment reminder, as published on the order events topic. */
    public record PaymentReminder(String type, String client, String account, String channelOrderId, long orderId,
            String receivedAt) {
    }

    private final JdbcTemplate jdbc;
    private final OrderCancellation cancellation;
    private final Duration remindAfter;
    private final Duration cancelAfter;
    private final Duration erpRetryAfter;
    private final Clock clock;
    private QueueBacklog backlog;
    private String translatedQueue;
    private String acceptedQueue;

    public UnpaidOrders(JdbcTemplate jdbc, OrderCancellation cancellation, Duration remindAfter, Duration cancelAfter,
            Duration erpRetryAfter, Clock clock) {
        if (cancelAfter.compareTo(remindAfter) <= 0) {
            throw new IllegalArgumentException("kanal.orders.unpaid.cancel-after (" + cancelAfter
                    + ") must be longer than remind-after (" + remindAfter + ")");
        }
        this.jdbc = jdbc;
        this.cancellation = cancellation;
        this.remindAfter = remindAfter;
        this.cancelAfter = cancelAfter;
        this.erpRetryAfter = erpRetryAfter;
        this.clock = clock;
    }

    /**
     * The sweep leaves orders alone while the hop queue they would go to still holds messages
     * ({@link QueueBacklog}: consumers' buffers included): the hop is working off a backlog and the
     * orders are most likely in it, so sending them again would only make it longer (a burst of
     * 10,000 orders had 1,961 re-sent to the ERP writer). Once the queue is drained, an order still
     * waiting lost its message and is sent.
     */
    public UnpaidOrders sweepingAfter(QueueBacklog backlog, String translatedQueue, String acceptedQueue) {
        this.backlog = backlog;
        this.translatedQueue = translatedQueue;
        this.acceptedQueue = acceptedQueue;
        return this;
    }

    private boolean backlogIn(String queue) {
        return backlog != null && backlog.waiting(queue);
    }

    /** Unpaid orders past {@code remindAfter} not reminded yet: each claimed once, answered once. */
    public List<PaymentReminder> remind() {
        Instant now = clock.instant();
        List<PaymentReminder> due = jdbc.query("""
                SELECT o.id, c.code, a.code, o.channel_order_id, o.received_at
                  FROM sales_order o JOIN client c ON c.id = o.client_id JOIN channel_account a ON a.id = o.channel_account_id
                 WHERE o.status = 'AWAITING_PAYMENT' AND o.paid = FALSE AND o.cash_on_delivery = FALSE
                   AND o.payment_reminded_at IS NULL AND o.received_at <= ?
                 ORDER BY o.id""", (rs, n) -> new PaymentReminder("payment-reminder", rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getLong(1), rs.getTimestamp(5).toInstant().toString()), Timestamp.from(now.minus(remindAfter)));
        List<PaymentReminder> claimed = new ArrayList<>();
        for (PaymentReminder reminder : due) {
            int won = jdbc.update("UPDATE sales_order SET payment_reminded_at = ? WHERE id = ? AND payment_reminded_at IS NULL",
                    Timestamp.from(now), reminder.orderId());
            if (won == 1) {
                jdbc.update("INSERT INTO order_event (order_id, type, detail, created_at) VALUES (?, 'PAYMENT_REMINDER', ?, ?)",
                        reminder.orderId(), "unpaid since " + reminder.receivedAt(), Timestamp.from(now));
                claimed.add(reminder);
            }
        }
        if (!claimed.isEmpty()) {
            log.info("Payment reminders for {} unpaid order(s)", claimed.size());
        }
        return claimed;
    }

    /** Cancels unpaid orders past {@code cancelAfter}; answers their ids. */
    public List<Long> cancelExpired() {
        Instant now = clock.instant();
        List<Long> expired = jdbc.queryForList("""
                SELECT id FROM sales_order
                 WHERE status = 'AWAITING_PAYMENT' AND paid = FALSE AND cash_on_delivery = FALSE AND received_at <= ?
                 ORDER BY id""", Long.class, Timestamp.from(now.minus(cancelAfter)));
        List<Long> cancelled = new ArrayList<>();
        for (long id : expired) {
            try {
                cancellation.cancel(id, "unpaid after " + cancelAfter);
                cancelled.add(id);
            } catch (RuntimeException e) {
                // one order's ERP trouble must not stop the others; the next sweep tries again
                log.warn("Could not cancel unpaid order {}: {}", id, e.getMessage());
            }
        }
        return cancelled;
    }

    /**
     * Translated orders to fulfil that never reached allocation a minute later. The import
     * commits the order, then hands it on in the consumed message's JMS transaction; a crash
     * between the two leaves the order stored and the message redelivered, and the redelivery
     * (not newer than what is stored) changes nothing. The sweep hands such orders on again;
     * allocation is idempotent per order.
     */
    public List<Long> awaitingAllocation() {
        if (backlogIn(translatedQueue)) {
            return List.of();
        }
        return jdbc.queryForList("""
                SELECT id FROM sales_order
                 WHERE status = 'RECEIVED' AND hold_reason IS NULL AND allocated_at IS NULL
                   AND mapped_status IN ('TO_FULFIL', 'AWAITING_PAYMENT') AND updated_at <= ?
                 ORDER BY id""", Long.class, Timestamp.from(clock.instant().minus(Duration.ofMinutes(1))));
    }

    /**
     * Orders due for the ERP that have no ZK yet and no attempt in the last {@code erpRetryAfter}
     * (paid after allocation, shipped by their channel on an on-completed account, or a write that
     * failed for good earlier).
     */
    public List<Long> dueForErp() {
        if (backlogIn(acceptedQueue)) {
            return List.of();
        }
        return jdbc.queryForList("""
                SELECT o.id FROM sales_order o JOIN channel_account a ON a.id = o.channel_account_id
                 WHERE o.erp_order_ref IS NULL AND (o.erp_attempted_at IS NULL OR o.erp_attempted_at <= ?)
                   AND ((a.erp_push = 'ON_PAID' AND o.status IN ('ACCEPTED', 'AWAITING_PAYMENT')
                         AND (o.paid = TRUE OR o.cash_on_delivery = TRUE)
                         AND o.allocated_at IS NOT NULL AND o.allocated_at <= ?)
                     OR (a.erp_push = 'ON_COMPLETED' AND o.status = 'SHIPPED'
                         AND o.shipped_by_channel_at IS NOT NULL AND o.shipped_by_channel_at <= ?))
                 ORDER BY o.id""", Long.class, Timestamp.from(clock.instant().minus(erpRetryAfter)),
                Timestamp.from(clock.instant().minus(Duration.ofMinutes(1))), Timestamp.from(clock.instant().minus(Duration.ofMinutes(1))));
    }
}
