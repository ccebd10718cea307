package dev.kanal.connector.subiekt;

import dev.kanal.support.PermanentFailure;

/**
 * The gateway answered {@code {"status":"fail","message":...}}: a business refusal (unknown
 * product, zero-value document, unknown api_key, order not found). Sending the same request again
 * gives the same answer: not retryable; the order or the configuration needs a look.
 * {@link #getMessage()} carries the gateway's message, {@link #gatewayMessage()} it alone.
 */
public class SubiektGatewayException extends RuntimeException implements PermanentFailure {

    private final String method;
    private final String gatewayMessage;

    public SubiektGatewayException(String method, String gatewayMessage) {
        super("ERP gateway refused " + method + ": " + gatewayMessage);
        this.method = method;
        this.gatewayMessage = gatewayMessage;
    }

    /** The gateway call, e.g. {@code order/add}. */
    public String method() {
        return method;
    }

    /** The gateway's own message. */
    public String gatewayMessage() {
        return gatewayMessage;
    }
}
