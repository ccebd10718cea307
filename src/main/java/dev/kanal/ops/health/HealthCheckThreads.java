package dev.kanal.ops.health;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads time-limited health checks run on. Not an {@code Executor} bean, which would
 * replace Spring Boot's application task executor. Each check runs at most once at a time
 * ({@link TimeLimitedCall}), so these threads number at most the checks.
 */
public final class HealthCheckThreads implements AutoCloseable {

    private final AtomicInteger count = new AtomicInteger();
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "health-check-" + count.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    public ExecutorService executor() {
        return executor;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
