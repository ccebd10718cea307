package dev.kanal.inventory;

/**
 * The message on the stock-changed queue: units of one SKU of one client may have changed, so
 * every listing mapped to it (directly, through one of its variations, or as a bundle
 * component) needs its calculated quantity looked at again.
 *
 * @param client the client code
 * @param sku    the client's SKU code
 * @param cause    what changed it, for the audit trail (e.g. "erp-poll", "serialized-import", "allocation")
 * @param recorded the publisher already recorded the recalculation request in the transaction
 *                 that changed the stock ({@link RecalculationRequests}; every publisher in
 *                 Kanal does), so the calculator hop has nothing to add; absent in messages of
 *                 older versions, which reads as false (docs/decisions/0009)
 */
public record StockChanged(String client, String sku, String cause, boolean recorded) {

    public StockChanged(String client, String sku, String cause) {
        this(client, sku, cause, false);
    }
}
