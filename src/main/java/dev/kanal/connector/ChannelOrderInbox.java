package dev.kanal.connector;

/**
 * Where a connector's webhook endpoint hands what a channel delivered, once verified: the orders
 * flow implements it (the received-orders hop), so a connector reaches it without knowing the
 * orders package.
 */
public interface ChannelOrderInbox {

    /** A delivery for the account arrived with a valid signature (shown in the account's health). */
    void webhookVerified(String client, String account);

    /**
     * Queues one order as the channel sent it, unread: the import hop decides whether it is an
     * order and quarantines one it cannot read. Throws when the broker did not take it.
     *
     * @param channelOrderId the order's id when the endpoint could tell it cheaply; null otherwise
     * @param via            how it came, e.g. {@code webhook}
     */
    void receive(String client, String account, String channelOrderId, String via, String json);
}
