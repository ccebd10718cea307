package dev.kanal.connector;

import java.time.Duration;
import java.util.List;

/**
 * The channel answered 429: wait {@link #retryAfter()} and try again.
 *
 * <p>When it happens in the middle of {@link ChannelStockConnector#pushQuantities}, the updates
 * before it may already be applied: {@link #completed()} holds their results, in the order given.
 * Every update from {@code completed().size()} on was not applied and must be sent again.
 */
public class RateLimitedException extends RuntimeException {

    private final Duration retryAfter;
    private final transient List<PushResult> completed;

    public RateLimitedException(String message, Duration retryAfter) {
        this(message, retryAfter, List.of());
    }

    public RateLimitedException(String message, Duration retryAfter, List<PushResult> completed) {
        super(message);
        this.retryAfter = retryAfter;
        this.completed = List.copyOf(completed);
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** Results of the updates handled before the channel said 429; empty when none were. */
    public List<PushResult> completed() {
        return completed == null ? List.of() : completed;
    }
}
