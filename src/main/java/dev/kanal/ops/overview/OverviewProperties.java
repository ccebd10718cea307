package dev.kanal.ops.overview;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The console's overview and the operations metrics.
 *
 * @param syncLatencyTarget what a channel account's p99 sync latency should stay under
 * @param cacheFor          how long one reading of the database serves the overview and the metrics
 *                          (a Prometheus scrape every 15 s costs one set of queries, not one per gauge)
 */
@Validated
@ConfigurationProperties("kanal.overview")
public record OverviewProperties(
        @DefaultValue("60s") @NotNull Duration syncLatencyTarget,
        @DefaultValue("10s") @NotNull Duration cacheFor) {
}
