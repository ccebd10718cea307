package dev.kanal.messaging;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The queues between hops and how the broker redelivers on each. Routes name queues through
 * placeholders ({@code {{kanal.messaging.queues.stock-changed.name}}}), never as literals.
 *
 * @param deadLetterSuffix appended to a hop queue's name to name its dead-letter queue
 * @param redelivery       defaults for every hop queue
 * @param queues           hop queues by key; each may override the defaults
 */
@Validated
@ConfigurationProperties("kanal.messaging")
public record MessagingProperties(
        @DefaultValue(".dlq") @NotBlank String deadLetterSuffix,
        @DefaultValue @Valid Redelivery redelivery,
        Map<String, @Valid Queue> queues) {

    public MessagingProperties {
        queues = queues == null ? Map.of() : Map.copyOf(queues);
    }

    /**
     * @param maxDeliveryAttempts deliveries of one message, the first included, before it is dead-lettered
     * @param delay               wait before the first redelivery
     * @param multiplier          each further redelivery waits this many times longer
     * @param maxDelay            the longest wait between two deliveries
     */
    public record Redelivery(
            @DefaultValue("4") @Min(1) int maxDeliveryAttempts,
            @DefaultValue("1s") @NotNull Duration delay,
            @DefaultValue("2.0") @DecimalMin("1.0") double multiplier,
            @DefaultValue("60s") @NotNull Duration maxDelay) {
    }

    /**
     * One hop queue; unset redelivery fields take the defaults.
     *
     * @param consumerWindowSize bytes of messages the broker may send ahead to each consumer of
     *                           this queue (its prefetch); 0 sends a message only to a consumer
     *                           that asks for one, -1 is unbounded; unset keeps Artemis's 1 MB
     */
    public record Queue(
            @NotBlank String name,
            @Min(1) Integer maxDeliveryAttempts,
            Duration redeliveryDelay,
            @DecimalMin("1.0") Double multiplier,
            Duration maxRedeliveryDelay,
            @Min(-1) Integer consumerWindowSize) {
    }

    /** Every configured hop queue with its defaults applied. */
    public List<HopQueue> hopQueues() {
        List<HopQueue> hops = new ArrayList<>();
        queues.forEach((key, q) -> hops.add(new HopQueue(
                key,
                q.name(),
                q.name() + deadLetterSuffix,
                q.maxDeliveryAttempts() != null ? q.maxDeliveryAttempts() : redelivery.maxDeliveryAttempts(),
                q.redeliveryDelay() != null ? q.redeliveryDelay() : redelivery.delay(),
                q.multiplier() != null ? q.multiplier() : redelivery.multiplier(),
                q.maxRedeliveryDelay() != null ? q.maxRedeliveryDelay() : redelivery.maxDelay(),
                q.consumerWindowSize())));
        hops.sort((a, b) -> a.name().compareTo(b.name()));
        return hops;
    }
}
