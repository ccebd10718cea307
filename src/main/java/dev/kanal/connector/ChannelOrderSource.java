package dev.kanal.connector;

import java.time.Instant;
import java.util.List;

/**
 * Reads a channel account's orders: polls the ones changed since a time, and reads one order's
 * JSON (as polled or as a webhook delivered it) into a {@link ChannelOrder}.
 */
public interface ChannelOrderSource {

    /**
     * Every order the channel changed at or after {@code since}, all pages, oldest change first
     * where the channel allows. Each comes back as the channel's own JSON, untouched.
     *
     * @throws RateLimitedException        the channel said 429
     * @throws ChannelUnavailableException 5xx, timeout, connection error, refused credentials
     */
    List<RawOrder> changedSince(ChannelConnection connection, Instant since);

    /**
     * One order from the channel's JSON.
     *
     * @throws MalformedOrderException when it is not an order of this channel
     */
    ChannelOrder read(String json);

    /** An order as the channel sent it: its id, its last change and its JSON. */
    record RawOrder(String channelOrderId, Instant modifiedAt, String json) {
    }
}
