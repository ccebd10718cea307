package dev.kanal.connector.woocommerce;

import dev.kanal.connector.PartialPush;
import dev.kanal.connector.PushResult;
import dev.kanal.connector.QuantityUpdate;
import java.util.List;

/**
 * WooCommerce refused a request in a way retrying will not fix: credentials refused (401),
 * permission missing (403), or an answer Kanal does not understand. Not transient: the account's
 * configuration needs a look. When it stops a push part-way, {@link #completed()} holds the
 * answers received before it.
 */
public class WooCommerceApiException extends RuntimeException implements PartialPush {

    private final int status;
    private final String code;
    private final List<PushResult> completed;
    private final List<QuantityUpdate> unconfirmed;

    public WooCommerceApiException(String message, int status, String code) {
        this(message, status, code, List.of(), List.of());
    }

    WooCommerceApiException(String message, int status, String code, List<PushResult> completed,
            List<QuantityUpdate> unconfirmed) {
        super(message);
        this.status = status;
        this.code = code;
        this.completed = List.copyOf(completed);
        this.unconfirmed = List.copyOf(unconfirmed);
    }

    WooCommerceApiException withProgress(List<PushResult> completed, List<QuantityUpdate> unconfirmed) {
        WooCommerceApiException e = new WooCommerceApiException(getMessage(), status, code, completed, unconfirmed);
        e.initCause(this);
        return e;
    }

    /** The HTTP status WooCommerce answered. */
    public int status() {
        return status;
    }

    /** WooCommerce's error code, e.g. woocommerce_rest_authentication_error; null when the body had none. */
    public String code() {
        return code;
    }

    @Override
    public List<PushResult> completed() {
        return completed;
    }

    @Override
    public List<QuantityUpdate> unconfirmed() {
        return unconfirmed;
    }
}
