package dev.kanal.sandbox.woocommerce;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** The sandbox's shops, one per registered consumer key, in memory. */
@Component
@ConditionalOnProperty(prefix = "kanal.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
public class WooCommerceSandbox {

    private final Map<String, WooShop> shops = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();

    /** Registers a key, or changes the secret, currency and permissions of a registered one. */
    boolean register(String consumerKey, String consumerSecret, String currency, String permissions) {
        boolean[] created = {false};
        shops.compute(consumerKey, (key, shop) -> {
            if (shop == null) {
                created[0] = true;
                return new WooShop(key, consumerSecret, currency, permissions, clock);
            }
            shop.update(consumerSecret, currency, permissions);
            return shop;
        });
        return created[0];
    }

    /** The shop of a consumer key, or null. */
    WooShop shop(String consumerKey) {
        return consumerKey == null ? null : shops.get(consumerKey);
    }

    boolean remove(String consumerKey) {
        return shops.remove(consumerKey) != null;
    }

    void clear() {
        shops.clear();
    }

    List<String> consumerKeys() {
        return shops.keySet().stream().sorted().toList();
    }

    Clock clock() {
        return clock;
    }
}
