package dev.kanal.messaging;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/** Wires the hop queues into the embedded broker and exposes the dead-letter policy to routes. */
@Configuration(proxyBeanMethods = false)
class MessagingConfiguration {

    /**
     * The embedded broker's hop queues, and how much of the heap its messages may take: by
     * default Artemis keeps up to half of -Xmx in memory before paging, which a burst of 100,000
     * stock-changed messages fills. Beyond {@code broker-memory} it pages them to the journal
     * directory instead (durable either way).
     */
    @Bean
    ArtemisConfigurationCustomizer kanalHopQueues(MessagingProperties properties,
            @Value("${kanal.messaging.broker-memory:64MB}") DataSize brokerMemory) {
        return broker -> {
            BrokerSettings.apply(broker, properties.hopQueues());
            broker.setGlobalMaxSize(brokerMemory.toBytes());
        };
    }

    @Bean
    DeadLetterPolicy deadLetterPolicy(MessagingProperties properties) {
        return new DeadLetterPolicy(properties);
    }
}
