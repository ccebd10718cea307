package dev.kanal.ops.deadletters;

import dev.kanal.ops.OperatorAudit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every dead-letter queue, grouped by cause; a whole group replayed (sent back to the queue it
 * failed on) or deleted in one action, through the broker's management, each action written to
 * the operator audit with who did it and what it touched (docs/decisions/0032).
 */
public class DeadLetters {

    /** Who acts, as the audit names them. */
    public record Actor(String user, String address) {
    }

    /**
     * What an action did.
     *
     * @param group    the group's id
     * @param queue    the dead-letter queue
     * @param sentTo   where replayed messages went (null for a delete)
     * @param matched  messages of the group found when the action started
     * @param done     messages replayed or deleted
     */
    public record Outcome(String group, String queue, String sentTo, int matched, int done) {
    }

    private final List<String> queues;
    private final DeadLetterReader reader;
    private final DeadLetterBroker broker;
    private final OperatorAudit audit;
    private final int readLimit;

    DeadLetters(List<String> queues, DeadLetterReader reader, DeadLetterBroker broker, OperatorAudit audit, int readLimit) {
        this.queues = List.copyOf(queues);
        this.reader = reader;
        this.broker = broker;
        this.audit = audit;
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
    public Optional<Outcome> replay(String id, Actor actor) {
        return act(id, actor, "dead-letters.replay", group -> {
            int done = broker.retry(group.queue(), group.messageIds());
            return new Outcome(group.id(), group.queue(), group.originalQueue(), group.count(), done);
        });
    }

    /** Deletes every message of the group for good; empty when there is no such group. */
    public Optional<Outcome> delete(String id, Actor actor) {
        return act(id, actor, "dead-letters.delete", group -> {
            int done = broker.remove(group.queue(), group.messageIds());
            return new Outcome(group.id(), group.queue(), null, group.count(), done);
        });
    }

    private Optional<Outcome> act(String id, Actor actor, String action, Function<DeadLetterGroup, Outcome> work) {
        Optional<DeadLetterGroup> found = group(id);
        if (found.isEmpty()) {
            audit.record(new OperatorAudit.Entry(actor.user(), actor.address(), action, null, "group " + id, 404,
                    "no dead-letter group " + id + " (replayed or deleted already, or never there)"));
            return Optional.empty();
        }
        DeadLetterGroup group = found.get();
        String client = group.clients().size() == 1 ? group.clients().iterator().next() : null;
        String target = "group " + group.id() + " in " + group.queue();
        String cause = group.errorName() + ": " + group.reason();
        try {
            Outcome outcome = work.apply(group);
            String detail = outcome.sentTo() == null
                    ? outcome.done() + " of " + outcome.matched() + " message(s) deleted; " + cause
                    : outcome.done() + " of " + outcome.matched() + " message(s) sent back to " + outcome.sentTo() + "; " + cause;
            audit.record(new OperatorAudit.Entry(actor.user(), actor.address(), action, client, target, 200, detail));
            return Optional.of(outcome);
        } catch (RuntimeException e) {
            audit.record(new OperatorAudit.Entry(actor.user(), actor.address(), action, client, target, 500,
                    e.getMessage() + "; " + cause));
            throw e;
        }
    }
}
