package dev.kanal.connector;

import dev.kanal.support.PermanentFailure;

/**
 * A channel order that cannot be read (not JSON, a field missing or of the wrong type). Not
 * transient: the message goes to its hop's dead-letter queue with this message as the reason.
 */
public class MalformedOrderException extends RuntimeException implements PermanentFailure {

    public MalformedOrderException(String message) {
        super(message);
    }

    public MalformedOrderException(String message, Throwable cause) {
        super(message, cause);
    }
}
