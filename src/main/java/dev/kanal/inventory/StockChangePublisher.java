package dev.kanal.inventory;

import java.util.Collection;

/** Announces stock changes to the stock-changed queue, one message per SKU. */
public interface StockChangePublisher {

    void publish(StockChanged change);

    default void publishAll(String client, Collection<String> skus, String cause) {
        publishAll(client, skus, cause, false);
    }

    /** @param recorded see {@link StockChanged#recorded()} */
    default void publishAll(String client, Collection<String> skus, String cause, boolean recorded) {
        skus.forEach(sku -> publish(new StockChanged(client, sku, cause, recorded)));
    }
}
