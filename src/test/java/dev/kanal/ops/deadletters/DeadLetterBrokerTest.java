package dev.kanal.ops.deadletters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kanal.TestEnvironment;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both ways of reaching Artemis's management, against a real Artemis server listening on TCP:
 * the queue controls in-process (the embedded broker) and request messages to the management
 * address over the network (an external broker). A dead letter is replayed to the queue it
 * failed on, or removed, by its JMS id; others stay.
 */
class DeadLetterBrokerTest {

    private static final Path DIR = TestEnvironment.tempDir("kanal-dlq-broker-");
    private static final int PORT = TestEnvironment.freePort();
    private static EmbeddedActiveMQ server;
    private static ActiveMQConnectionFactory connections;

    @BeforeAll
    static void startBroker() throws Exception {
        Configuration config = new ConfigurationImpl().setPersistenceEnabled(false).setSecurityEnabled(false)
                .setJournalDirectory(DIR.resolve("journal").toString()).setBindingsDirectory(DIR.resolve("bindings").toString())
                .setPagingDirectory(DIR.resolve("paging").toString())
                .setLargeMessagesDirectory(DIR.resolve("large").toString())
                .addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + PORT);
        server = new EmbeddedActiveMQ().setConfiguration(config).start();
        connections = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + PORT);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        connections.close();
        server.stop();
    }

    @ParameterizedTest
    @ValueSource(strings = {"embedded", "external"})
    void replaysAndRemovesChosenDeadLettersByTheirJmsIds(String kind) throws Exception {
        String hop = "hop-" + kind;
        String dlq = hop + ".dlq";
        for (String queue : List.of(hop, dlq)) {
            server.getActiveMQServer().createQueue(QueueConfiguration.of(queue).setRoutingType(RoutingType.ANYCAST).setDurable(false));
        }
        DeadLetterBroker broker = kind.equals("embedded")
                ? new EmbeddedDeadLetterBroker(server.getActiveMQServer()) : new RemoteDeadLetterBroker(connections);
        assertThat(broker.kind()).isEqualTo(kind);

        List<String> ids = park(dlq, hop, "a", "b", "c");
        assertThat(broker.depth(dlq)).isEqualTo(3);

        assertThat(broker.retry(dlq, ids.subList(0, 2))).isEqualTo(2);
        // the broker routes a replayed message to its queue after the call returns: its counters follow shortly
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.depth(hop) == 2 && broker.depth(dlq) == 1);
        assertThat(bodies(hop)).containsExactlyInAnyOrder("a", "b");

        assertThat(broker.retry(dlq, ids.subList(0, 2))).as("already replayed").isZero();
        assertThat(broker.remove(dlq, List.of(ids.get(2)))).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.depth(dlq) == 0);
        assertThat(broker.depth("no-such-queue-" + kind)).isZero();
    }

    /** Dead letters as Kanal's error handler parks them; answers their JMS ids. */
    private static List<String> park(String dlq, String original, String... bodies) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection connection = connections.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(dlq));
            for (String body : bodies) {
                TextMessage message = session.createTextMessage(body);
                message.setStringProperty("kanalErrorClass", "java.lang.IllegalStateException");
                message.setStringProperty("_AMQ_ORIG_ADDRESS", original);
                message.setStringProperty("_AMQ_ORIG_QUEUE", original);
                producer.send(message);
                ids.add(message.getJMSMessageID());
            }
        }
        return ids;
    }

    private static List<String> bodies(String queue) throws Exception {
        List<String> bodies = new ArrayList<>();
        try (Connection connection = connections.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            QueueBrowser browser = session.createBrowser(session.createQueue(queue));
            for (Object message : Collections.list(browser.getEnumeration())) {
                bodies.add(((TextMessage) (Message) message).getText());
            }
        }
        return bodies;
    }
}
