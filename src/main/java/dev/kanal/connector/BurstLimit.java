package dev.kanal.connector;

import java.time.Duration;

/**
 * A channel's limit on calls within a window shorter than a minute (Back Market's traffic rule:
 * about 200 requests in any 10 s), kept beside an account's calls-per-minute budget: a call may go
 * only when the call made {@code calls} grants earlier is at least {@code window} old, so bursts a
 * minute's budget would allow never reach the channel's block.
 *
 * @param calls  calls allowed in any {@code window}; 0 for none
 * @param window the rolling window, shorter than a minute
 */
public record BurstLimit(int calls, Duration window) {

    /** No limit but the minute's budget. */
    public static final BurstLimit NONE = new BurstLimit(0, Duration.ZERO);

    public BurstLimit {
        if (calls < 0 || window == null || window.isNegative() || window.compareTo(Duration.ofMinutes(1)) >= 0) {
            throw new IllegalArgumentException("a burst limit needs calls >= 0 and a window under a minute: " + calls + " in " + window);
        }
    }

    /**
     * Whether it binds an account of {@code callsPerMinute}: with {@code calls} or fewer in a
     * minute, no shorter window can hold more.
     */
    public boolean binds(int callsPerMinute) {
        return calls > 0 && calls < callsPerMinute && !window.isZero();
    }
}
