package dev.kanal.connector;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A calls-per-minute budget for one channel account, in this JVM's memory (one node; the
 * database-backed {@link SharedCallBudgets} hold across nodes with the same rules): never more than {@code callsPerMinute}
 * calls in any rolling 60-second window, which is how channels and their WAFs count.
 * {@link #acquire()} blocks until a call may be made, so Kanal never exceeds the budget however
 * many updates are waiting; {@link #pause(Duration)} stops all calls when the channel said 429
 * and lets them resume at the steady rate (one call per {@code 60 s / callsPerMinute}), not in
 * a burst.
 *
 * <p>It keeps the times of the last {@code callsPerMinute} calls: a call may be made when the
 * oldest of them is at least a minute old. (A token bucket holding a minute's calls would let
 * almost twice the budget through in one minute: a full bucket, then a minute's refill.)
 */
public class CallBudget implements AccountCallBudget {

    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    private final int callsPerMinute;
    /** Calls allowed in any {@link #burstWindow}; 0 when the minute's budget is the only limit. */
    private final int burstCalls;
    private final long burstWindow;
    private final LongSupplier clock;
    /** The times of the last {@code callsPerMinute} calls, a ring; {@code oldest} indexes the oldest. */
    private final long[] calls;
    private int oldest;
    private long pausedUntil;

    public CallBudget(int callsPerMinute) {
        this(callsPerMinute, BurstLimit.NONE);
    }

    /** A budget that also keeps to {@code burst} (the ring of the minute's grants answers both). */
    public CallBudget(int callsPerMinute, BurstLimit burst) {
        this(callsPerMinute, burst, System::nanoTime);
    }

    CallBudget(int callsPerMinute, LongSupplier nanoClock) {
        this(callsPerMinute, BurstLimit.NONE, nanoClock);
    }

    CallBudget(int callsPerMinute, BurstLimit burst, LongSupplier nanoClock) {
        if (callsPerMinute < 1) {
            throw new IllegalArgumentException("callsPerMinute must be at least 1");
        }
        this.callsPerMinute = callsPerMinute;
        this.burstCalls = burst.binds(callsPerMinute) ? burst.calls() : 0;
        this.burstWindow = burst.window().toNanos();
        this.clock = nanoClock;
        long start = nanoClock.getAsLong();
        this.calls = new long[callsPerMinute];
        Arrays.fill(calls, start - MINUTE); // a minute ago: the whole budget is free
        this.pausedUntil = start;
    }

    /** How many calls it lets through in any rolling minute. */
    public int callsPerMinute() {
        return callsPerMinute;
    }

    /** Whether this budget was made for {@code callsPerMinute} and {@code burst}. */
    boolean isFor(int callsPerMinute, BurstLimit burst) {
        return this.callsPerMinute == callsPerMinute
                && burstCalls == (burst.binds(callsPerMinute) ? burst.calls() : 0)
                && (burstCalls == 0 || burstWindow == burst.window().toNanos());
    }

    /** Takes one call from the budget, waiting as long as needed. */
    @Override
    public void acquire() throws InterruptedException {
        while (true) {
            long waitNanos;
            synchronized (this) {
                waitNanos = reserveOrWait();
                if (waitNanos == 0) {
                    return;
                }
            }
            TimeUnit.NANOSECONDS.sleep(Math.max(waitNanos, 1_000_000));
        }
    }

    /** Takes one call if the budget has one now. */
    @Override
    public synchronized boolean tryAcquire() {
        return reserveOrWait() == 0;
    }

    /**
     * The channel said "too many requests": no call before {@code retryAfter} has passed, and
     * after that one call per {@code 60 s / callsPerMinute} until the window has room again.
     */
    @Override
    public synchronized void pause(Duration retryAfter) {
        long now = clock.getAsLong();
        pausedUntil = Math.max(pausedUntil, now + retryAfter.toNanos());
        // Count the budget as spent at the steady rate up to pausedUntil, keeping any real call
        // that is later: element-wise maximum of two ascending sequences, still ascending.
        for (int rank = 0; rank < callsPerMinute; rank++) {
            long steady = pausedUntil - MINUTE + (rank + 1) * (MINUTE / callsPerMinute);
            int i = (oldest + rank) % callsPerMinute;
            calls[i] = Math.max(calls[i], steady);
        }
    }

    /** Nanoseconds to wait, or 0 when a call was taken. */
    private long reserveOrWait() {
        long now = clock.getAsLong();
        long freeAt = Math.max(pausedUntil, calls[oldest] + MINUTE);
        if (burstCalls > 0) {
            // the grant burstCalls calls ago (the newest is oldest - 1) must be a window old
            freeAt = Math.max(freeAt, calls[(oldest + callsPerMinute - burstCalls) % callsPerMinute] + burstWindow);
        }
        if (now < freeAt) {
            return freeAt - now;
        }
        calls[oldest] = now;
        oldest = (oldest + 1) % callsPerMinute;
        return 0;
    }
}
