package dev.kanal.connector;

/**
 * Where a source connector's webhook endpoint hands a verified delivery: the inventory flow
 * implements it by queueing the delivery as the source sent it (the {@code source-webhooks} hop,
 * routes/flows/source-webhooks.camel.yaml), so the connector reaches the flow without knowing that
 * package, and a delivery Kanal cannot read is quarantined with the reason, never lost (decision 0043).
 */
public interface SourceStockInbox {

    /**
     * Queues one verified delivery, unread: the hop reads it through the source's
     * {@link SourceConnector#webhookItems} and stores its items like the stock poll's.
     *
     * @param topic      the delivery's topic, e.g. {@code product.updated}
     * @param deliveryId the source's id of the delivery, for logs and the dead-letter queue; null when it sends none
     * @throws RuntimeException when the broker did not take it
     */
    void receive(String client, String topic, String deliveryId, String json);
}
