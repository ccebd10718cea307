package dev.kanal.returns;

import dev.kanal.changes.OrderChangeHandler;
import dev.kanal.connector.ChannelRefundWriter.RefundBudgetExhaustedException;
import dev.kanal.connector.ChannelRefundWriter.RefundRefusedException;
import dev.kanal.orders.OrderChange;

/**
 * The order-changes hop's handler of a refund Kanal asks for (REFUND, to the channel): the
 * change's key names the stored request, and {@link ChannelRefunds#refund} carries it once (its
 * row locked for the call, the channel looked at first). It keeps its own transactions: the
 * budget's count, a refusal and a spent budget are recorded on the request whatever the hop does.
 * A spent budget postpones the change (PENDING, dead-lettered with the reason; replay it after
 * midnight UTC); a refusal fails it.
 */
public class RefundToChannel implements OrderChangeHandler {

    /** Today's refund budget of the account is used up: the change waits for a replay. */
    public static class BudgetSpentException extends RuntimeException implements OrderChangeHandler.Postponed {
        BudgetSpentException(RefundBudgetExhaustedException spent) {
            super(spent.getMessage(), spent);
        }
    }

    private final ChannelRefunds refunds;

    public RefundToChannel(ChannelRefunds refunds) {
        this.refunds = refunds;
    }

    @Override
    public OrderChange.Direction direction() {
        return OrderChange.Direction.TO_CHANNEL;
    }

    @Override
    public OrderChange.Kind kind() {
        return OrderChange.Kind.REFUND;
    }

    @Override
    public boolean ownTransactions() {
        return true;
    }

    @Override
    public String apply(OrderChange change) {
        long refundId = refunds.refundOf(change.orderId(), change.changeKey());
        String status;
        try {
            status = refunds.refund(refundId);
        } catch (RefundBudgetExhaustedException spent) {
            throw new BudgetSpentException(spent);
        }
        if ("REFUSED".equals(status)) {
            // refused by an earlier delivery (a replay from the dead-letter queue): still refused
            throw new RefundRefusedException("refund " + refundId + " was refused by the channel before");
        }
        return "refund " + refundId + ": " + status;
    }
}
