package dev.kanal.inventory;

import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.connector.MalformedSourceDeliveryException;
import dev.kanal.connector.SourceConnector;
import dev.kanal.connector.SourceConnectors;
import dev.kanal.connector.SourceItem;
import dev.kanal.connector.SourceStockInbox;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.ProducerTemplate;

/**
 * The webhooks of a client's source shop in flow 1 (routes/flows/source-webhooks.camel.yaml): a
 * verified delivery is queued as the shop sent it ({@link #receive}, the connector's
 * {@link SourceStockInbox}), and the hop reads it through the source's connector and stores its
 * items like a modified-since poll's ({@link #apply}). A delivery that is not what the source
 * sends fails with {@link MalformedSourceDeliveryException}, a permanent failure: the broker parks
 * it in the hop's dead-letter queue on its first delivery, where an operator sees it with the
 * reason (decisions 0016, 0043).
 */
public class SourceWebhooks implements SourceStockInbox {

    private final ProducerTemplate producer;
    private final ClientRegistry clients;
    private final SourceConnectors connectors;
    private final ShopSourceReader shops;
    private final StockChangePublisher publisher;

    public SourceWebhooks(ProducerTemplate producer, ClientRegistry clients, SourceConnectors connectors, ShopSourceReader shops,
                          StockChangePublisher publisher) {
        this.producer = producer;
        this.clients = clients;
        this.connectors = connectors;
        this.shops = shops;
        this.publisher = publisher;
    }

    @Override
    public void receive(String client, String topic, String deliveryId, String json) {
        Map<String, Object> headers = new HashMap<>();
        headers.put("kanalClient", client);
        headers.put("kanalSourceTopic", topic == null ? "" : topic);
        headers.put("kanalWebhookDeliveryId", deliveryId == null ? "" : deliveryId);
        producer.sendBodyAndHeaders("direct:source-webhook-received", json, headers);
    }

    /**
     * Reads one queued delivery and stores its items' stock; announces the SKUs whose sellable
     * units changed. Answers them with the items read, whose prices the hop's next step stores
     * (flow 5), as a poll's.
     *
     * @throws MalformedSourceDeliveryException the delivery is not what the client's source sends (quarantined at once)
     */
    public SourcePoller.PollResult apply(String json, String client, String topic) {
        ClientConfig config = clients.require(client);
        if (config.source() == null) {
            throw new MalformedSourceDeliveryException("client " + client + " has no source to take webhooks from");
        }
        SourceConnector source = connectors.find(config.source().type()).orElseThrow(() ->
                new MalformedSourceDeliveryException("a " + config.source().type().name().toLowerCase() + " source sends no webhooks"));
        List<SourceItem> items = source.webhookItems(client, config.source(), topic, json == null ? "" : json);
        Set<String> changed = shops.apply(client, config.source(), items);
        publisher.publishAll(client, changed, "source-webhook", true);
        return new SourcePoller.PollResult(client, items.size(), changed, items);
    }
}
