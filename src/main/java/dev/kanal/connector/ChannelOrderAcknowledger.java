package dev.kanal.connector;

import dev.kanal.support.PermanentFailure;

/**
 * A channel that wants each order line accepted (or refused) by the seller before it ships, as
 * Back Market does. Channels without such a step have no acknowledger.
 */
public interface ChannelOrderAcknowledger {

    /**
     * Accepts the order's lines of one channel SKU: the seller will ship them.
     *
     * @throws ChannelUnavailableException       transient failure: try again
     * @throws RateLimitedException              the channel said 429; the account's call budget is already
     *                                           paused for its Retry-After, so the next call waits it out
     * @throws OrderAcknowledgementRefusedException the channel refused the change (wrong state, unknown order)
     */
    void accept(ChannelConnection connection, String channelOrderId, String channelSku);

    /** Refuses the order's lines of one channel SKU (out of stock); the channel cancels and refunds them. */
    void refuse(ChannelConnection connection, String channelOrderId, String channelSku);

    /** The channel answered that it will not make this change; retrying the same call will not help. */
    class OrderAcknowledgementRefusedException extends RuntimeException implements PermanentFailure {
        public OrderAcknowledgementRefusedException(String message) {
            super(message);
        }
    }
}
