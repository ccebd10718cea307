package dev.kanal.ops.health;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/** A health indicator that answers DOWN ("no answer within …") instead of waiting for a hung check. */
public final class TimeLimitedHealthIndicator implements HealthIndicator {

    private final TimeLimitedCall<Health> check;

    public TimeLimitedHealthIndicator(HealthIndicator delegate, Duration timeout, Duration reuseFor, HealthCheckThreads checks) {
        this.check = checks.check(delegate::health, timeout, reuseFor);
    }

    @Override
    public Health health() {
        try {
            return check.get();
        } catch (TimeoutException e) {
            return Health.down().withDetail("error", e.getMessage()).build();
        } catch (ExecutionException e) {
            return Health.down(e.getCause() instanceof Exception cause ? cause : e).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().withDetail("error", "interrupted while waiting for the check").build();
        }
    }
}
