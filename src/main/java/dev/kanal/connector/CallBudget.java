package dev.kanal.connector;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A calls-per-minute budget for one channel account: a token bucket refilled continuously,
 * holding at most one minute's calls, capped by a rolling window so that no 60 seconds ever
 * see more than {@code callsPerMinute} calls. {@link #acquire()} blocks until a call may be
 * made, so Kanal never exceeds the budget however many updates are waiting;
 * {@link #pause(Duration)} empties it when the channel said 429.
 *
 * <p>Why the window: a bucket alone lets a full burst of one minute's calls through and then
 * refills during that same minute, so a rolling minute could see almost twice the budget.
 * Channels that count "per minute" (BaseLinker, Walmart, Cloudflare rules) would block that.
 * The window remembers when the last {@code callsPerMinute} calls were taken; a call waits
 * until the oldest of them is a minute old. Times are taken when a call is granted, just before
 * it is sent.
 */
public class CallBudget {

    private static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final double capacity;
    private final double tokensPerNano;
    private final LongSupplier clock;
    private double tokens;
    private long last;
    private long pausedUntil;
    /** When the last {@code callsPerMinute} calls were granted: a ring written at {@code next}. */
    private final long[] granted;
    /** The slot written next; once the ring is full it holds the oldest grant. */
    private int next;
    private int grantedCount;

    public CallBudget(int callsPerMinute) {
        this(callsPerMinute, System::nanoTime);
    }

    CallBudget(int callsPerMinute, LongSupplier nanoClock) {
        if (callsPerMinute < 1) {
            throw new IllegalArgumentException("callsPerMinute must be at least 1");
        }
        this.capacity = callsPerMinute;
        this.tokensPerNano = callsPerMinute / (double) WINDOW_NANOS;
        this.clock = nanoClock;
        this.tokens = callsPerMinute;
        this.last = nanoClock.getAsLong();
        this.pausedUntil = last;
        this.granted = new long[callsPerMinute];
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
        long until = now + retryAfter.toNanos();
        if (until - pausedUntil > 0) {
            pausedUntil = until;
        }
        tokens = 0;
        last = now;
    }

    /** Nanoseconds to wait, or 0 when a call was taken. */
    private long reserveOrWait() {
        long now = clock.getAsLong();
        if (now - pausedUntil < 0) {
            return pausedUntil - now;
        }
        long refillFrom = last - pausedUntil > 0 ? last : pausedUntil;
        tokens = Math.min(capacity, tokens + (now - refillFrom) * tokensPerNano);
        last = now;
        long windowWait = 0;
        if (grantedCount == granted.length) {
            long slotFree = granted[next] + WINDOW_NANOS;
            windowWait = Math.max(0, slotFree - now);
        }
        if (tokens >= 1 && windowWait == 0) {
            tokens -= 1;
            granted[next] = now;
            next = (next + 1) % granted.length;
            grantedCount = Math.min(grantedCount + 1, granted.length);
            return 0;
        }
        long tokenWait = tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / tokensPerNano);
        return Math.max(tokenWait, windowWait);
    }
}
