package dev.kanal.inventory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.Collection;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jms.connection.ConnectionFactoryUtils;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes {@link StockChanged} as JSON on the stock events topic, one message per changed SKU.
 * Inside a transacted JMS consumer the send joins that transaction; elsewhere it is sent at once.
 *
 * <p>Events, not a hop (decision 0012): every publisher has recorded the recalculation in its own
 * database transaction before it announces it (decision 0009), so the calculator needs none of
 * these messages. On a topic a burst of 10,000 costs the broker next to nothing while no one
 * subscribes, and any number of other systems can subscribe; on the calculator's queue it cost
 * a core for most of a second, right when the calculator needed it. Sent non-persistent
 * (decision 0011): they carry no work a broker restart could lose.
 */
@Component
class JmsStockChangePublisher implements StockChangePublisher {

    /** Header repeating {@link StockChanged#recorded()}, so the hop skips a recorded notification without reading its body. */
    static final String RECORDED = "kanalRecorded";

    private final JmsTemplate jms;
    private final ConnectionFactory connectionFactory;
    private final ObjectMapper json;
    private final String topic;
    private final String calculatorQueue;

    JmsStockChangePublisher(ConnectionFactory connectionFactory, ObjectMapper json,
                            @Value("${kanal.stock.events-topic}") String topic,
                            @Value("${kanal.messaging.queues.stock-changed.name}") String calculatorQueue) {
        this.connectionFactory = connectionFactory;
        this.jms = new JmsTemplate(connectionFactory);
        this.jms.setExplicitQosEnabled(true);
        this.jms.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
        this.json = json;
        this.topic = topic;
        this.calculatorQueue = calculatorQueue;
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
            try (MessageProducer producer = session.createProducer(destination(session, recorded))) {
                producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
                for (String sku : skus) {
                    producer.send(message(session, new StockChanged(client, sku, cause, recorded)));
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
        jms.execute(session -> {
            try (MessageProducer producer = session.createProducer(destination(session, change.recorded()))) {
                producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
                producer.send(message(session, change));
            }
            if (session.getTransacted() && !ConnectionFactoryUtils.isSessionTransactional(session, connectionFactory)) {
                session.commit();
            }
            return null;
        }, true);
    }

    /**
     * A recorded change is an event for whoever subscribes; one whose recalculation nobody recorded
     * yet (a caller outside Kanal's stock-changing transactions) carries work, so it goes to the
     * calculator's queue, whose hop records it.
     */
    private Destination destination(Session session, boolean recorded) throws JMSException {
        return recorded ? session.createTopic(topic) : session.createQueue(calculatorQueue);
    }

    private TextMessage message(Session session, StockChanged change) throws JMSException {
        TextMessage message = session.createTextMessage(write(change));
        message.setStringProperty("kanalClient", change.client());
        message.setStringProperty("kanalSku", change.sku());
        message.setBooleanProperty(RECORDED, change.recorded());
        return message;
    }

    private String write(StockChanged change) {
        try {
            return json.writeValueAsString(change);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + change, e);
        }
    }
}
