package dev.kanal.changes;

import dev.kanal.orders.OrderChange;
import dev.kanal.orders.OrderChanges;
import dev.kanal.support.PermanentFailure;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code kanal.order.changes} hop (routes/flows/order-changes.camel.yaml): one change, applied
 * once, by the {@link OrderChangeHandler} of its direction and kind.
 *
 * <p><b>Exactly once.</b> Each delivery is counted first, in its own commit (a handler learns from
 * the count whether an earlier delivery may have reached the other side). Then, in one
 * transaction, the change's row is locked, an APPLIED change is left alone (a redelivery, the
 * sweep's second message), the handler runs, and the change is marked APPLIED: Kanal's side of it
 * and the mark commit together. The other side is called before that commit; handlers look there
 * first, so a redelivery after a crash does not call it twice.
 *
 * <p><b>Failures.</b> A permanent one (the other side will never take it) marks the change FAILED
 * with the reason and is rethrown: the route parks the message in the dead-letter queue at once
 * (decision 0016); a {@link OrderChangeHandler.Postponed} one leaves it PENDING with the reason and
 * is dead-lettered too. A transient one records the reason on the change and is rethrown for the
 * broker's redelivery. A FAILED change replayed from the dead-letter queue is tried again.
 */
public class OrderChangeApplier {

    private static final Logger log = LoggerFactory.getLogger(OrderChangeApplier.class);

    /** No change has this id: nothing to apply, ever. */
    public static class UnknownChangeException extends IllegalArgumentException implements PermanentFailure {
        UnknownChangeException(long id) {
            super("no order change " + id);
        }
    }

    /** Kanal has no handler for the change's direction and kind (yet). */
    public static class NoHandlerException extends IllegalStateException implements PermanentFailure {
        NoHandlerException(OrderChange change) {
            super("no handler for " + change.direction() + " " + change.kind() + " (order change " + change.id() + ")");
        }
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final TransactionTemplate ownTx;
    private final OrderChanges changes;
    private final Map<String, OrderChangeHandler> handlers = new HashMap<>();
    private final Clock clock;

    public OrderChangeApplier(JdbcTemplate jdbc, TransactionTemplate tx, OrderChanges changes, List<OrderChangeHandler> handlers,
            Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.ownTx = new TransactionTemplate(tx.getTransactionManager());
        this.ownTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.changes = changes;
        this.clock = clock;
        for (OrderChangeHandler handler : handlers) {
            OrderChangeHandler other = this.handlers.put(key(handler.direction(), handler.kind()), handler);
            if (other != null) {
                throw new IllegalStateException("two handlers of " + handler.direction() + " " + handler.kind() + ": "
                        + other.getClass().getSimpleName() + " and " + handler.getClass().getSimpleName());
            }
        }
    }

    /**
     * Applies the change unless it was applied before.
     *
     * @return the change's status afterwards: APPLIED
     */
    public OrderChange.Status apply(long changeId) {
        OrderChange first = changes.find(changeId).orElseThrow(() -> new UnknownChangeException(changeId));
        if (first.status() == OrderChange.Status.APPLIED) {
            return first.status();
        }
        OrderChangeHandler handler = handlers.get(key(first.direction(), first.kind()));
        if (handler == null) {
            NoHandlerException none = new NoHandlerException(first);
            fail(first, none.getMessage());
            throw none;
        }
        ownTx.executeWithoutResult(s -> jdbc.update("UPDATE order_change SET attempts = attempts + 1 WHERE id = ?", changeId));
        try {
            if (handler.ownTransactions()) {
                OrderChange change = changes.find(changeId).orElseThrow(() -> new UnknownChangeException(changeId));
                String detail = handler.apply(change);
                return tx.execute(s -> markApplied(change, detail));
            }
            return tx.execute(s -> {
                String status = jdbc.queryForObject("SELECT status FROM order_change WHERE id = ? FOR UPDATE", String.class, changeId);
                if (OrderChange.Status.APPLIED.name().equals(status)) {
                    return OrderChange.Status.APPLIED; // another delivery applied it while this one waited
                }
                OrderChange change = changes.find(changeId).orElseThrow(() -> new UnknownChangeException(changeId));
                return markApplied(change, handler.apply(change));
            });
        } catch (RuntimeException failure) {
            String reason = failure.getClass().getSimpleName() + ": " + failure.getMessage();
            if (postponed(failure)) {
                ownTx.executeWithoutResult(s -> jdbc.update("UPDATE order_change SET detail = ? WHERE id = ?",
                        OrderChanges.truncate("postponed, to be replayed from the dead-letter queue: " + reason, 2000), changeId));
            } else if (permanent(failure)) {
                fail(first, reason);
            } else {
                ownTx.executeWithoutResult(s -> jdbc.update("UPDATE order_change SET detail = ? WHERE id = ?",
                        OrderChanges.truncate("attempt failed, to be retried: " + reason, 2000), changeId));
            }
            throw failure;
        }
    }

    /** In the caller's transaction: the change is APPLIED with what was done (unless a delivery marked it first). */
    private OrderChange.Status markApplied(OrderChange change, String detail) {
        jdbc.update("UPDATE order_change SET status = 'APPLIED', detail = ?, applied_at = ? WHERE id = ? AND status <> 'APPLIED'",
                OrderChanges.truncate(detail, 2000), now(), change.id());
        log.info("Order change {} ({} {} of order {}, {}) applied: {}", change.id(), change.direction(), change.kind(),
                change.orderId(), change.changeKey(), detail);
        return OrderChange.Status.APPLIED;
    }

    /** Changes whose message was lost (recorded over a minute ago, never delivered): the sweep sends them again. */
    public List<Long> owed() {
        return changes.owed(Duration.ofMinutes(1));
    }

    private void fail(OrderChange change, String reason) {
        ownTx.executeWithoutResult(s -> {
            jdbc.update("UPDATE order_change SET status = 'FAILED', detail = ? WHERE id = ?", OrderChanges.truncate(reason, 2000),
                    change.id());
            jdbc.update("INSERT INTO order_event (order_id, type, detail, created_at) VALUES (?, 'CHANGE_FAILED', ?, ?)",
                    change.orderId(), OrderChanges.truncate(change.changeKey() + ": " + reason, 1024), now());
        });
        log.warn("Order change {} ({} {} of order {}) failed for good: {}", change.id(), change.direction(), change.kind(),
                change.orderId(), reason);
    }

    private static boolean postponed(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof OrderChangeHandler.Postponed) {
                return true;
            }
        }
        return false;
    }

    private static boolean permanent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PermanentFailure) {
                return true;
            }
        }
        return false;
    }

    private static String key(OrderChange.Direction direction, OrderChange.Kind kind) {
        return direction + "/" + kind;
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }
}
