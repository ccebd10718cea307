package dev.kanal.ops.health;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Health checks ({@code kanal.health.*}).
 *
 * @param checkTimeout             the longest a health check (database, broker, the stored health
 *                                 state) is waited for before it answers DOWN (default 1500ms), so
 *                                 /actuator/health answers within 2 s whatever hangs
 * @param stateMaxAge              how long an answer of a check (and the per-client health state
 *                                 read from the database) is reused by health requests and metric
 *                                 scrapes (default 1s)
 * @param sourceStaleIntervals     a source whose last good poll is older than this many poll
 *                                 intervals is DOWN (default 3)
 * @param channelFailuresDown      a channel account is DOWN after this many failed calls in a row
 *                                 (default 3); a refused credential or an untrusted certificate
 *                                 makes it DOWN at once
 */
@Validated
@ConfigurationProperties("kanal.health")
public record HealthProperties(Duration checkTimeout, Duration stateMaxAge, @Min(1) Integer sourceStaleIntervals,
                               @Min(1) Integer channelFailuresDown) {

    public HealthProperties {
        checkTimeout = checkTimeout == null ? Duration.ofMillis(1500) : checkTimeout;
        stateMaxAge = stateMaxAge == null ? Duration.ofSeconds(1) : stateMaxAge;
        sourceStaleIntervals = sourceStaleIntervals == null ? Integer.valueOf(3) : sourceStaleIntervals;
        channelFailuresDown = channelFailuresDown == null ? Integer.valueOf(3) : channelFailuresDown;
    }

    public static HealthProperties defaults() {
        return new HealthProperties(null, null, null, null);
    }
}
