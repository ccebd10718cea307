package dev.kanal.messaging;

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

    public List<Instant> attemptsFor(String body) {
        return attempts.getOrDefault(body, List.of());
    }
}
