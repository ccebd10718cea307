package dev.kanal.connector;

import dev.kanal.support.PermanentFailure;

/**
 * Refunds lines of a channel order (flow 4). A writer looks at the channel first and refunds only
 * what it does not show refunded yet, so a redelivered message, or a crash between the call and
 * Kanal's commit, never refunds twice. Calls go through the account's call budget.
 */
public interface ChannelRefundWriter {

    /**
     * Refund calls this channel allows per account and UTC day (0: no such limit). Kanal counts
     * them itself, before each call, so the limit holds across its nodes.
     */
    default int dailyRefundCalls() {
        return 0;
    }

    /**
     * @param budget taken once before each refund call the channel counts
     * @return the channel's reference of what it refunded (its answer), for the record
     * @throws RefundRefusedException the channel will not refund it; retrying cannot help
     */
    String refund(ChannelConnection connection, OutgoingRefund refund, Runnable budget);

    /** The channel refuses the refund for good (a line in a state that cannot be refunded, an amount too high). */
    class RefundRefusedException extends RuntimeException implements PermanentFailure {
        public RefundRefusedException(String message) {
            super(message);
        }
    }

    /** The channel's daily refund budget is used up: try again after midnight UTC. */
    class RefundBudgetExhaustedException extends RuntimeException implements PermanentFailure {
        public RefundBudgetExhaustedException(String message) {
            super(message);
        }
    }
}
