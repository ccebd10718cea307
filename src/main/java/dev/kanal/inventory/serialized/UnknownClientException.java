package dev.kanal.inventory.serialized;

import dev.kanal.support.PermanentFailure;

/** A client code that names no client: the whole import or look-up is refused. */
public class UnknownClientException extends RuntimeException implements PermanentFailure {

    private final String client;

    public UnknownClientException(String client) {
        super("unknown client '" + client + "'");
        this.client = client;
    }

    public String client() {
        return client;
    }
}
