package dev.kanal.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.KanalIntegrationTest;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.nio.file.Files;
import java.util.UUID;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.annotation.DirtiesContext;

/** The embedded broker keeps messages in its journal under the data directory across a restart. */
@DirtiesContext // restarts the broker under the running application
class BrokerRestartTest extends KanalIntegrationTest {

    @Autowired EmbeddedActiveMQ broker;
    @Autowired JmsTemplate jms;

    @Test
    void persistedMessageSurvivesBrokerRestart() throws Exception {
        String body = "stock-changed-" + UUID.randomUUID();
        jms.convertAndSend("kanal.test.parked", body, m -> {
            m.setStringProperty("kanalClient", "acme");
            return m;
        });

        broker.stop();
        assertThat(Files.list(DATA_DIR.resolve("artemis").resolve("journal")))
                .as("journal files under the data directory").isNotEmpty();
        broker.start();

        // a fresh in-VM connection: the application's cached one belonged to the stopped broker
        try (ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory("vm://0");
             Connection connection = cf.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue("kanal.test.parked"));
            Message received = consumer.receive(10_000);
            assertThat(received).as("message still on the queue after restart").isNotNull();
            assertThat(received.getBody(String.class)).isEqualTo(body);
            assertThat(received.getStringProperty("kanalClient")).isEqualTo("acme");
            assertThat(received.getJMSDeliveryMode()).isEqualTo(jakarta.jms.DeliveryMode.PERSISTENT);
        }
    }
}
