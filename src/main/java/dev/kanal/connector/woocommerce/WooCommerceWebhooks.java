package dev.kanal.connector.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelWebhooks;
import java.util.ArrayList;
import java.util.List;

/**
 * Registers Kanal's order webhooks on a WooCommerce shop through its REST API: one per topic
 * ({@code order.created}, {@code order.updated}) pointing at
 * {@code /webhooks/woocommerce/<client>/<account>} ({@link WooCommerceWebhookController}), with the
 * account's secret. A webhook that already points there is kept (made active, secret set again,
 * since a secret cannot be read back), never created twice.
 */
class WooCommerceWebhooks implements ChannelWebhooks {

    static final List<String> TOPICS = List.of("order.created", "order.updated");

    private final WooCommerceOrders woo;

    WooCommerceWebhooks(WooCommerceOrders woo) {
        this.woo = woo;
    }

    @Override
    public String deliveryPath(String client, String account) {
        return WooCommerceWebhookController.PATH.replace("{client}", client).replace("{account}", account);
    }

    @Override
    public List<Registered> register(ChannelConnection connection, String deliveryUrl, String secret) {
        return register(woo, connection, TOPICS, deliveryUrl, secret);
    }

    /**
     * One webhook per topic on the shop, pointing at {@code deliveryUrl} with {@code secret}: a
     * webhook of the topic that already points there is kept (made active, its secret set again).
     */
    static List<Registered> register(WooCommerceOrders woo, ChannelConnection connection, List<String> topics, String deliveryUrl,
                                     String secret) {
        List<JsonNode> existing = woo.webhooks(connection);
        List<Registered> result = new ArrayList<>();
        for (String topic : topics) {
            JsonNode hook = existing.stream()
                    .filter(h -> topic.equals(h.path("topic").asText()) && deliveryUrl.equals(h.path("delivery_url").asText()))
                    .findFirst().orElse(null);
            if (hook == null) {
                JsonNode created = woo.createWebhook(connection, "Kanal " + topic, topic, deliveryUrl, secret);
                result.add(new Registered(topic, created.path("id").asLong(), "created", deliveryUrl));
            } else {
                woo.activateWebhook(connection, hook.path("id").asLong(), secret);
                result.add(new Registered(topic, hook.path("id").asLong(), "kept", deliveryUrl));
            }
        }
        return result;
    }
}
