package dev.kanal.connector;

import dev.kanal.support.PermanentFailure;
import java.math.BigDecimal;
import java.util.List;

/**
 * Cancels order lines, or a whole order, on a channel before they shipped (flow 4): the channel
 * refuses or refunds them. A canceller looks at the channel's order first and sends only what the
 * channel does not show yet, so a redelivered change, or a crash between the call and Kanal's
 * commit, calls the channel once. Calls go through the account's call budget; 429 and 5xx throw
 * {@link RateLimitedException}/{@link ChannelUnavailableException} (try again later).
 */
public interface ChannelOrderCanceller {

    /**
     * @throws CancellationRefusedException the channel will not take it (the lines shipped, a state
     *                                      the seller cannot move on): retrying cannot help
     */
    Cancelled cancel(ChannelConnection connection, Cancellation cancellation);

    /**
     * The lines a refund covers, for channels that list refunds on the order without their lines
     * (WooCommerce). Empty when the refund names no line (an amount only).
     */
    default List<RefundedLine> refundedLines(ChannelConnection connection, String channelOrderId, String refundId) {
        return List.of();
    }

    /**
     * What to cancel.
     *
     * @param wholeOrder every line of the order (then {@code lines} lists them too)
     * @param marker     unique per change: the canceller leaves it where the channel keeps it (a
     *                   refund's reason), so a retry finds its own earlier call and Kanal's poll
     *                   does not mistake it for the channel's own refund
     */
    record Cancellation(String channelOrderId, boolean wholeOrder, List<Line> lines, String reason, String marker) {
        public Cancellation {
            lines = List.copyOf(lines);
        }
    }

    /** A channel line and how many of its units to cancel. */
    record Line(String channelLineId, String channelSku, int quantity, BigDecimal unitPrice) {
    }

    /** What the channel shows now: what was done (or found done), and the channel's id of it when it has one. */
    record Cancelled(String detail, String channelRef) {
    }

    /** A line a channel refund covers, in channel units. */
    record RefundedLine(String channelLineId, int quantity) {
    }

    /** Marker text of a change, as cancellers write it. */
    static String marker(long changeId) {
        return "[kanal-change-" + changeId + "]";
    }

    /** Whether a text carries a Kanal change marker: the refund is Kanal's own. */
    static boolean carriesMarker(String text) {
        return text != null && text.contains("[kanal-change-");
    }

    /** The channel will not cancel: shipped, or in a state the seller cannot move on. An operator decides. */
    class CancellationRefusedException extends RuntimeException implements PermanentFailure {
        public CancellationRefusedException(String message) {
            super(message);
        }
    }
}
