package dev.kanal.ops.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TimeLimitedCallTest {

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HealthCheckThreads group = new HealthCheckThreads();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        executor.shutdownNow();
        group.close();
    }

    @Test
    void aHungCallIsAbandonedAfterTheTimeoutAndNotStartedTwice() throws Exception {
        AtomicInteger started = new AtomicInteger();
        TimeLimitedCall<String> call = new TimeLimitedCall<>(() -> {
            started.incrementAndGet();
            release.await();
            return "answered";
        }, Duration.ofMillis(200), executor);

        assertThatThrownBy(call::get).isInstanceOf(TimeoutException.class).hasMessageStartingWith("no answer within 200 ms");
        assertThatThrownBy(call::get).as("past its timeout, the call still running answers at once")
                .isInstanceOf(TimeoutException.class).hasMessageStartingWith("no answer within 200 ms");
        assertThat(started).as("never started twice while it runs").hasValue(1);

        release.countDown();
        // once it has answered, the answer is there (a run past its deadline is not waited for)
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> "answered".equals(call.get()));
    }

    @Test
    void aFinishedCallRunsAgainNextTimeAndItsFailureIsPassedOn() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        TimeLimitedCall<Integer> call = new TimeLimitedCall<>(() -> {
            if (calls.incrementAndGet() == 2) {
                throw new IllegalStateException("second call fails");
            }
            return calls.get();
        }, Duration.ofSeconds(5), executor);

        assertThat(call.get()).isEqualTo(1);
        assertThatThrownBy(call::get).isInstanceOf(ExecutionException.class).hasRootCauseMessage("second call fails");
        assertThat(call.get()).isEqualTo(3);
    }

    @Test
    void aCheckOfAGroupStartsTheOthersSoOneRequestWaitsForThemSideBySide() throws Exception {
        AtomicInteger databaseChecks = new AtomicInteger();
        AtomicInteger brokerChecks = new AtomicInteger();
        TimeLimitedCall<String> database = group.check(() -> {
            databaseChecks.incrementAndGet();
            release.await();
            return "db";
        }, Duration.ofMillis(200), Duration.ZERO);
        TimeLimitedCall<String> broker = group.check(() -> {
            brokerChecks.incrementAndGet();
            release.await();
            return "jms";
        }, Duration.ofMillis(200), Duration.ZERO);

        assertThatThrownBy(database::get).isInstanceOf(TimeoutException.class);
        assertThat(brokerChecks).as("started with the database check, before anyone asked for it").hasValue(1);
        assertThatThrownBy(broker::get).isInstanceOf(TimeoutException.class);
        assertThat(databaseChecks).hasValue(1);
        assertThat(brokerChecks).hasValue(1);
    }

    @Test
    void aFreshAnswerIsReused() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        TimeLimitedCall<Integer> call = group.check(calls::incrementAndGet, Duration.ofSeconds(5), Duration.ofHours(1));

        assertThat(call.get()).isEqualTo(1);
        assertThat(call.get()).isEqualTo(1);
    }
}
