package dev.kanal.changes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How often a client's open orders are looked for in the ERP. */
class ErpOrderDeletionsDueTest {

    private static final Instant T = Instant.parse("2026-12-07T12:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void aClientNeverLookedAtIsDue() {
        assertThat(ErpOrderDeletions.due(null, T, MINUTE)).isTrue();
    }

    @Test
    void aClientLookedAtWithinThePeriodWaitsAndIsDueWhenItEnds() {
        assertThat(ErpOrderDeletions.due(T, T.plusSeconds(59), MINUTE)).isFalse();
        assertThat(ErpOrderDeletions.due(T, T.plusSeconds(60), MINUTE)).isTrue();
    }

    @Test
    void aZeroPeriodLooksAtEveryPoll() {
        assertThat(ErpOrderDeletions.due(T, T, Duration.ZERO)).isTrue();
    }
}
