package dev.kanal.sandbox.baselinker;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Everything the sandbox knows about one BaseLinker account (one API token): its inventory, its
 * order book, the per-token request limit, injected faults, call statistics and a record of the
 * last exchanges (for contract tests). Every method holds the account's lock.
 */
final class SandboxAccount {

    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
    private static final DateTimeFormatter BLOCKED_UNTIL =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.of("Europe/Warsaw"));
    /** How many exchanges the account remembers for {@code GET _control/exchanges}. */
    static final int RECORDED = 2000;

    /**
     * BaseLinker's limit: more than {@code requestsPerMinute} requests within a rolling minute
     * blocks the token for {@code blockSeconds}; every request meanwhile answers
     * {@code ERROR_BLOCKED_TOKEN} (and is counted).
     */
    record Limit(int requestsPerMinute, int blockSeconds) {
        static final Limit DEFAULT = new Limit(100, 60);

        Limit {
            if (requestsPerMinute < 1 || blockSeconds < 0) {
                throw new IllegalArgumentException("requestsPerMinute must be at least 1, blockSeconds at least 0");
            }
        }
    }

    /**
     * The next {@code count} API requests answer this: a BaseLinker error ({@code errorCode} and
     * {@code errorMessage}) or, with {@code httpStatus} 5xx, an HTML error page from the front.
     */
    record Fault(String errorCode, String errorMessage, int httpStatus, int count) {
        Fault {
            if (count < 1 || (errorCode == null && (httpStatus < 500 || httpStatus > 599))) {
                throw new IllegalArgumentException("a fault is an error_code or an httpStatus 5xx, count at least 1");
            }
        }
    }

    /** One API request as it arrived and as it was answered. */
    record Exchange(String method, String parameters, Object answer) {
    }

    /** What to do with a request: answer the fault or error, or serve it. */
    record Admission(Fault fault, SandboxApiError error) {
    }

    final SandboxInventory inventory;
    final SandboxOrderBook orders;
    private final LongSupplier clock;

    private Limit limit = Limit.DEFAULT;
    private final Deque<Long> limiterWindow = new ArrayDeque<>();
    private long blockedUntil;
    private boolean blocked;
    private final Deque<Fault> faults = new ArrayDeque<>();

    private final Map<String, Long> callsByMethod = new TreeMap<>();
    private long totalCalls;
    private long blockedAnswers;
    private final Deque<Long> lastMinute = new ArrayDeque<>();
    private int maxCallsPer60s;
    private final Deque<Exchange> exchanges = new ArrayDeque<>();

    SandboxAccount(SandboxInventory inventory, SandboxOrderBook orders, LongSupplier nanoClock) {
        this.inventory = inventory;
        this.orders = orders;
        this.clock = nanoClock;
    }

    synchronized <T> T withLock(Supplier<T> work) {
        return work.get();
    }

    /** Counts a request and decides whether it is served: queued faults first, then the limit. */
    synchronized Admission admit(String method) {
        long now = clock.getAsLong();
        callsByMethod.merge(method == null || method.isBlank() ? "(none)" : method, 1L, Long::sum);
        totalCalls++;
        while (!lastMinute.isEmpty() && now - lastMinute.peekFirst() >= MINUTE) {
            lastMinute.removeFirst();
        }
        lastMinute.addLast(now);
        maxCallsPer60s = Math.max(maxCallsPer60s, lastMinute.size());

        Fault fault = faults.pollFirst();
        if (fault != null) {
            if (fault.count() > 1) {
                faults.addFirst(new Fault(fault.errorCode(), fault.errorMessage(), fault.httpStatus(), fault.count() - 1));
            }
            return new Admission(fault, null);
        }
        return new Admission(null, limited(now));
    }

    private SandboxApiError limited(long now) {
        if (blocked && now - blockedUntil < 0) {
            return blockedAnswer(now);
        }
        blocked = false;
        while (!limiterWindow.isEmpty() && now - limiterWindow.peekFirst() >= MINUTE) {
            limiterWindow.removeFirst();
        }
        limiterWindow.addLast(now);
        if (limiterWindow.size() <= limit.requestsPerMinute()) {
            return null;
        }
        blocked = true;
        blockedUntil = now + TimeUnit.SECONDS.toNanos(limit.blockSeconds());
        limiterWindow.clear();
        return blockedAnswer(now);
    }

    private SandboxApiError blockedAnswer(long now) {
        blockedAnswers++;
        Instant until = Instant.now().plusNanos(Math.max(0, blockedUntil - now));
        return new SandboxApiError(SandboxApiError.BLOCKED_TOKEN,
                "Query limit exceeded, token blocked until " + BLOCKED_UNTIL.format(until));
    }

    synchronized void record(String method, String parameters, Object answer) {
        exchanges.addLast(new Exchange(method, parameters, answer));
        while (exchanges.size() > RECORDED) {
            exchanges.removeFirst();
        }
    }

    synchronized List<Exchange> exchanges() {
        return new ArrayList<>(exchanges);
    }

    synchronized void addFault(Fault fault) {
        faults.addLast(fault);
    }

    synchronized void clearFaults() {
        faults.clear();
    }

    synchronized Limit limit() {
        return limit;
    }

    synchronized void setLimit(Limit limit) {
        this.limit = limit;
        limiterWindow.clear();
        blocked = false;
    }

    /** Calls per method, total calls, blocked answers, the most calls within any rolling 60 s; stock writes. */
    synchronized Map<String, Object> statistics() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("calls", new TreeMap<>(callsByMethod));
        stats.put("totalCalls", totalCalls);
        stats.put("blockedAnswers", blockedAnswers);
        stats.put("maxCallsPer60s", maxCallsPer60s);
        stats.put("stockWrites", inventory.stockWrites());
        stats.put("priceWrites", inventory.priceWrites());
        stats.put("productsAdded", inventory.productsAdded());
        return stats;
    }
}
