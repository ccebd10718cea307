package dev.kanal.connector;

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
}
