package dev.kanal.connector.subiekt;

/**
 * The gateway could not be reached or did not answer in time, answered an HTTP status other
 * than 200, or answered something that is not its JSON: transient, retry with back-off. After a
 * timeout of {@code order/add} the order may have been saved anyway;
 * {@link SubiektGatewayClient#createOrder} looks it up before it throws this, and again before
 * every attempt, so retrying never makes a second ZK.
 */
public class SubiektGatewayUnavailableException extends RuntimeException {

    public SubiektGatewayUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public SubiektGatewayUnavailableException(String message) {
        super(message);
    }
}
