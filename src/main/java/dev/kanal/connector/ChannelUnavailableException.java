package dev.kanal.connector;

import java.util.List;

/**
 * A transient channel failure (5xx, timeout, connection refused): try again with back-off.
 *
 * <p>When it happens in the middle of {@link ChannelStockConnector#pushQuantities}, the updates
 * before it may already be applied: {@link #completed()} holds their results, in the order given.
 * Every update from {@code completed().size()} on must be sent again; the first of them may or
 * may not have reached the channel (a timeout cannot tell), which is harmless because a
 * quantity write sets an absolute value.
 */
public class ChannelUnavailableException extends RuntimeException implements HttpStatusFailure {

    private final transient List<PushResult> completed;
    private final int httpStatus;

    public ChannelUnavailableException(String message, Throwable cause) {
        this(message, cause, List.of());
    }

    public ChannelUnavailableException(String message) {
        this(message, null, List.of());
    }

    public ChannelUnavailableException(String message, Throwable cause, List<PushResult> completed) {
        this(message, cause, completed, 0);
    }

    /** A failure the channel answered with {@code httpStatus} (5xx, or 401/403 where a connector retries those). */
    public ChannelUnavailableException(String message, Throwable cause, List<PushResult> completed, int httpStatus) {
        super(message, cause);
        this.completed = List.copyOf(completed);
        this.httpStatus = httpStatus;
    }

    @Override
    public int httpStatus() {
        return httpStatus;
    }

    /** Results of the updates handled before the failure; empty when none were. */
    public List<PushResult> completed() {
        return completed == null ? List.of() : completed;
    }
}
