package dev.kanal.connector;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the channel said about one quantity update. A rejected update (unknown listing,
 * validation error) is final; transient failures are thrown, not returned, so they are retried.
 *
 * @param calledAt when the call that carried the quantity went out, where a connector knows it
 *                 and it can be well before the answer: a Back Market task is answered once the
 *                 channel has processed it, a WooCommerce batch call while the push's other calls
 *                 are still on their way. Null: the call went out about when it was answered.
 */
public record PushResult(String channelListingId, int quantity, boolean accepted, String error, Instant calledAt) {

    public PushResult(String channelListingId, int quantity, boolean accepted, String error) {
        this(channelListingId, quantity, accepted, error, null);
    }

    public static PushResult accepted(QuantityUpdate update) {
        return accepted(update, null);
    }

    /** Accepted by the answer to a call made at {@code calledAt}. */
    public static PushResult accepted(QuantityUpdate update, Instant calledAt) {
        return new PushResult(update.channelListingId(), update.quantity(), true, null, calledAt);
    }

    public static PushResult rejected(QuantityUpdate update, String error) {
        return new PushResult(update.channelListingId(), update.quantity(), false, error, null);
    }

    /**
     * The results of a push's first updates, up to the first one without an answer: the
     * {@code completed()} of a push that failed part-way (see {@link ChannelStockConnector}).
     */
    public static List<PushResult> answeredPrefix(PushResult[] results) {
        List<PushResult> prefix = new ArrayList<>();
        for (PushResult result : results) {
            if (result == null) {
                break;
            }
            prefix.add(result);
        }
        return prefix;
    }
}
