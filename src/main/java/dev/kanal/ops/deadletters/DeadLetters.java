package dev.kanal.ops.deadletters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every dead-letter queue, grouped by cause; a whole group replayed (sent back to the queue it
 * failed on) or deleted in one action, through the broker's management (docs/decisions/0032).
 * The admin API audits each action with the outcome's summary.
 */
public class DeadLetters {

    /**
     * What an action did.
     *
     * @param group    the group's id
     * @param queue    the dead-letter queue
     * @param sentTo   where replayed messages went (null for a delete)
     * @param matched  messages of the group found when the action started
     * @param done     messages replayed or deleted
     * @param client   the client the group's messages name, when exactly one
     * @param cause    the group's error and reason
     */
    public record Outcome(String group, String queue, String sentTo, int matched, int done, String client, String cause) {

        /** One line for the audit: what was done, and why the messages had failed. */
        public String summary() {
            return sentTo == null ? done + " of " + matched + " message(s) deleted; " + cause
                    : done + " of " + matched + " message(s) sent back to " + sentTo + "; " + cause;
        }
    }

    private final List<String> queues;
    private final DeadLetterReader reader;
    private final DeadLetterBroker broker;
    private final int readLimit;

    DeadLetters(List<String> queues, DeadLetterReader reader, DeadLetterBroker broker, int readLimit) {
        this.queues = List.copyOf(queues);
        this.reader = reader;
        this.broker = broker;
        this.readLimit = readLimit;
    }

    /** "embedded" or "external". */
    public String brokerKind() {
        return broker.kind();
    }

    /** The dead-letter queues Kanal knows (one per hop, and the broker's default DLQ). */
    public List<String> queues() {
        return queues;
    }

    /** Messages in each dead-letter queue now, by queue. */
    public Map<String, Long> depths() {
        Map<String, Long> depths = new LinkedHashMap<>();
        queues.forEach(q -> depths.put(q, broker.depth(q)));
        return depths;
    }

    /** Messages in one dead-letter queue now. */
    public long depth(String queue) {
        return broker.depth(queue);
    }

    /** At most this many messages of one queue are read to group them; a deeper queue is grouped by its oldest. */
    public int readLimit() {
        return readLimit;
    }

    /** Every group of every dead-letter queue, largest first. Empty queues are not browsed. */
    public List<DeadLetterGroup> groups() {
        List<DeadLetter> all = new ArrayList<>();
        for (String queue : queues) {
            if (broker.depth(queue) > 0) {
                all.addAll(reader.read(queue));
            }
        }
        return DeadLetterGrouping.group(all);
    }

    public Optional<DeadLetterGroup> group(String id) {
        return groups().stream().filter(g -> g.id().equals(id)).findFirst();
    }

    /** The group's messages, oldest first, at most {@code max}. */
    public List<DeadLetter> messages(DeadLetterGroup group, int max) {
        return reader.read(group.queue()).stream().filter(l -> DeadLetterGrouping.groupIdOf(l).equals(group.id()))
                .limit(max).toList();
    }

    /** Sends every message of the group back to the queue it failed on; empty when there is no such group. */
    public Optional<Outcome> replay(String id) {
        return group(id).map(group -> new Outcome(group.id(), group.queue(), group.originalQueue(), group.count(),
                broker.retry(group.queue(), group.messageIds()), client(group), cause(group)));
    }

    /** Deletes every message of the group for good; empty when there is no such group. */
    public Optional<Outcome> delete(String id) {
        return group(id).map(group -> new Outcome(group.id(), group.queue(), null, group.count(),
                broker.remove(group.queue(), group.messageIds()), client(group), cause(group)));
    }

    private static String client(DeadLetterGroup group) {
        return group.clients().size() == 1 ? group.clients().iterator().next() : null;
    }

    private static String cause(DeadLetterGroup group) {
        return group.errorName() + ": " + group.reason();
    }
}
