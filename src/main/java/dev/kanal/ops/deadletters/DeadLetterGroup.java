package dev.kanal.ops.deadletters;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Dead letters of one queue that failed for the same cause: the same exception class and the
 * same message once ids, numbers and times are taken out ({@link DeadLetterGrouping#normalise}).
 * Fixing the cause once and replaying the group is the operator's unit of work.
 *
 * @param id            a stable short id of (queue, error class, reason): the same on every node and after restarts
 * @param queue         the dead-letter queue
 * @param originalQueue the hop queue its messages failed on (where a replay sends them)
 * @param errorClass    the exception class, or {@link DeadLetterGrouping#NO_ERROR} when the broker parked them
 * @param reason        the normalised message: what the group's messages have in common
 * @param count         how many messages the group has
 * @param firstSeen     when the oldest was parked
 * @param lastSeen      when the newest was parked
 * @param clients       the Kanal clients the messages name
 * @param sample        the newest message, to read its exact reason and body
 * @param messageIds    every message's JMS id, oldest first
 */
public record DeadLetterGroup(
        String id,
        String queue,
        String originalQueue,
        String errorClass,
        String reason,
        int count,
        Instant firstSeen,
        Instant lastSeen,
        Set<String> clients,
        DeadLetter sample,
        List<String> messageIds) {

    /** The exception's simple name, for a heading. */
    public String errorName() {
        int dot = errorClass.lastIndexOf('.');
        return dot < 0 ? errorClass : errorClass.substring(dot + 1);
    }
}
