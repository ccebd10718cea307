package dev.kanal.ops.overview;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** Nearest-rank percentiles of durations. */
final class Percentiles {

    private Percentiles() {
    }

    /** The {@code p}-th percentile (0 < p <= 1) by nearest rank, or null when there is no sample. */
    static Duration of(List<Duration> samples, double p) {
        if (samples.isEmpty()) {
            return null;
        }
        long[] millis = samples.stream().mapToLong(Duration::toMillis).toArray();
        Arrays.sort(millis);
        int rank = (int) Math.ceil(p * millis.length);
        return Duration.ofMillis(millis[Math.max(0, Math.min(millis.length - 1, rank - 1))]);
    }
}
