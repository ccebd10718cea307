package dev.kanal.orders;

import dev.kanal.connector.ChannelOrderInbox;
import dev.kanal.ops.health.HealthRecorder;
import java.util.Map;
import org.apache.camel.ProducerTemplate;

/**
 * Puts orders on the flow from outside a route: a webhook's order onto the received queue (the
 * {@link ChannelOrderInbox} connectors' webhook endpoints hand verified deliveries to), a released
 * order onto the hand-on, through the same routes the poll and the import use.
 */
public class ReceivedOrders implements ChannelOrderInbox {

    private final ProducerTemplate producer;
    private final HealthRecorder health;

    public ReceivedOrders(ProducerTemplate producer, HealthRecorder health) {
        this.producer = producer;
        this.health = health;
    }

    /** Queues one order as the channel sent it; throws when the broker did not take it. */
    @Override
    public void receive(String client, String account, String channelOrderId, String source, String json) {
        producer.sendBodyAndHeaders("direct:order-received", json, Map.of(
                "kanalClient", client,
                "kanalAccount", account,
                "kanalChannelOrderId", channelOrderId == null ? "" : channelOrderId,
                "kanalOrderSource", source));
    }

    /**
     * Notes that a webhook delivery for the account arrived with a valid signature (shown in the
     * account's health), so a registered webhook that never delivers is visible.
     */
    @Override
    public void webhookVerified(String client, String account) {
        health.webhookDelivered(client, account);
    }

    /** Hands a translated order on to allocation. */
    public void handOn(OrderIntake.Outcome outcome) {
        producer.sendBody("direct:order-hand-on", outcome);
    }
}
