package dev.kanal.orders;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.client.config.ChannelAccountConfig;
import dev.kanal.client.config.ChannelType;
import dev.kanal.connector.woocommerce.WooCommerceOrders;
import dev.kanal.stock.AccountRef;
import dev.kanal.stock.ChannelAccounts;
import java.util.ArrayList;
import java.util.List;

/**
 * Registers Kanal's order webhooks on a WooCommerce shop through its REST API: one per topic
 * ({@code order.created}, {@code order.updated}) pointing at
 * {@code <public-url>/webhooks/woocommerce/<client>/<account>}, with the account's secret.
 * Idempotent: a webhook that already points there is kept (made active, secret set again, since
 * a secret cannot be read back), never created twice.
 */
public class WebhookRegistration {

    static final List<String> TOPICS = List.of("order.created", "order.updated");

    /** What happened to one topic's webhook: created, or kept (already there). */
    public record Registered(String topic, long webhookId, String action, String deliveryUrl) {
    }

    private final ChannelAccounts accounts;
    private final WooCommerceOrders woo;
    private final String publicUrl;

    public WebhookRegistration(ChannelAccounts accounts, WooCommerceOrders woo, String publicUrl) {
        this.accounts = accounts;
        this.woo = woo;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    public List<Registered> register(AccountRef ref) {
        ChannelAccountConfig config = accounts.config(ref);
        if (config.type() != ChannelType.WOOCOMMERCE) {
            throw new IllegalArgumentException(ref.client() + "/" + ref.account() + " is a " + config.type()
                    + " account; only WooCommerce shops send webhooks");
        }
        if (config.webhookSecret() == null) {
            throw new IllegalArgumentException(ref.client() + "/" + ref.account()
                    + " has no webhook-secret in its client file: set one before registering webhooks");
        }
        String deliveryUrl = deliveryUrl(ref);
        List<JsonNode> existing = woo.webhooks(accounts.connection(ref));
        List<Registered> result = new ArrayList<>();
        for (String topic : TOPICS) {
            JsonNode hook = existing.stream()
                    .filter(h -> topic.equals(h.path("topic").asText()) && deliveryUrl.equals(h.path("delivery_url").asText()))
                    .findFirst().orElse(null);
            if (hook == null) {
                JsonNode created = woo.createWebhook(accounts.connection(ref), "Kanal " + topic, topic, deliveryUrl,
                        config.webhookSecret());
                result.add(new Registered(topic, created.path("id").asLong(), "created", deliveryUrl));
            } else {
                woo.activateWebhook(accounts.connection(ref), hook.path("id").asLong(), config.webhookSecret());
                result.add(new Registered(topic, hook.path("id").asLong(), "kept", deliveryUrl));
            }
        }
        return result;
    }

    public String deliveryUrl(AccountRef ref) {
        return publicUrl + "/webhooks/woocommerce/" + ref.client() + "/" + ref.account();
    }
}
