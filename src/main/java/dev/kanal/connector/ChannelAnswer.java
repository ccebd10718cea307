package dev.kanal.connector;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.Optional;

/**
 * A channel's answer as {@link ChannelHttp} hands it over: every 2xx, and the 4xx a connector
 * reads itself (a refused update, a listing that is not there); 429, 5xx and transport failures
 * never get here (they are thrown).
 *
 * @param calledAt when the request went out, after any wait for the call budget
 */
public record ChannelAnswer(int statusCode, HttpHeaders headers, String body, URI uri, Instant calledAt) {

    public ChannelAnswer {
        body = body == null ? "" : body;
    }

    public boolean successful() {
        return statusCode >= 200 && statusCode < 300;
    }

    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }
}
