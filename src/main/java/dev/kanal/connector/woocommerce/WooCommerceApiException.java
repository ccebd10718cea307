package dev.kanal.connector.woocommerce;

import dev.kanal.connector.HttpStatusFailure;
import dev.kanal.connector.PushResult;
import dev.kanal.support.PermanentFailure;
import java.util.List;

/**
 * WooCommerce refused a request in a way retrying will not fix: credentials refused (401),
 * permission missing (403), or an answer Kanal does not understand. Not transient: the account's
 * configuration needs a look. When it stops a push part-way, {@link #completed()} holds the
 * results of the first updates, in the order given, as for the transient exceptions.
 */
public class WooCommerceApiException extends RuntimeException implements PermanentFailure, HttpStatusFailure {

    private final int status;
    private final String code;
    private final transient List<PushResult> completed;

    public WooCommerceApiException(String message, int status, String code) {
        this(message, status, code, List.of(), null);
    }

    WooCommerceApiException(String message, int status, String code, List<PushResult> completed, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
        this.completed = List.copyOf(completed);
    }

    WooCommerceApiException withCompleted(List<PushResult> completed) {
        return new WooCommerceApiException(getMessage(), status, code, completed, this);
    }

    /** The HTTP status WooCommerce answered. */
    public int status() {
        return status;
    }

    @Override
    public int httpStatus() {
        return status;
    }

    /** WooCommerce's error code, e.g. woocommerce_rest_authentication_error; null when the body had none. */
    public String code() {
        return code;
    }

    /** Results of the first updates of a push, handled before the failure; empty when none were. */
    public List<PushResult> completed() {
        return completed == null ? List.of() : completed;
    }
}
