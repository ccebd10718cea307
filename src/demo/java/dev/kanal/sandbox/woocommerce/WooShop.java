package dev.kanal.sandbox.woocommerce;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One sandbox shop, the state behind one consumer key: its secret and key permissions, its
 * catalog, the OAuth nonces it has seen, and its traffic (faults and statistics). The catalog and
 * the nonces are only touched under the shop's lock.
 */
final class WooShop {

    /** OAuth timestamps are accepted within this many seconds of now, and nonces remembered as long. */
    static final long OAUTH_WINDOW_SECONDS = 15 * 60;

    private final String consumerKey;
    private final Clock clock;
    private final WooTraffic traffic;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Long> nonces = new HashMap<>();
    private volatile String consumerSecret;
    private volatile String currency;
    private volatile String permissions;
    private WooCatalog catalog;
    private WooOrderBook orderBook;

    WooShop(String consumerKey, String consumerSecret, String currency, String permissions, Clock clock) {
        this.consumerKey = consumerKey;
        this.consumerSecret = consumerSecret;
        this.currency = currency;
        this.permissions = permissions;
        this.clock = clock;
        this.traffic = new WooTraffic(System::nanoTime);
        this.catalog = new WooCatalog(clock);
        this.orderBook = new WooOrderBook(clock);
    }

    String consumerKey() {
        return consumerKey;
    }

    String consumerSecret() {
        return consumerSecret;
    }

    String currency() {
        return currency;
    }

    /** read, write or read_write, as WooCommerce API keys. */
    String permissions() {
        return permissions;
    }

    void update(String consumerSecret, String currency, String permissions) {
        this.consumerSecret = consumerSecret;
        this.currency = currency;
        this.permissions = permissions;
    }

    WooTraffic traffic() {
        return traffic;
    }

    <T> T locked(Function<WooCatalog, T> action) {
        lock.lock();
        try {
            return action.apply(catalog);
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code action} on the catalog and the orders and webhooks, under the shop's lock. */
    <T> T lockedBook(BiFunction<WooCatalog, WooOrderBook, T> action) {
        lock.lock();
        try {
            return action.apply(catalog, orderBook);
        } finally {
            lock.unlock();
        }
    }

    /** The orders and webhooks; only while holding the lock (inside {@link #locked} or {@link #lockedBook}). */
    WooOrderBook orderBook() {
        return orderBook;
    }

    /** Records a nonce; false when it was already used within the window. */
    boolean useNonce(String nonce) {
        long now = clock.instant().getEpochSecond();
        lock.lock();
        try {
            // a timestamp may be up to the window ahead of now: remember nonces twice as long
            nonces.values().removeIf(seen -> seen < now - 2 * OAUTH_WINDOW_SECONDS);
            return nonces.putIfAbsent(nonce, now) == null;
        } finally {
            lock.unlock();
        }
    }

    /** Empties the catalog, orders and webhooks, forgets nonces, clears faults and statistics; keeps the key. */
    void reset() {
        lock.lock();
        try {
            catalog = new WooCatalog(clock);
            orderBook = new WooOrderBook(clock);
            nonces.clear();
        } finally {
            lock.unlock();
        }
        traffic.clearFaults();
        traffic.clearStatistics();
    }
}
