package dev.kanal.messaging;

import java.util.List;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

/**
 * Declares every hop queue and its dead-letter queue on an Artemis configuration, with the
 * hop's redelivery settings. Used for the embedded broker; an external broker gets the same
 * settings from docker/artemis/broker.properties, which BrokerPropertiesTest holds equal to these
 * (see docs/decisions/0002-broker-owns-redelivery.md).
 */
public final class BrokerSettings {

    private BrokerSettings() {
    }

    public static void apply(Configuration broker, List<HopQueue> hops) {
        broker.setJMXManagementEnabled(true); // Hawtio browses queues and dead letters over JMX
        for (HopQueue hop : hops) {
            broker.addQueueConfiguration(durableAnycast(hop.name()));
            broker.addQueueConfiguration(durableAnycast(hop.deadLetterQueue()));
            AddressSettings settings = new AddressSettings()
                    .setDeadLetterAddress(SimpleString.of(hop.deadLetterQueue()))
                    .setAutoCreateDeadLetterResources(false)
                    // Kanal dead-letters on the last attempt itself, with the error in headers;
                    // one extra broker attempt is the safety net should that send ever fail.
                    .setMaxDeliveryAttempts(hop.maxDeliveryAttempts() + 1)
                    .setRedeliveryDelay(hop.redeliveryDelay().toMillis())
                    .setRedeliveryMultiplier(hop.multiplier())
                    .setMaxRedeliveryDelay(hop.maxRedeliveryDelay().toMillis());
            if (hop.consumerWindowSize() != null) {
                // Clients that keep the default window (Kanal's connection factory does) take the
                // queue's: with 0 a busy consumer holds no messages that an idle one could take.
                settings.setDefaultConsumerWindowSize(hop.consumerWindowSize());
            }
            broker.addAddressSetting(hop.name(), settings);
        }
    }

    private static QueueConfiguration durableAnycast(String name) {
        return QueueConfiguration.of(name).setAddress(name).setRoutingType(RoutingType.ANYCAST).setDurable(true);
    }
}
