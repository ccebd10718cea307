package dev.kanal.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kanal.KanalIntegrationTest;
import dev.kanal.client.config.UnknownClientException;
import dev.kanal.connector.MalformedOrderException;
import jakarta.jms.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;

/**
 * The two error policies of routes/configuration/errors.camel.yaml on one hop, on the real
 * embedded broker: a permanent failure is parked on its first delivery, a transient one is
 * redelivered until its last attempt (3 on this queue).
 */
class PermanentFailureDeadLetterTest extends KanalIntegrationTest {

    private static final String QUEUE = "kanal.test.permanent-fails";
    private static final String DLQ = "kanal.test.permanent-fails.dlq";

    @Autowired JmsTemplate jms;
    @Autowired FailingStep failingStep;

    @Test
    void aPermanentFailureIsParkedOnTheFirstDeliveryWhileATransientOneIsRedelivered() throws Exception {
        String permanent = "permanent-" + UUID.randomUUID();
        String transientOne = "transient-" + UUID.randomUUID();
        jms.convertAndSend(QUEUE, permanent);
        jms.convertAndSend(QUEUE, transientOne);

        Message parked = awaitDeadLetter(permanent);
        Message exhausted = awaitDeadLetter(transientOne);

        // the transient message took three deliveries, with back-off; the permanent one still had one
        assertThat(failingStep.attemptsFor(transientOne)).hasSize(3);
        assertThat(failingStep.attemptsFor(permanent)).as("tried once, never redelivered").hasSize(1);

        assertThat(parked.getStringProperty("kanalDeliveryAttempts")).isEqualTo("1");
        assertThat(parked.getStringProperty("kanalErrorPermanent")).isEqualTo("true");
        assertThat(parked.getStringProperty("kanalErrorClass")).isEqualTo(MalformedOrderException.class.getName());
        assertThat(parked.getStringProperty("kanalErrorMessage")).isEqualTo("order " + permanent + " has no line_items");
        assertThat(parked.getStringProperty("kanalErrorRoute")).isEqualTo("test-permanent-fails");
        assertThat(parked.getStringProperty("_AMQ_ORIG_QUEUE")).as("replayable to its hop").isEqualTo(QUEUE);

        assertThat(exhausted.getStringProperty("kanalDeliveryAttempts")).isEqualTo("3");
        assertThat(exhausted.getStringProperty("kanalErrorPermanent")).isNull();
        assertThat(exhausted.getStringProperty("kanalErrorClass")).isEqualTo(IllegalStateException.class.getName());
    }

    @Test
    void aPermanentFailureAsTheCauseOfAnotherExceptionIsParkedAtOnce() throws Exception {
        String wrapped = "wrapped-" + UUID.randomUUID();
        String transientOne = "transient-" + UUID.randomUUID();
        jms.convertAndSend(QUEUE, wrapped);
        jms.convertAndSend(QUEUE, transientOne);

        Message parked = awaitDeadLetter(wrapped);
        awaitDeadLetter(transientOne);

        assertThat(failingStep.attemptsFor(wrapped)).hasSize(1);
        assertThat(parked.getStringProperty("kanalDeliveryAttempts")).isEqualTo("1");
        // the headers name the exception the step threw; its message says what the cause was
        assertThat(parked.getStringProperty("kanalErrorClass")).isEqualTo(IllegalStateException.class.getName());
        assertThat(parked.getStringProperty("kanalErrorMessage")).isEqualTo("import of " + wrapped + " failed");
        assertThat(new UnknownClientException("x")).isInstanceOf(dev.kanal.support.PermanentFailure.class);
    }

    @Test
    void aHeaderThatCannotBeConvertedIsParkedAtOnce() throws Exception {
        String body = "number-" + UUID.randomUUID();
        String transientOne = "transient-" + UUID.randomUUID();
        jms.convertAndSend(QUEUE, body, m -> {
            m.setStringProperty("kanalOrderId", "not-a-number");
            return m;
        });
        jms.convertAndSend(QUEUE, transientOne);

        Message parked = awaitDeadLetter(body);
        awaitDeadLetter(transientOne);

        assertThat(failingStep.attemptsFor(body)).hasSize(1);
        assertThat(parked.getStringProperty("kanalDeliveryAttempts")).isEqualTo("1");
        assertThat(parked.getStringProperty("kanalErrorMessage")).contains("not-a-number");
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
