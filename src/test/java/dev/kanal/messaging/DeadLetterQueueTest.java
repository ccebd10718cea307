package dev.kanal.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kanal.KanalIntegrationTest;
import jakarta.jms.Message;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;

/** A hop that always fails, on the real embedded broker with the real error configuration. */
class DeadLetterQueueTest extends KanalIntegrationTest {

    private static final String QUEUE = "kanal.test.always-fails";
    private static final String DLQ = "kanal.test.always-fails.dlq";

    @Autowired JmsTemplate jms;
    @Autowired FailingStep failingStep;

    @Test
    void lastAttemptParksOriginalMessageWithErrorHeaders() throws Exception {
        String body = "order-" + UUID.randomUUID();
        Instant sent = Instant.now();
        jms.convertAndSend(QUEUE, body, m -> {
            m.setStringProperty("kanalClient", "acme");
            return m;
        });

        Message parked = awaitDeadLetter(body);

        assertThat(failingStep.attemptsFor(body)).as("attempts: exactly the configured 3").hasSize(3);
        assertThat(parked.getBody(String.class)).isEqualTo(body);
        assertThat(parked.getStringProperty("kanalClient")).as("original headers kept").isEqualTo("acme");
        assertThat(parked.getStringProperty("kanalErrorClass")).isEqualTo(IllegalStateException.class.getName());
        assertThat(parked.getStringProperty("kanalErrorMessage")).isEqualTo("ERP refused document for " + body);
        assertThat(parked.getStringProperty("kanalErrorRoute")).isEqualTo("test-always-fails");
        assertThat(parked.getStringProperty("kanalDeliveryAttempts")).isEqualTo("3");
        Instant failedAt = OffsetDateTime.parse(parked.getStringProperty("kanalErrorTime")).toInstant();
        assertThat(failedAt).isBetween(sent.minusSeconds(1), Instant.now().plusSeconds(1));

        // the broker waited between attempts, longer each time (200 ms, then 400 ms)
        List<Instant> at = failingStep.attemptsFor(body);
        assertThat(Duration.between(at.get(0), at.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(180));
        assertThat(Duration.between(at.get(1), at.get(2))).isGreaterThanOrEqualTo(Duration.ofMillis(360));

        assertThat(browse(QUEUE)).as("nothing left on the hop queue").noneMatch(m -> bodyIs(m, body));
    }

    @Test
    void operatorRetryFromTheConsoleSendsTheMessageBackToItsHop() throws Exception {
        String body = "order-" + UUID.randomUUID();
        jms.convertAndSend(QUEUE, body);
        Message parked = awaitDeadLetter(body);

        // what Hawtio's "retry" does on the dead-letter queue's MBean
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> dlqs = mbeans.queryNames(new ObjectName(
                "org.apache.activemq.artemis:component=addresses,subcomponent=queues,queue=\"" + DLQ + "\",*"), null);
        assertThat(dlqs).hasSize(1);
        Object retried = mbeans.invoke(dlqs.iterator().next(), "retryMessages", new Object[0], new String[0]);
        assertThat((Integer) retried).isGreaterThanOrEqualTo(1);

        await().atMost(Duration.ofSeconds(20)).until(() -> failingStep.attemptsFor(body).size() == 6);
        awaitDeadLetter(body);
    }

    private Message awaitDeadLetter(String body) {
        List<Message> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            found.clear();
            browse(DLQ).stream().filter(m -> bodyIs(m, body)).forEach(found::add);
            return !found.isEmpty();
        });
        return found.get(0);
    }

    private List<Message> browse(String queue) {
        return jms.browse(queue, (session, browser) -> Collections.list(browser.getEnumeration()).stream()
                .map(Message.class::cast).toList());
    }

    private static boolean bodyIs(Message m, String body) {
        try {
            return body.equals(m.getBody(String.class));
        } catch (Exception e) {
            return false;
        }
    }
}
