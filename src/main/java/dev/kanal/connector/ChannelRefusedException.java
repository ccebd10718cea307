package dev.kanal.connector;

import dev.kanal.support.PermanentFailure;

/**
 * The channel refused a request with a 4xx that sending it again will not change (400, 404,
 * 409, 422, ...): deterministic, never retried, quarantined at once (docs/decisions/0016).
 * Thrown by {@link ChannelHttp#requireSuccess}; a connector that reads a 4xx as a per-item result
 * (a rejected quantity in a push) does so before asking for success.
 */
public class ChannelRefusedException extends RuntimeException implements PermanentFailure, HttpStatusFailure {

    private final int httpStatus;

    public ChannelRefusedException(String message, int httpStatus) {
        super(message);
        this.httpStatus = httpStatus;
    }

    @Override
    public int httpStatus() {
        return httpStatus;
    }
}
