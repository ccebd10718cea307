package dev.kanal.sandbox.woocommerce;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * What happens to one shop's requests before WooCommerce sees them (the host, its WAF): faults
 * injected through the control API, an optional per-minute limit, latency; and the statistics
 * tests read. Thread-safe.
 */
final class WooTraffic {

    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    /** An answer the "host" gives instead of WooCommerce: a status and an optional Retry-After. */
    record Refusal(int status, String retryAfter) {
    }

    /** Injected answers still to give, in order, each after letting {@code pass[0]} requests through. */
    private record Queued(int status, String retryAfter, int[] remaining, int[] pass) {
    }

    private final LongSupplier nanoClock;
    private final Deque<Queued> queued = new ArrayDeque<>();
    private Integer perMinuteLimit;
    private long latencyMillis;

    private final Map<String, Long> callsByEndpoint = new TreeMap<>();
    private final Deque<Long> recentCalls = new ArrayDeque<>();
    private final Deque<Long> recentAdmitted = new ArrayDeque<>();
    private long totalCalls;
    private long batchCalls;
    private long itemsUpdated;
    private long rateLimited;
    private long faultsInjected;
    private int maxCallsPerMinute;

    WooTraffic(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    // ------------------------------------------------------------ faults

    synchronized void queue(int status, int count, String retryAfter, int after) {
        queued.addLast(new Queued(status, retryAfter, new int[] {count}, new int[] {Math.max(0, after)}));
    }

    synchronized void configure(Integer perMinuteLimit, long latencyMillis) {
        this.perMinuteLimit = perMinuteLimit == null || perMinuteLimit < 1 ? null : perMinuteLimit;
        this.latencyMillis = Math.max(0, latencyMillis);
    }

    synchronized void clearFaults() {
        queued.clear();
        perMinuteLimit = null;
        latencyMillis = 0;
        recentAdmitted.clear();
    }

    synchronized long latencyMillis() {
        return latencyMillis;
    }

    synchronized Map<String, Object> faults() {
        Map<String, Object> faults = new LinkedHashMap<>();
        faults.put("rate_limit_per_minute", perMinuteLimit);
        faults.put("latency_ms", latencyMillis);
        faults.put("next", queued.stream().map(q -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("status", q.status());
            entry.put("count", q.remaining()[0]);
            entry.put("retry_after", q.retryAfter());
            entry.put("after", q.pass()[0]);
            return entry;
        }).toList());
        return faults;
    }

    // ------------------------------------------------------------ requests

    /**
     * Counts a request that reached the shop's host and decides whether the host refuses it:
     * an injected answer first, then the per-minute limit. Null when WooCommerce gets it.
     */
    synchronized Refusal arrive(String endpoint) {
        long now = nanoClock.getAsLong();
        totalCalls++;
        callsByEndpoint.merge(endpoint, 1L, Long::sum);
        if (endpoint.endsWith("/batch")) {
            batchCalls++;
        }
        recentCalls.addLast(now);
        while (recentCalls.peekFirst() <= now - MINUTE) {
            recentCalls.removeFirst();
        }
        maxCallsPerMinute = Math.max(maxCallsPerMinute, recentCalls.size());

        Queued next = queued.peekFirst();
        if (next != null && next.pass()[0] > 0) {
            next.pass()[0]--;
            next = null; // this one goes through
        }
        if (next != null) {
            if (--next.remaining()[0] <= 0) {
                queued.removeFirst();
            }
            faultsInjected++;
            if (next.status() == 429) {
                rateLimited++;
            }
            return new Refusal(next.status(), next.retryAfter());
        }
        while (!recentAdmitted.isEmpty() && recentAdmitted.peekFirst() <= now - MINUTE) {
            recentAdmitted.removeFirst();
        }
        if (perMinuteLimit != null && recentAdmitted.size() >= perMinuteLimit) {
            rateLimited++;
            long waitNanos = recentAdmitted.peekFirst() + MINUTE - now;
            long seconds = Math.max(1, (waitNanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
            return new Refusal(429, Long.toString(seconds));
        }
        recentAdmitted.addLast(now);
        return null;
    }

    synchronized void updated(int items) {
        itemsUpdated += items;
    }

    // ------------------------------------------------------------ statistics

    synchronized Map<String, Object> statistics() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("calls", new TreeMap<>(callsByEndpoint));
        stats.put("total_calls", totalCalls);
        stats.put("batch_calls", batchCalls);
        stats.put("items_updated", itemsUpdated);
        stats.put("max_calls_in_60s", maxCallsPerMinute);
        stats.put("rate_limited", rateLimited);
        stats.put("faults_injected", faultsInjected);
        return stats;
    }

    synchronized void clearStatistics() {
        callsByEndpoint.clear();
        recentCalls.clear();
        totalCalls = 0;
        batchCalls = 0;
        itemsUpdated = 0;
        rateLimited = 0;
        faultsInjected = 0;
        maxCallsPerMinute = 0;
    }
}
