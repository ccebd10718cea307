package dev.kanal.ops.health;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a call on an executor and waits at most {@code timeout} for it, so a caller (an HTTP
 * thread answering /actuator/health) never waits for a pool's 30-second connection timeout.
 * A call still running when asked again is waited for again instead of started twice: however
 * often health is asked while the database hangs, one thread at most waits on it.
 */
public final class TimeLimitedCall<T> {

    private final Callable<T> call;
    private final Duration timeout;
    private final Executor executor;
    private final AtomicReference<Running<T>> running = new AtomicReference<>();

    private record Running<T>(FutureTask<T> task, long startedNanos) {
    }

    public TimeLimitedCall(Callable<T> call, Duration timeout, Executor executor) {
        this.call = call;
        this.timeout = timeout;
        this.executor = executor;
    }

    /**
     * The call's answer.
     *
     * @throws TimeoutException   no answer within the timeout; the message says since when it runs
     * @throws ExecutionException the call failed
     */
    public T get() throws TimeoutException, ExecutionException, InterruptedException {
        Running<T> current = running.get();
        if (current == null || current.task().isDone()) {
            Running<T> next = new Running<>(new FutureTask<>(call), System.nanoTime());
            if (running.compareAndSet(current, next)) {
                executor.execute(next.task());
                current = next;
            } else {
                current = running.get();
            }
        }
        try {
            return current.task().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            long runningMillis = (System.nanoTime() - current.startedNanos()) / 1_000_000;
            throw new TimeoutException("no answer within " + timeout.toMillis() + " ms"
                    + (runningMillis > timeout.toMillis() + 100 ? " (the check has been running for " + runningMillis + " ms)" : ""));
        }
    }

    public Duration timeout() {
        return timeout;
    }
}
