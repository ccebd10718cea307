package dev.kanal.messaging;

import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Decides when a failed delivery is the last one the broker will make, and where the message
 * goes then. The broker owns redelivery (delays, back-off, counting across restarts); this
 * policy only lets the last attempt carry the error into the hop's dead-letter queue.
 * A queue not configured as a hop gets the default attempts and the default suffix.
 */
public class DeadLetterPolicy {

    private final Map<String, HopQueue> hopsByName;
    private final int defaultAttempts;
    private final String deadLetterSuffix;

    public DeadLetterPolicy(MessagingProperties properties) {
        this.hopsByName = properties.hopQueues().stream()
                .collect(Collectors.toUnmodifiableMap(HopQueue::name, Function.identity()));
        this.defaultAttempts = properties.redelivery().maxDeliveryAttempts();
        this.deadLetterSuffix = properties.deadLetterSuffix();
    }

    /**
     * @param queue         the queue the message was consumed from, or null when the route
     *                      did not start at a queue (then there is nothing to dead-letter)
     * @param deliveryCount the broker's delivery count, 1 on the first delivery
     */
    public boolean isLastAttempt(String queue, Integer deliveryCount) {
        if (queue == null || deliveryCount == null) {
            return false;
        }
        return deliveryCount >= maxDeliveryAttempts(queue);
    }

    /** {@link #isLastAttempt} for the JMS destination a route consumed from (null: not a queue). */
    public boolean isLastDelivery(Destination consumedFrom, Integer deliveryCount) {
        return isLastAttempt(queueName(consumedFrom), deliveryCount);
    }

    /**
     * True when the failed exchange was consumed from a queue by the broker (so it can be parked
     * on that queue's dead-letter queue): a permanent failure is parked on any delivery, the first
     * included. Routes started by a timer or an HTTP call have no such delivery; their failure is
     * only logged.
     */
    public boolean isQueueDelivery(Destination consumedFrom, Integer deliveryCount) {
        return queueName(consumedFrom) != null && deliveryCount != null;
    }

    /** The dead-letter queue of the JMS queue a route consumed from. */
    public String deadLetterQueueFor(Destination consumedFrom) {
        return deadLetterQueueOf(queueName(consumedFrom));
    }

    public static String queueName(Destination destination) {
        if (destination instanceof Queue queue) {
            try {
                return queue.getQueueName();
            } catch (JMSException e) {
                throw new IllegalStateException("Cannot read the queue name of " + destination, e);
            }
        }
        return null;
    }

    public int maxDeliveryAttempts(String queue) {
        HopQueue hop = hopsByName.get(queue);
        return hop != null ? hop.maxDeliveryAttempts() : defaultAttempts;
    }

    public String deadLetterQueueOf(String queue) {
        HopQueue hop = hopsByName.get(queue);
        return hop != null ? hop.deadLetterQueue() : queue + deadLetterSuffix;
    }
}
