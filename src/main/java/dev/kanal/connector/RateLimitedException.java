package dev.kanal.connector;

import java.time.Duration;

/** The channel answered 429: nothing was applied; wait {@link #retryAfter()} and try again. */
public class RateLimitedException extends RuntimeException {

    private final Duration retryAfter;

    public RateLimitedException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
