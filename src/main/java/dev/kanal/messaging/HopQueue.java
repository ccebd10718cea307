package dev.kanal.messaging;

import java.time.Duration;

/**
 * A queue between two hops, with the settings the broker applies to it.
 *
 * @param key                 the configuration key (e.g. {@code stock-changed})
 * @param name                the broker queue name
 * @param deadLetterQueue     where messages go after the last failed attempt
 * @param maxDeliveryAttempts deliveries before dead-lettering, the first included
 * @param consumerWindowSize  the prefetch of each consumer in bytes (0: none), or null for the broker's default
 */
public record HopQueue(
        String key,
        String name,
        String deadLetterQueue,
        int maxDeliveryAttempts,
        Duration redeliveryDelay,
        double multiplier,
        Duration maxRedeliveryDelay,
        Integer consumerWindowSize) {
}
