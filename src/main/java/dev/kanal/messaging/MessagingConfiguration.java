package dev.kanal.messaging;

import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the hop queues into the embedded broker and exposes the dead-letter policy to routes. */
@Configuration(proxyBeanMethods = false)
class MessagingConfiguration {

    @Bean
    ArtemisConfigurationCustomizer kanalHopQueues(MessagingProperties properties) {
        return broker -> BrokerSettings.apply(broker, properties.hopQueues());
    }

    @Bean
    DeadLetterPolicy deadLetterPolicy(MessagingProperties properties) {
        return new DeadLetterPolicy(properties);
    }
}
