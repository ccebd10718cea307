package dev.kanal.sandbox.baselinker;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The BaseLinker sandbox's state: one {@link SandboxAccount} per API token, in memory. A token
 * becomes an account the first time the control API names it; the API answers
 * {@code ERROR_BAD_TOKEN} to any other. Ids (inventories, products, orders, journal events,
 * packages) are unique across accounts, as on BaseLinker.
 */
@Component
@ConditionalOnProperty(prefix = "kanal.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
class BaseLinkerSandbox {

    /** Each sandbox of this JVM (two test contexts) hands out ids from a range of its own. */
    private static final AtomicLong RANGES = new AtomicLong(0);

    private final ConcurrentMap<String, SandboxAccount> accounts = new ConcurrentHashMap<>();
    private final long range = RANGES.getAndIncrement() * 10_000_000L;
    private final AtomicLong inventoryIds = new AtomicLong(3_001 + range / 1000);
    private final AtomicLong productIds = new AtomicLong(200_001 + range);
    private final AtomicLong orderIds = new AtomicLong(5_000_001 + range);
    private final AtomicLong logIds = new AtomicLong(700_001 + range);
    private final AtomicLong packageIds = new AtomicLong(90_000_001 + range);
    private final AtomicLong orderProductIds = new AtomicLong(40_000_001 + range);

    /** The account an {@code X-BLToken} names, if the token is known. */
    Optional<SandboxAccount> account(String token) {
        return token == null || token.isBlank() ? Optional.empty() : Optional.ofNullable(accounts.get(token.trim()));
    }

    /** The account for a control request's token, created on first use. */
    SandboxAccount accountForControl(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("Control requests name the account like API requests: X-BLToken: <token>");
        }
        return accounts.computeIfAbsent(token.trim(), t -> newAccount());
    }

    /** Forgets the token's account; the next control request starts a fresh one. */
    void reset(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("X-BLToken is required");
        }
        accounts.remove(token.trim());
    }

    long nextOrderProductId() {
        return orderProductIds.getAndIncrement();
    }

    private SandboxAccount newAccount() {
        long inventoryId = inventoryIds.getAndIncrement();
        SandboxInventory inventory = new SandboxInventory(inventoryId, List.of(105L, 106L), List.of("bl_1", "bl_2"),
                productIds::getAndIncrement);
        SandboxOrderBook orders = new SandboxOrderBook(() -> System.currentTimeMillis() / 1000, orderIds::getAndIncrement,
                logIds::getAndIncrement, packageIds::getAndIncrement);
        return new SandboxAccount(inventory, orders, System::nanoTime);
    }
}
