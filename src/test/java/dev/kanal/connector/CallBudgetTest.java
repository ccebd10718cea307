package dev.kanal.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CallBudgetTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    private long now = 1_000 * SECOND;

    @Test
    void neverMoreThanTheBudgetInAnyRollingMinute() {
        CallBudget budget = new CallBudget(10, () -> now);
        Deque<Long> granted = new ArrayDeque<>();
        int maxInWindow = 0;
        // a caller that always has work: tries every 100 ms for five minutes
        for (int step = 0; step < 3_000; step++) {
            if (budget.tryAcquire()) {
                granted.addLast(now);
                while (granted.peekFirst() <= now - MINUTE) {
                    granted.removeFirst();
                }
                maxInWindow = Math.max(maxInWindow, granted.size());
            }
            now += SECOND / 10;
        }
        assertThat(maxInWindow).isEqualTo(10);
    }

    @Test
    void fullBudgetIsAvailableAtOnce() {
        CallBudget budget = new CallBudget(5, () -> now);
        for (int i = 0; i < 5; i++) {
            assertThat(budget.tryAcquire()).isTrue();
        }
        assertThat(budget.tryAcquire()).isFalse();
        now += MINUTE;
        assertThat(budget.tryAcquire()).isTrue();
    }

    @Test
    void pauseBlocksUntilRetryAfterThenResumesAtTheSteadyRate() {
        CallBudget budget = new CallBudget(60, () -> now);
        assertThat(budget.tryAcquire()).isTrue();
        budget.pause(Duration.ofSeconds(30));
        now += 29 * SECOND;
        assertThat(budget.tryAcquire()).isFalse();
        now += SECOND;
        // one call a second after the pause, not a burst
        now += SECOND;
        assertThat(budget.tryAcquire()).isTrue();
        assertThat(budget.tryAcquire()).isFalse();
        now += SECOND;
        assertThat(budget.tryAcquire()).isTrue();
    }

    @Test
    void acquireWaitsOutAPause() throws InterruptedException {
        CallBudget budget = new CallBudget(600); // steady rate: one call per 100 ms
        assertThat(budget.tryAcquire()).isTrue();
        budget.pause(Duration.ofMillis(50));
        long start = System.nanoTime();
        budget.acquire();
        long waited = System.nanoTime() - start;
        assertThat(waited).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50))
                .isLessThan(TimeUnit.SECONDS.toNanos(5));
    }
}
