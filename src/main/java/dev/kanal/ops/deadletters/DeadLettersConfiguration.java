package dev.kanal.ops.deadletters;

import dev.kanal.messaging.HopQueue;
import dev.kanal.messaging.MessagingProperties;
import jakarta.jms.ConnectionFactory;
import java.util.ArrayList;
import java.util.List;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jms.core.JmsTemplate;

/**
 * Dead letters through the broker Kanal runs on: the embedded broker's queue controls when
 * Kanal runs one, the external broker's management address otherwise (docs/decisions/0032).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DeadLetterProperties.class)
class DeadLettersConfiguration {

    /** Artemis's own dead-letter queue, where the broker parks what no hop's settings cover. */
    static final String BROKER_DLQ = "DLQ";

    @Bean
    DeadLetterBroker deadLetterBroker(ObjectProvider<EmbeddedActiveMQ> embedded, ConnectionFactory connections) {
        EmbeddedActiveMQ broker = embedded.getIfAvailable();
        return broker != null ? new EmbeddedDeadLetterBroker(broker.getActiveMQServer()) : new RemoteDeadLetterBroker(connections);
    }

    @Bean
    DeadLetters deadLetters(MessagingProperties messaging, DeadLetterBroker broker, JmsTemplate jms,
                            DeadLetterProperties properties) {
        List<String> queues = new ArrayList<>();
        for (HopQueue hop : messaging.hopQueues()) {
            queues.add(hop.deadLetterQueue());
        }
        queues.add(BROKER_DLQ);
        return new DeadLetters(queues, new DeadLetterReader(jms, properties.readLimit()), broker, properties.readLimit());
    }
}
