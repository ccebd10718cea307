package dev.kanal.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kanal.KanalIntegrationTest;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.connection.SingleConnectionFactory;
import org.springframework.jms.core.JmsTemplate;

/** A sweep's question "is the hop still working off a backlog?", asked of the embedded broker. */
class QueueBacklogTest extends KanalIntegrationTest {

    @Autowired ConnectionFactory connectionFactory;
    @Autowired JmsTemplate jms;

    @Test
    void messagesAConsumerHasTakenIntoItsBufferButNotAcknowledgedAreStillABacklog() throws Exception {
        String queue = "kanal.test.backlog-" + UUID.randomUUID().toString().substring(0, 8);
        QueueBacklog backlog = new QueueBacklog(jms);
        assertThat(backlog.waiting(queue)).as("a queue that does not exist holds nothing").isFalse();
        for (int i = 0; i < 3; i++) {
            jms.convertAndSend(queue, "message " + i);
        }
        assertThat(backlog.waiting(queue)).isTrue();

        ConnectionFactory raw = connectionFactory instanceof SingleConnectionFactory cached && cached.getTargetConnectionFactory() != null
                ? cached.getTargetConnectionFactory() : connectionFactory; // a consumer of its own, not a cached one
        try (Connection connection = raw.createConnection()) {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer busy = session.createConsumer(session.createQueue(queue));
            connection.start(); // the broker pushes the messages into the consumer's buffer
            await().atMost(Duration.ofSeconds(20)).until(() -> !browseSeesAny(queue));

            assertThat(backlog.waiting(queue)).as("in a consumer's buffer, not acknowledged: still waiting").isTrue();

            for (int i = 0; i < 3; i++) {
                assertThat(busy.receive(5_000)).isNotNull();
            }
            session.commit();
            assertThat(backlog.waiting(queue)).as("worked off").isFalse();
        }
    }

    private boolean browseSeesAny(String queue) {
        return Boolean.TRUE.equals(jms.browse(queue, (session, browser) -> browser.getEnumeration().hasMoreElements()));
    }
}
