package dev.kanal.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.KanalIntegrationTest;
import dev.kanal.TestBeans;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jms.core.JmsTemplate;

/**
 * stock.changed on the real embedded broker: one message per SKU, not persisted (decision 0011);
 * recorded changes are events on the stock events topic, an unrecorded one goes to the
 * calculator's queue (decision 0012).
 */
class StockChangePublisherTest extends KanalIntegrationTest {

    @Autowired StockChangePublisher publisher;
    @Autowired ConnectionFactory connectionFactory;
    @Autowired ObjectMapper json;
    @Value("${kanal.stock.events-topic}") String eventsTopic;
    @Value("${kanal.messaging.queues.stock-changed.name}") String calculatorQueue;

    @Test
    void eachRecordedChangeIsAnEventForSubscribersAndAnUnrecordedOneGoesToTheCalculator() throws Exception {
        String client = "pub-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> skus = new ArrayList<>();
        for (int i = 0; i < 1005; i++) {
            skus.add("SKU-" + i);
        }
        try (Connection connection = connectionFactory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer subscriber = session.createConsumer(session.createTopic(eventsTopic), "kanalClient = '" + client + "'");
            connection.start();

            publisher.publishAll(client, skus, "poll", true);
            publisher.publish(new StockChanged(client, "ONE", "serialized-import", true));
            publisher.publish(new StockChanged(client, "OLD", "an older caller", false));

            List<String> heard = new ArrayList<>();
            Message m;
            while ((m = subscriber.receive(1000)) != null) {
                assertThat(m.getJMSDeliveryMode()).as("delivery mode").isEqualTo(DeliveryMode.NON_PERSISTENT);
                StockChanged change = json.readValue(m.getBody(String.class), StockChanged.class);
                assertThat(change.recorded()).isTrue();
                assertThat(m.getStringProperty("kanalSku")).isEqualTo(change.sku());
                heard.add(change.sku());
            }
            assertThat(heard).as("a subscriber hears every recorded change once").containsExactlyInAnyOrderElementsOf(concat(skus, "ONE"));
        }

        List<Message> copies = copies(client);
        assertThat(copies).hasSize(skus.size() + 2);
        for (Message copy : copies) {
            boolean recorded = copy.getBooleanProperty("kanalRecorded");
            assertThat(copy.getStringProperty("_AMQ_ORIG_ADDRESS")).as(copy.getStringProperty("kanalSku"))
                    .isEqualTo(recorded ? eventsTopic : calculatorQueue);
            assertThat(recorded).isEqualTo(!"OLD".equals(copy.getStringProperty("kanalSku")));
        }
    }

    private List<Message> copies(String client) throws Exception {
        JmsTemplate jms = new JmsTemplate(connectionFactory);
        jms.setReceiveTimeout(1000);
        List<Message> messages = new ArrayList<>();
        Message m;
        while ((m = jms.receiveSelected(TestBeans.STOCK_CHANGED_COPY, "kanalClient = '" + client + "'")) != null) {
            messages.add(m);
        }
        return messages;
    }

    private static List<String> concat(List<String> skus, String one) {
        List<String> all = new ArrayList<>(skus);
        all.add(one);
        return all;
    }
}
