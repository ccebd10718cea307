package dev.kanal.client.config;

/** A client id or channel account id that no client file declares. */
public class UnknownClientException extends RuntimeException {

    public UnknownClientException(String message) {
        super(message);
    }
}
