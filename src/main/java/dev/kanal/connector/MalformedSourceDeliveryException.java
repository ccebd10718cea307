package dev.kanal.connector;

import dev.kanal.support.PermanentFailure;

/**
 * A verified webhook delivery of a client's source that is not what the source sends (not JSON, not
 * a product, an id missing). Not transient: the source-webhook hop parks the delivery in its
 * dead-letter queue on the first attempt, with this message as the reason (decisions 0016, 0043).
 * An {@link IllegalArgumentException}, as the input is what is wrong.
 */
public class MalformedSourceDeliveryException extends IllegalArgumentException implements PermanentFailure {

    public MalformedSourceDeliveryException(String message) {
        super(message);
    }

    public MalformedSourceDeliveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
