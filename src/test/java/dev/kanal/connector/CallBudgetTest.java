package dev.kanal.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The budget on a fake clock: burst, refill, the rolling minute, pauses after a 429. */
class CallBudgetTest {

    /** Starts far from zero so no arithmetic depends on the clock starting at 0. */
    private final AtomicLong now = new AtomicLong(TimeUnit.DAYS.toNanos(3));

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    private int takeAll(CallBudget budget) {
        int taken = 0;
        while (budget.tryAcquire()) {
            taken++;
        }
        return taken;
    }

    @Test
    void burstsUpToOneMinutesCalls() {
        CallBudget budget = new CallBudget(30, now::get);

        assertThat(takeAll(budget)).isEqualTo(30);
        assertThat(budget.tryAcquire()).isFalse();
    }

    @Test
    void refillsAtCallsPerMinute() {
        CallBudget budget = new CallBudget(60, now::get); // one call per second
        for (int i = 0; i < 10; i++) {
            assertThat(budget.tryAcquire()).isTrue();
        }
        budget.pause(Duration.ZERO); // empties the bucket: from now on only the refill counts

        advance(Duration.ofMillis(900));
        assertThat(budget.tryAcquire()).isFalse();
        advance(Duration.ofMillis(100));
        assertThat(budget.tryAcquire()).isTrue();
        assertThat(budget.tryAcquire()).isFalse();

        advance(Duration.ofSeconds(5));
        assertThat(takeAll(budget)).isEqualTo(5);
    }

    @Test
    void neverMoreThanCallsPerMinuteInAnyRollingMinute() {
        CallBudget budget = new CallBudget(30, now::get);
        assertThat(takeAll(budget)).isEqualTo(30);

        // A bucket alone would have refilled one call after 2 s and 29 more within the minute.
        advance(Duration.ofSeconds(2));
        assertThat(budget.tryAcquire()).isFalse();
        advance(Duration.ofSeconds(57));
        assertThat(budget.tryAcquire()).isFalse();

        // The first 30 calls were all granted at t=0: at t=60 s they leave the window together.
        advance(Duration.ofSeconds(1));
        assertThat(takeAll(budget)).isEqualTo(30);
    }

    @Test
    void rollingWindowOverASteadyStream() {
        int perMinute = 30;
        CallBudget budget = new CallBudget(perMinute, now::get);
        long[] granted = new long[400];
        int count = 0;
        // Offer a call every 100 ms for 13 minutes and record when each was granted.
        for (int step = 0; step < 13 * 600 && count < granted.length; step++) {
            if (budget.tryAcquire()) {
                granted[count++] = now.get();
            }
            advance(Duration.ofMillis(100));
        }
        assertThat(count).isGreaterThan(12 * perMinute);
        long minute = TimeUnit.MINUTES.toNanos(1);
        for (int i = perMinute; i < count; i++) {
            // any perMinute + 1 consecutive calls span at least a minute
            assertThat(granted[i] - granted[i - perMinute]).isGreaterThanOrEqualTo(minute);
        }
    }

    @Test
    void pauseBlocksUntilRetryAfterHasPassed() {
        CallBudget budget = new CallBudget(60, now::get);
        assertThat(budget.tryAcquire()).isTrue();

        budget.pause(Duration.ofSeconds(10));
        advance(Duration.ofMillis(9_999));
        assertThat(budget.tryAcquire()).isFalse();

        // After the pause the bucket starts empty: the first call comes one refill later.
        advance(Duration.ofMillis(1));
        assertThat(budget.tryAcquire()).isFalse();
        advance(Duration.ofSeconds(1));
        assertThat(budget.tryAcquire()).isTrue();
    }

    @Test
    void aShorterPauseDoesNotShortenALongerOne() {
        CallBudget budget = new CallBudget(60, now::get);
        budget.pause(Duration.ofSeconds(10));
        budget.pause(Duration.ofSeconds(2));

        advance(Duration.ofSeconds(5));
        assertThat(budget.tryAcquire()).isFalse();
        advance(Duration.ofSeconds(6));
        assertThat(budget.tryAcquire()).isTrue();
    }

    @Test
    void acquireWaitsOutAPauseOnTheRealClock() throws InterruptedException {
        CallBudget budget = new CallBudget(6_000); // a token every 10 ms
        budget.pause(Duration.ofMillis(300));

        long start = System.nanoTime();
        budget.acquire();
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(waitedMillis).isGreaterThanOrEqualTo(300);
    }

    @Test
    void refusesAnEmptyBudget() {
        assertThatThrownBy(() -> new CallBudget(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
