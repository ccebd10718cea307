package dev.kanal.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.KanalIntegrationTest;
import dev.kanal.TestBeans;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;

/** stock.changed on the real embedded broker: one notification per SKU, not persisted (decision 0011). */
class StockChangePublisherTest extends KanalIntegrationTest {

    @Autowired StockChangePublisher publisher;
    @Autowired ConnectionFactory connectionFactory;
    @Autowired ObjectMapper json;

    @Test
    void eachChangedSkuIsAnnouncedOnceAsANotificationTheBrokerNeedNotJournal() throws Exception {
        String client = "pub-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> skus = new ArrayList<>();
        for (int i = 0; i < 1005; i++) {
            skus.add("SKU-" + i);
        }

        publisher.publishAll(client, skus, "poll", true);
        publisher.publish(new StockChanged(client, "ONE", "serialized-import", true));

        List<Message> received = received(client);
        assertThat(received).hasSize(skus.size() + 1);
        List<String> announced = new ArrayList<>();
        for (Message m : received) {
            assertThat(m.getJMSDeliveryMode()).as("delivery mode").isEqualTo(DeliveryMode.NON_PERSISTENT);
            StockChanged change = json.readValue(m.getBody(String.class), StockChanged.class);
            assertThat(change.recorded()).isTrue();
            assertThat(m.getStringProperty("kanalSku")).isEqualTo(change.sku());
            announced.add(change.sku());
        }
        assertThat(announced).containsExactlyInAnyOrderElementsOf(concat(skus, "ONE"));
    }

    private List<Message> received(String client) throws Exception {
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
