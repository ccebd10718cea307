package dev.kanal.ops.health;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads time-limited health checks run on, and the checks themselves: when one is asked
 * for its answer, all start (those not running and without a fresh answer), so the checks of one
 * /actuator/health request run side by side and the request waits about one check timeout
 * however many of them hang. Not an {@code Executor} bean, which would replace Spring Boot's
 * application task executor. Each check runs at most once at a time, so the threads number at
 * most the checks.
 */
public final class HealthCheckThreads implements AutoCloseable {

    private final AtomicInteger count = new AtomicInteger();
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "health-check-" + count.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });
    private final List<TimeLimitedCall<?>> checks = new CopyOnWriteArrayList<>();

    /** A check of this group: waited for at most {@code timeout}, its answer reused for {@code reuseFor}. */
    public <T> TimeLimitedCall<T> check(Callable<T> call, Duration timeout, Duration reuseFor) {
        TimeLimitedCall<T> check = new TimeLimitedCall<>(call, timeout, reuseFor, executor, this::startAll);
        checks.add(check);
        return check;
    }

    private void startAll() {
        checks.forEach(TimeLimitedCall::start);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
