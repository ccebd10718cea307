package dev.kanal.client.config;

import dev.kanal.support.PermanentFailure;

/** A client id or channel account id that no client file declares. */
public class UnknownClientException extends RuntimeException implements PermanentFailure {

    public UnknownClientException(String message) {
        super(message);
    }
}
