package dev.kanal.connector.baselinker;

import dev.kanal.support.PermanentFailure;

/**
 * BaseLinker answered {@code {"status":"ERROR"}} with a code that says the request itself is
 * wrong (an unknown order, status or inventory, bad parameters): the same call will fail again.
 * The connector's writers turn it into their SPI's refusal; never retried.
 */
public class BaseLinkerRefusal extends RuntimeException implements PermanentFailure {

    private final String errorCode;

    public BaseLinkerRefusal(String errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    /** BaseLinker's {@code error_code}, e.g. {@code ERROR_ORDER_NOT_FOUND}; null for a refusal Kanal made itself. */
    public String errorCode() {
        return errorCode;
    }
}
