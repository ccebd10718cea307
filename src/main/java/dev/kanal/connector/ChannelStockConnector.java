package dev.kanal.connector;

import java.util.List;

/**
 * Reads a channel account's listings and writes quantities to them. Implementations respect
 * the account's call budget ({@link CallBudget}) and use the channel's bulk endpoint where it
 * has one.
 *
 * <p>Failures: {@link RateLimitedException} when the channel answered 429 (carrying how long to
 * wait), {@link ChannelUnavailableException} for 5xx, timeouts and connection errors. Both are
 * transient: the caller keeps the updates and tries again later.
 */
public interface ChannelStockConnector {

    /** The channel type this connector serves, as in client configuration (e.g. BACKMARKET). */
    String channelType();

    /** Every listing of the account, all pages. */
    List<ChannelListing> fetchListings(ChannelConnection connection);

    /** Writes the quantities; one result per update, in the order given. */
    List<PushResult> pushQuantities(ChannelConnection connection, List<QuantityUpdate> updates);
}
