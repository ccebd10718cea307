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
    @Test
    void aBurstLimitHoldsInEveryShortWindowAndTheMinuteStillHolds() {
        // Back Market's shape at test scale: 120 a minute, at most 20 in any 10 s
        CallBudget budget = new CallBudget(120, new BurstLimit(20, Duration.ofSeconds(10)), () -> now);
        Deque<Long> granted = new ArrayDeque<>();
        int maxInTen = 0;
        int maxInMinute = 0;
        for (int step = 0; step < 30_000; step++) { // a caller with work every 10 ms, for five minutes
            if (budget.tryAcquire()) {
                granted.addLast(now);
                maxInTen = Math.max(maxInTen, (int) granted.stream().filter(t -> t > now - 10 * SECOND).count());
                while (granted.peekFirst() <= now - MINUTE) {
                    granted.removeFirst();
                }
                maxInMinute = Math.max(maxInMinute, granted.size());
            }
            now += SECOND / 100;
        }
        assertThat(maxInTen).isEqualTo(20);
        assertThat(maxInMinute).isEqualTo(120);
    }

    @Test
    void withoutABurstLimitTheWholeMinuteGoesAtOnce() {
        CallBudget budget = new CallBudget(120, BurstLimit.NONE, () -> now);
        int atOnce = 0;
        while (budget.tryAcquire()) {
            atOnce++;
        }
        assertThat(atOnce).isEqualTo(120);
    }

    @Test
    void aBurstLimitAboveTheMinutesBudgetChangesNothing() {
        assertThat(new BurstLimit(200, Duration.ofSeconds(10)).binds(20)).isFalse();
        CallBudget budget = new CallBudget(20, new BurstLimit(200, Duration.ofSeconds(10)), () -> now);
        int atOnce = 0;
        while (budget.tryAcquire()) {
            atOnce++;
        }
        assertThat(atOnce).isEqualTo(20);
    }
}
