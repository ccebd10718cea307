package dev.kanal.inventory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageProducer;
import jakarta.jms.TextMessage;
import java.util.Collection;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jms.connection.ConnectionFactoryUtils;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends {@link StockChanged} as JSON to the stock-changed hop queue. Inside a transacted JMS
 * consumer the send joins that transaction; elsewhere it is sent at once.
 *
 * <p>Sent non-persistent: every current publisher has recorded the recalculation in its own
 * database transaction before it announces it (decision 0009), so the message carries no work a
 * broker restart could lose, and the broker keeps 10,000 of them in memory instead of writing
 * and then deleting 10,000 journal records while the calculator needs the same two cores
 * (decision 0011).
 */
@Component
class JmsStockChangePublisher implements StockChangePublisher {

    /** Header repeating {@link StockChanged#recorded()}, so the hop skips a recorded notification without reading its body. */
    static final String RECORDED = "kanalRecorded";

    private final JmsTemplate jms;
    private final ConnectionFactory connectionFactory;
    private final ObjectMapper json;
    private final String queue;

    JmsStockChangePublisher(ConnectionFactory connectionFactory, ObjectMapper json,
                            @Value("${kanal.messaging.queues.stock-changed.name}") String queue) {
        this.connectionFactory = connectionFactory;
        this.jms = new JmsTemplate(connectionFactory);
        this.jms.setExplicitQosEnabled(true);
        this.jms.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
        this.json = json;
        this.queue = queue;
    }

    /**
     * Many SKUs at once (a poll after a stock take): one session, sent non-persistent and without
     * a broker transaction, so the broker takes them as they come instead of answering a commit
     * per batch. Inside a transacted consumer (an order hop) they still join its transaction.
     */
    @Override
    public void publishAll(String client, Collection<String> skus, String cause, boolean recorded) {
        if (skus.isEmpty()) {
            return;
        }
        jms.execute(session -> {
            try (MessageProducer producer = session.createProducer(session.createQueue(queue))) {
                producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
                for (String sku : skus) {
                    TextMessage message = session.createTextMessage(write(new StockChanged(client, sku, cause, recorded)));
                    message.setStringProperty("kanalClient", client);
                    message.setStringProperty("kanalSku", sku);
                    message.setBooleanProperty(RECORDED, recorded);
                    producer.send(message);
                }
            }
            if (session.getTransacted() && !ConnectionFactoryUtils.isSessionTransactional(session, connectionFactory)) {
                session.commit();
            }
            return null;
        }, true);
    }

    @Override
    public void publish(StockChanged change) {
        jms.convertAndSend(queue, write(change), m -> {
            m.setStringProperty("kanalClient", change.client());
            m.setStringProperty("kanalSku", change.sku());
            m.setBooleanProperty(RECORDED, change.recorded());
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
