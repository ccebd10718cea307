package dev.kanal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kanal.ops.LoginThrottle;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The login throttle on a hand-moved clock: 5 failures in a rolling minute, per user and per address. */
class LoginThrottleTest {

    private final MovableClock clock = new MovableClock();
    private final LoginThrottle throttle = new LoginThrottle(clock, 5, Duration.ofMinutes(1));

    @Test
    void fiveFailuresOfOneUserFromAnywhereThrottleThatUserOnly() {
        for (int i = 1; i <= 4; i++) {
            assertThat(throttle.recordFailure("alice", "10.0.0." + i)).isEmpty();
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(throttle.check("alice", "10.0.0.9")).as("4 failures: still allowed").isEmpty();

        assertThat(throttle.recordFailure("alice", "10.0.0.5")).singleElement()
                .satisfies(t -> assertThat(t.key()).isEqualTo("user alice"));

        assertThat(throttle.check("alice", "10.0.0.9")).hasValueSatisfying(t -> {
            assertThat(t.key()).isEqualTo("user alice");
            // the first failure (4 s ago) leaves the minute in 56 s
            assertThat(t.retryAfter()).isEqualTo(Duration.ofSeconds(56));
        });
        assertThat(throttle.check("ALICE ", "10.0.0.9")).as("names are case-insensitive").isPresent();
        assertThat(throttle.check("bob", "10.0.0.1")).as("another user from a used address").isEmpty();
    }

    @Test
    void fiveFailuresFromOneAddressThrottleEveryNameFromIt() {
        for (int i = 1; i <= 5; i++) {
            throttle.recordFailure("guess-" + i, "192.0.2.7");
        }
        assertThat(throttle.check("admin", "192.0.2.7")).hasValueSatisfying(t -> {
            assertThat(t.key()).isEqualTo("address 192.0.2.7");
            assertThat(t.retryAfter()).isEqualTo(Duration.ofMinutes(1));
        });
        assertThat(throttle.check(null, "192.0.2.7")).as("a request naming no user").isPresent();
        assertThat(throttle.check("admin", "192.0.2.8")).isEmpty();
    }

    @Test
    void theThrottleEndsWhenTheDecidingFailureLeavesTheWindow() {
        for (int i = 0; i < 5; i++) {
            throttle.recordFailure("alice", "10.0.0.1");
            clock.advance(Duration.ofSeconds(10));
        }
        // failures at 0, 10, 20, 30, 40 s; now 50 s
        assertThat(throttle.check("alice", "10.0.0.1")).map(LoginThrottle.Throttled::retryAfter).hasValue(Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(9));
        assertThat(throttle.check("alice", "10.0.0.1")).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.check("alice", "10.0.0.1")).as("the failure at 0 s is a minute old").isEmpty();

        // one more failure brings the count back to 5 inside the minute: throttled again, until 10 s is a minute old
        assertThat(throttle.recordFailure("alice", "10.0.0.1")).hasSize(2);
        assertThat(throttle.check("alice", "10.0.0.1")).map(LoginThrottle.Throttled::retryAfter).hasValue(Duration.ofSeconds(10));
    }

    @Test
    void startIsReportedOnceThenTheLongestWaitWins() {
        for (int i = 0; i < 5; i++) {
            throttle.recordFailure("alice", "10.0.0.1");
        }
        assertThat(throttle.recordFailure("alice", "10.0.0.1")).as("already throttled: no second start").isEmpty();
        clock.advance(Duration.ofSeconds(30));
        for (int i = 0; i < 5; i++) {
            throttle.recordFailure("bob", "10.0.0.2");
        }
        throttle.recordFailure("alice", "10.0.0.2"); // the address of bob's failures, now 6
        assertThat(throttle.check("alice", "10.0.0.2")).hasValueSatisfying(t -> {
            assertThat(t.key()).isEqualTo("address 10.0.0.2");
            assertThat(t.retryAfter()).isEqualTo(Duration.ofSeconds(60));
        });
    }

    @Test
    void refusesAMeaninglessConfiguration() {
        assertThatThrownBy(() -> new LoginThrottle(clock, 0, Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoginThrottle(clock, 5, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-12-01T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
