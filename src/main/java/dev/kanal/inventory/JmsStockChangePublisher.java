package dev.kanal.inventory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.MessageProducer;
import jakarta.jms.TextMessage;
import java.util.Collection;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jms.connection.ConnectionFactoryUtils;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends {@link StockChanged} as JSON to the stock-changed hop queue. Inside a transacted JMS
 * consumer the send joins that transaction; elsewhere it is sent at once, persistent.
 */
@Component
class JmsStockChangePublisher implements StockChangePublisher {

    /** Messages per broker transaction when announcing many SKUs at once (one journal sync each). */
    static final int BATCH = 1000;

    private final JmsTemplate jms;
    private final JmsTemplate batches;
    private final ConnectionFactory connectionFactory;
    private final ObjectMapper json;
    private final String queue;

    JmsStockChangePublisher(JmsTemplate jms, ConnectionFactory connectionFactory, ObjectMapper json,
                            @Value("${kanal.messaging.queues.stock-changed.name}") String queue) {
        this.jms = jms;
        this.connectionFactory = connectionFactory;
        this.batches = new JmsTemplate(connectionFactory);
        this.batches.setSessionTransacted(true);
        this.json = json;
        this.queue = queue;
    }

    /**
     * Many SKUs at once (a poll after a stock take): sent in transactions of {@link #BATCH}
     * messages, so the broker syncs its journal once per batch instead of once per message.
     */
    @Override
    public void publishAll(String client, Collection<String> skus, String cause, boolean recorded) {
        List<String> all = List.copyOf(skus);
        for (int from = 0; from < all.size(); from += BATCH) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + BATCH));
            batches.execute(session -> {
                try (MessageProducer producer = session.createProducer(session.createQueue(queue))) {
                    for (String sku : batch) {
                        TextMessage message = session.createTextMessage(write(new StockChanged(client, sku, cause, recorded)));
                        message.setStringProperty("kanalClient", client);
                        message.setStringProperty("kanalSku", sku);
                        producer.send(message);
                    }
                }
                if (!ConnectionFactoryUtils.isSessionTransactional(session, connectionFactory)) {
                    session.commit(); // not inside a consumer's transaction: ours to commit
                }
                return null;
            }, true);
        }
    }

    @Override
    public void publish(StockChanged change) {
        jms.convertAndSend(queue, write(change), m -> {
            m.setStringProperty("kanalClient", change.client());
            m.setStringProperty("kanalSku", change.sku());
            return m;
        });
    }

    private String write(StockChanged change) {
        try {
            return json.writeValueAsString(change);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + change, e);
        }
    }
}
