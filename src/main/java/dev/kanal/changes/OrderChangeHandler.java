package dev.kanal.changes;

import dev.kanal.orders.OrderChange;

/**
 * Applies one kind of order change in one direction (a Spring bean; {@link OrderChangeApplier}
 * finds it by {@link #direction()} and {@link #kind()}). It runs inside the applier's transaction,
 * which holds the change's row lock and marks it applied in the same commit, so what the handler
 * writes to Kanal's database happens once. Calls to the other side happen before that commit and
 * may be repeated by a redelivery: a handler looks at the other side before it changes anything
 * there.
 */
public interface OrderChangeHandler {

    OrderChange.Direction direction();

    OrderChange.Kind kind();

    /**
     * @return what was done, for the change's {@code detail} and the order's events
     * @throws dev.kanal.support.PermanentFailure (as a runtime exception) when the other side will
     *                                           never take it: the change is FAILED and dead-lettered with the reason
     */
    String apply(OrderChange change);

    /**
     * Whether the handler keeps its own transactions (a bean that commits its own records before
     * and after the other side's answer, e.g. a refund's budget count and refusal): the applier
     * then calls it outside its transaction and marks the change APPLIED afterwards in one of its
     * own. Such a handler must be idempotent by itself: a change applied there and not yet marked
     * (a crash in between) is applied again, and must then do nothing.
     */
    default boolean ownTransactions() {
        return false;
    }

    /**
     * A permanent failure after which the change is to go through later as it is (a channel's
     * daily budget spent): dead-lettered at once with the reason, but left PENDING rather than
     * FAILED, so a replay from the dead-letter queue applies it.
     */
    interface Postponed extends dev.kanal.support.PermanentFailure {
    }
}
