package dev.kanal.inventory;

import java.util.Collection;

/**
 * Announces stock changes, one stock.changed message per SKU: recorded ones as events on the
 * stock events topic, unrecorded ones (their recalculation still to be recorded) to the
 * calculator's queue.
 */
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
