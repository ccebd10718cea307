package dev.kanal.connector;

/**
 * A channel failure that knows the HTTP status the channel answered, so health can tell a
 * refused credential (401/403) from an outage without reading messages.
 */
public interface HttpStatusFailure {

    /** The HTTP status the channel answered; 0 when it gave no answer (timeout, connection or TLS failure). */
    int httpStatus();
}
