package dev.kanal.connector;

import java.util.ArrayList;
import java.util.List;

/**
 * What the channel said about one quantity update. A rejected update (unknown listing,
 * validation error) is final; transient failures are thrown, not returned, so they are retried.
 */
public record PushResult(String channelListingId, int quantity, boolean accepted, String error) {

    public static PushResult accepted(QuantityUpdate update) {
        return new PushResult(update.channelListingId(), update.quantity(), true, null);
    }

    public static PushResult rejected(QuantityUpdate update, String error) {
        return new PushResult(update.channelListingId(), update.quantity(), false, error);
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
