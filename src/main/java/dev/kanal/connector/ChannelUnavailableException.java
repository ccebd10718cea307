package dev.kanal.connector;

/** A transient channel failure (5xx, timeout, connection refused): try again with back-off. */
public class ChannelUnavailableException extends RuntimeException {

    public ChannelUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public ChannelUnavailableException(String message) {
        super(message);
    }
}
