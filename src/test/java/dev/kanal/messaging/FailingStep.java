package dev.kanal.messaging;

import dev.kanal.client.config.UnknownClientException;
import dev.kanal.connector.MalformedOrderException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A hop step that always fails and remembers when it was called, per message body. */
public class FailingStep {

    private final Map<String, List<Instant>> attempts = new ConcurrentHashMap<>();

    public void handle(String body) {
        attempts.computeIfAbsent(body, b -> new CopyOnWriteArrayList<>()).add(Instant.now());
        throw new IllegalStateException("ERP refused document for " + body);
    }

    /**
     * Fails as the body's prefix says: {@code permanent-} with a malformed order, {@code wrapped-}
     * with a transient-looking exception caused by an unknown client, {@code transient-} with a
     * plain runtime failure; {@code number-} passes on to {@link #handleNumber}.
     */
    public void handleByKind(String body) {
        attempts.computeIfAbsent(body, b -> new CopyOnWriteArrayList<>()).add(Instant.now());
        if (body.startsWith("permanent-")) {
            throw new MalformedOrderException("order " + body + " has no line_items");
        }
        if (body.startsWith("wrapped-")) {
            throw new IllegalStateException("import of " + body + " failed", new UnknownClientException("unknown client 'ghost'"));
        }
        if (body.startsWith("transient-")) {
            throw new IllegalStateException("ERP gateway timed out for " + body);
        }
    }

    /** Reached only with a header Camel could convert to a number. */
    public void handleNumber(String body, long orderId) {
    }

    public List<Instant> attemptsFor(String body) {
        return attempts.getOrDefault(body, List.of());
    }
}
