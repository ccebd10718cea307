package dev.kanal.connector;

import java.util.List;

/**
 * A channel that delivers order webhooks and lets Kanal register them through its API
 * (WooCommerce). The endpoint that receives them lives in the connector's package, verifies the
 * delivery before anything is parsed and hands a verified order to the {@link ChannelOrderInbox};
 * this side only registers. Registration is idempotent: a webhook already pointing at the delivery
 * URL is kept, never made twice.
 */
public interface ChannelWebhooks {

    /** Where, under Kanal's address, the channel delivers one account's webhooks, e.g. {@code /webhooks/woocommerce/acme/shop}. */
    String deliveryPath(String client, String account);

    /**
     * Makes the channel deliver the account's order webhooks to {@code deliveryUrl}, signed with
     * {@code secret}.
     *
     * @throws ChannelUnavailableException the channel cannot be reached
     * @throws RateLimitedException        the channel said 429
     * @throws RuntimeException            implementing {@link HttpStatusFailure} when the channel refused
     *                                     (credentials, permissions, a delivery URL it could not ping)
     */
    List<Registered> register(ChannelConnection connection, String deliveryUrl, String secret);

    /** What happened to one topic's webhook: {@code created}, or {@code kept} (already there). */
    record Registered(String topic, long webhookId, String action, String deliveryUrl) {
    }
}
