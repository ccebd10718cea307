package dev.kanal.bench;

import java.util.Arrays;

/** Nearest-rank percentiles of a sample of milliseconds. */
final class Percentiles {

    private Percentiles() {
    }

    /** The {@code p}-th percentile (nearest rank); 100 is the maximum; 0 for an empty sample. */
    static long at(long[] values, int p) {
        if (values.length == 0) {
            return 0;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static String describe(long[] values) {
        if (values.length == 0) {
            return "no values";
        }
        long min = Arrays.stream(values).min().orElse(0);
        return String.format("n=%6d  min %6d  p50 %6d  p90 %6d  p99 %6d  max %6d", values.length, min, at(values, 50), at(values, 90),
                at(values, 99), at(values, 100));
    }
}
