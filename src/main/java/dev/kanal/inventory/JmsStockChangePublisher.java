package dev.kanal.inventory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends {@link StockChanged} as JSON to the stock-changed hop queue. Inside a transacted JMS
 * consumer the send joins that transaction; elsewhere it is sent at once, persistent.
 */
@Component
class JmsStockChangePublisher implements StockChangePublisher {

    private final JmsTemplate jms;
    private final ObjectMapper json;
    private final String queue;

    JmsStockChangePublisher(JmsTemplate jms, ObjectMapper json,
                            @Value("${kanal.messaging.queues.stock-changed.name}") String queue) {
        this.jms = jms;
        this.json = json;
        this.queue = queue;
    }

    @Override
    public void publish(StockChanged change) {
        String body;
        try {
            body = json.writeValueAsString(change);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + change, e);
        }
        jms.convertAndSend(queue, body, m -> {
            m.setStringProperty("kanalClient", change.client());
            m.setStringProperty("kanalSku", change.sku());
            return m;
        });
    }
}
