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
 * Runs a call on an executor and waits for it at most until {@code timeout} after it started,
 * so a caller (an HTTP thread answering /actuator/health) never waits for a pool's 30-second
 * connection timeout. A call still running is waited for, never started twice: however often
 * health is asked while the database hangs, one thread at most waits on it, and once the call
 * has run past its timeout the answer "no answer within …" comes at once. An answer younger than
 * {@code reuseFor} is given again without a new call.
 *
 * <p>Before waiting, {@code beforeWait} runs: the checks of one health request start together
 * ({@link HealthCheckThreads}), so a hung database and a hung broker cost one timeout, not two.
 */
public final class TimeLimitedCall<T> {

    private final Callable<T> call;
    private final Duration timeout;
    private final Duration reuseFor;
    private final Executor executor;
    private final Runnable beforeWait;
    private final AtomicReference<Run<T>> current = new AtomicReference<>();

    /** One run of the call: when it started, and when it ended (0 while running). */
    private static final class Run<T> extends FutureTask<T> {
        final long startedNanos = System.nanoTime();
        volatile long endedNanos;

        Run(Callable<T> call) {
            super(call);
        }

        // The end is noted before the answer is published: isDone() turns true before done() runs,
        // so a reader must never see a finished run without its end time.
        @Override
        protected void set(T answer) {
            endedNanos = System.nanoTime();
            super.set(answer);
        }

        @Override
        protected void setException(Throwable failure) {
            endedNanos = System.nanoTime();
            super.setException(failure);
        }
    }

    public TimeLimitedCall(Callable<T> call, Duration timeout, Executor executor) {
        this(call, timeout, Duration.ZERO, executor, () -> { });
    }

    public TimeLimitedCall(Callable<T> call, Duration timeout, Duration reuseFor, Executor executor, Runnable beforeWait) {
        this.call = call;
        this.timeout = timeout;
        this.reuseFor = reuseFor;
        this.executor = executor;
        this.beforeWait = beforeWait;
    }

    /** Starts the call unless it is running or its last answer may still be reused. */
    public void start() {
        run();
    }

    /**
     * The call's answer.
     *
     * @throws TimeoutException   no answer within the timeout of the run; the message says how long it runs
     * @throws ExecutionException the call failed
     */
    public T get() throws TimeoutException, ExecutionException, InterruptedException {
        Run<T> run = run();
        beforeWait.run();
        long left = run.startedNanos + timeout.toNanos() - System.nanoTime();
        try {
            return run.get(Math.max(0, left), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            long runningMillis = (System.nanoTime() - run.startedNanos) / 1_000_000;
            throw new TimeoutException("no answer within " + timeout.toMillis() + " ms"
                    + (runningMillis > timeout.toMillis() + 100 ? " (the check has been running for " + runningMillis + " ms)" : ""));
        }
    }

    private Run<T> run() {
        while (true) {
            Run<T> run = current.get();
            if (run != null && (!run.isDone() || (run.endedNanos != 0 && System.nanoTime() - run.endedNanos < reuseFor.toNanos()))) {
                return run;
            }
            Run<T> next = new Run<>(call);
            if (current.compareAndSet(run, next)) {
                executor.execute(next);
                return next;
            }
        }
    }
}
