package dev.kanal.ops.deadletters;

/** The broker's management refused or failed an operation (the broker unreachable, an operation error). */
public class BrokerManagementException extends RuntimeException {

    public BrokerManagementException(String message, Throwable cause) {
        super(message, cause);
    }

    public BrokerManagementException(String message) {
        super(message);
    }
}
