package dev.kanal.ops.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TimeLimitedCallTest {

    private final HealthCheckThreads threads = new HealthCheckThreads();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        threads.close();
    }

    @Test
    void aHungCallIsAbandonedAfterTheTimeoutAndNotStartedTwice() throws Exception {
        AtomicInteger started = new AtomicInteger();
        TimeLimitedCall<String> call = new TimeLimitedCall<>(() -> {
            started.incrementAndGet();
            release.await();
            return "answered";
        }, Duration.ofMillis(200), threads.executor());

        assertThatThrownBy(call::get).isInstanceOf(TimeoutException.class).hasMessageStartingWith("no answer within 200 ms");
        assertThatThrownBy(call::get).isInstanceOf(TimeoutException.class).hasMessageContaining("has been running for");
        assertThat(started).as("the second request waits for the call still running").hasValue(1);

        release.countDown();
        assertThat(call.get()).isEqualTo("answered");
    }

    @Test
    void aFinishedCallRunsAgainNextTimeAndItsFailureIsPassedOn() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        TimeLimitedCall<Integer> call = new TimeLimitedCall<>(() -> {
            if (calls.incrementAndGet() == 2) {
                throw new IllegalStateException("second call fails");
            }
            return calls.get();
        }, Duration.ofSeconds(5), threads.executor());

        assertThat(call.get()).isEqualTo(1);
        assertThatThrownBy(call::get).isInstanceOf(ExecutionException.class).hasRootCauseMessage("second call fails");
        assertThat(call.get()).isEqualTo(3);
    }
}
