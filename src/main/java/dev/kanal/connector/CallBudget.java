package dev.kanal.connector;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A calls-per-minute budget for one channel account: a token bucket refilled continuously,
 * holding at most one minute's calls. {@link #acquire()} blocks until a call may be made, so
 * Kanal never exceeds the budget however many updates are waiting; {@link #pause(Duration)}
 * empties it when the channel said 429.
 */
public class CallBudget {

    private final double capacity;
    private final double tokensPerNano;
    private final LongSupplier clock;
    private double tokens;
    private long last;
    private long pausedUntil;

    public CallBudget(int callsPerMinute) {
        this(callsPerMinute, System::nanoTime);
    }

    CallBudget(int callsPerMinute, LongSupplier nanoClock) {
        if (callsPerMinute < 1) {
            throw new IllegalArgumentException("callsPerMinute must be at least 1");
        }
        this.capacity = callsPerMinute;
        this.tokensPerNano = callsPerMinute / (double) TimeUnit.MINUTES.toNanos(1);
        this.clock = nanoClock;
        this.tokens = callsPerMinute;
        this.last = nanoClock.getAsLong();
        this.pausedUntil = last;
    }

    /** Takes one call from the budget, waiting as long as needed. */
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
    public synchronized boolean tryAcquire() {
        return reserveOrWait() == 0;
    }

    /** The channel said "too many requests": no call before {@code retryAfter} has passed. */
    public synchronized void pause(Duration retryAfter) {
        long now = clock.getAsLong();
        pausedUntil = Math.max(pausedUntil, now + retryAfter.toNanos());
        tokens = 0;
        last = now;
    }

    /** Nanoseconds to wait, or 0 when a call was taken. */
    private long reserveOrWait() {
        long now = clock.getAsLong();
        if (now < pausedUntil) {
            return pausedUntil - now;
        }
        tokens = Math.min(capacity, tokens + (now - Math.max(last, pausedUntil)) * tokensPerNano);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / tokensPerNano);
    }
}
