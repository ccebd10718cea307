package dev.kanal.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Counts failed logins per user name and per client address in a rolling window. Once either
 * has {@code maxFailures} failures inside the window, further attempts for it are refused until
 * enough of those failures are older than the window. Refused attempts are not counted (they
 * never reach a password check), so the wait announced is the real one.
 *
 * <p>Unknown user names are counted like known ones: answering differently would tell an
 * attacker which names exist. Entries expire with the window, so random names cannot grow the
 * map beyond what one window of failures brings.
 */
public final class LoginThrottle {

    /** A user or an address that is refused for now, and for how much longer. */
    public record Throttled(String key, Duration retryAfter) {
    }

    private static final int PRUNE_ABOVE = 10_000;

    private final Clock clock;
    private final int maxFailures;
    private final Duration window;
    private final Map<String, Deque<Instant>> failures = new HashMap<>();

    public LoginThrottle(Clock clock, int maxFailures, Duration window) {
        if (maxFailures < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("A login throttle needs at least 1 failure and a positive window");
        }
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.window = window;
    }

    /**
     * Whether an attempt by {@code user} (null when the request names none) from {@code address}
     * must be refused: the longest wait of the two keys, or empty when the attempt may go on.
     */
    public synchronized Optional<Throttled> check(String user, String address) {
        Instant now = clock.instant();
        Throttled longest = null;
        for (String key : keys(user, address)) {
            Duration wait = waitFor(key, now);
            if (wait != null && (longest == null || wait.compareTo(longest.retryAfter()) > 0)) {
                longest = new Throttled(key, wait);
            }
        }
        return Optional.ofNullable(longest);
    }

    /**
     * Counts one failed login; answers the keys this failure has just throttled (empty when
     * neither reached the limit with it), so the caller can report the start of a throttling.
     */
    public synchronized List<Throttled> recordFailure(String user, String address) {
        Instant now = clock.instant();
        if (failures.size() > PRUNE_ABOVE) {
            failures.values().removeIf(times -> expire(times, now).isEmpty());
        }
        List<Throttled> started = new ArrayList<>();
        for (String key : keys(user, address)) {
            Deque<Instant> times = expire(failures.computeIfAbsent(key, k -> new ArrayDeque<>()), now);
            times.addLast(now);
            if (times.size() == maxFailures) {
                started.add(new Throttled(key, waitFor(key, now)));
            }
        }
        return started;
    }

    /** How long until fewer than maxFailures failures of the key are inside the window; null when that is already so. */
    private Duration waitFor(String key, Instant now) {
        Deque<Instant> times = failures.get(key);
        if (times == null || expire(times, now).size() < maxFailures) {
            return null;
        }
        // the failure that must leave the window for the count to drop below the limit
        Instant deciding = times.stream().skip(times.size() - maxFailures).findFirst().orElseThrow();
        return Duration.between(now, deciding.plus(window));
    }

    private Deque<Instant> expire(Deque<Instant> times, Instant now) {
        Instant oldestKept = now.minus(window);
        while (!times.isEmpty() && !times.peekFirst().isAfter(oldestKept)) {
            times.removeFirst();
        }
        return times;
    }

    private static List<String> keys(String user, String address) {
        List<String> keys = new ArrayList<>(2);
        if (user != null && !user.isBlank()) {
            keys.add("user " + user.trim().toLowerCase(Locale.ROOT)); // user names are case-insensitive at login
        }
        keys.add("address " + (address == null ? "unknown" : address));
        return keys;
    }
}
