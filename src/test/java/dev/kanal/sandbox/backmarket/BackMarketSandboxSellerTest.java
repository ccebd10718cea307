package dev.kanal.sandbox.backmarket;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A seller's statistics and rate limit on a fake clock. */
class BackMarketSandboxSellerTest {

    private final AtomicLong now = new AtomicLong(TimeUnit.DAYS.toNanos(1));
    private final SandboxSeller seller = new SandboxSeller(now::get);

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    private int maxCallsPer60s() {
        return ((Number) seller.statistics().get("maxCallsPer60s")).intValue();
    }

    @Test
    void maxCallsPer60sIsTheBusiestRollingMinute() {
        // 10 calls at t=0, 10 at t=30 s, 10 at t=60 s: any minute sees at most 20
        for (int burst = 0; burst < 3; burst++) {
            for (int i = 0; i < 10; i++) {
                seller.admit("GET /ws/listings");
            }
            advance(Duration.ofSeconds(30));
        }
        assertThat(maxCallsPer60s()).isEqualTo(20);
    }

    @Test
    void aCallExactlyAMinuteLaterIsInANewWindow() {
        seller.admit("GET /ws/listings");
        advance(Duration.ofSeconds(60));
        seller.admit("GET /ws/listings");
        assertThat(maxCallsPer60s()).isEqualTo(1);

        advance(Duration.ofMillis(59_999));
        seller.admit("GET /ws/listings");
        assertThat(maxCallsPer60s()).isEqualTo(2);
    }

    @Test
    void blocksForBlockSecondsAfterTheLimit() {
        seller.setRateLimit(new SandboxSeller.RateLimit(2, 10, 10, false));

        assertThat(seller.admit("x").error()).isNull();
        assertThat(seller.admit("x").error()).isNull();
        assertThat(seller.admit("x").error()).isNotNull();
        advance(Duration.ofSeconds(9));
        assertThat(seller.admit("x").error()).as("still blocked").isNotNull();
        advance(Duration.ofSeconds(1));
        assertThat(seller.admit("x").error()).isNull();
        assertThat(seller.statistics().get("tooManyRequests")).isEqualTo(2L);
    }

    @Test
    void theWindowRolls() {
        seller.setRateLimit(new SandboxSeller.RateLimit(2, 10, 10, false));
        seller.admit("x");
        advance(Duration.ofSeconds(6));
        seller.admit("x");
        advance(Duration.ofSeconds(4)); // the first call left the window
        assertThat(seller.admit("x").error()).isNull();
        assertThat(seller.admit("x").error()).isNotNull();
    }
}
