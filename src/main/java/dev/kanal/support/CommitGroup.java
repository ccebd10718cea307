package dev.kanal.support;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Group commit for the concurrent consumers of a hop (docs/decisions/0035): each consumer thread
 * hands in its one item and waits; one of the waiting threads, the leader, runs every item
 * waiting for the same key (up to {@code maxSize}) as one batch, typically one database
 * transaction, and each thread gets its own item's result or failure back. While a batch runs,
 * the next one gathers, so the batch grows with the load and a lone item runs at once.
 *
 * <p>The consumers' own transactions (the JMS message each one consumed) are untouched: each
 * thread commits or rolls back its message after it got its result, so a message is still
 * acknowledged only after the database committed its work, and a failure still concerns one
 * message (its redelivery, its dead letter).
 *
 * <p>When the batch as a whole throws (a statement failed, a deadlock), every item of it runs
 * again alone through {@code single}, so one bad item fails only its own thread. Batches of one
 * key never run at once; batches of different keys do.
 *
 * @param <K> what items must share to be batched (e.g. the client)
 * @param <I> one item
 * @param <O> one item's result
 */
public final class CommitGroup<K, I, O> {

    /** One item's result: a value, or the failure its own thread throws. */
    public record Result<O>(O value, RuntimeException failure) {

        public static <O> Result<O> of(O value) {
            return new Result<>(value, null);
        }

        public static <O> Result<O> failed(RuntimeException failure) {
            return new Result<>(null, failure);
        }
    }

    private static final class Pending<I, O> {
        final I item;
        Result<O> result;

        Pending(I item) {
            this.item = item;
        }
    }

    private static final class Lane<I, O> {
        final ArrayDeque<Pending<I, O>> waiting = new ArrayDeque<>();
        boolean leading;
    }

    private final int maxSize;
    private final Function<List<I>, List<Result<O>>> batch;
    private final Function<I, O> single;
    private final Map<K, Lane<I, O>> lanes = new HashMap<>();

    /**
     * @param maxSize most items in one batch
     * @param batch   runs the items together; answers one result per item, in their order
     * @param single  runs one item alone (after its batch failed as a whole)
     */
    public CommitGroup(int maxSize, Function<List<I>, List<Result<O>>> batch, Function<I, O> single) {
        if (maxSize < 1) {
            throw new IllegalArgumentException("maxSize must be at least 1");
        }
        this.maxSize = maxSize;
        this.batch = batch;
        this.single = single;
    }

    /** Runs {@code item} in a batch with whatever else waits for {@code key}; answers its result or throws its failure. */
    public O submit(K key, I item) {
        Pending<I, O> mine = new Pending<>(item);
        Lane<I, O> lane;
        synchronized (lanes) {
            lane = lanes.computeIfAbsent(key, k -> new Lane<>());
            lane.waiting.add(mine);
        }
        while (true) {
            List<Pending<I, O>> taken = new ArrayList<>();
            synchronized (lanes) {
                while (mine.result == null && lane.leading) {
                    try {
                        lanes.wait();
                    } catch (InterruptedException e) {
                        if (lane.waiting.remove(mine)) { // not taken by a leader: nothing of it ran
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException("Interrupted while waiting for a batch", e);
                        }
                        Thread.currentThread().interrupt(); // taken: wait for its result all the same
                    }
                }
                if (mine.result != null) {
                    break;
                }
                lane.leading = true;
                while (!lane.waiting.isEmpty() && taken.size() < maxSize) {
                    taken.add(lane.waiting.poll());
                }
            }
            try {
                run(taken);
            } finally {
                synchronized (lanes) {
                    for (Pending<I, O> p : taken) {
                        if (p.result == null) { // the batch died of an Error: no thread may wait for ever
                            p.result = Result.failed(new IllegalStateException("The batch this item was in did not finish"));
                        }
                    }
                    lane.leading = false;
                    if (lane.waiting.isEmpty()) {
                        lanes.remove(key, lane);
                    }
                    lanes.notifyAll();
                }
            }
        }
        if (mine.result.failure() != null) {
            throw mine.result.failure();
        }
        return mine.result.value();
    }

    /** Items handed in and not taken by a leader yet (all keys). */
    public int waiting() {
        synchronized (lanes) {
            return lanes.values().stream().mapToInt(l -> l.waiting.size()).sum();
        }
    }

    private void run(List<Pending<I, O>> taken) {
        List<Result<O>> results = null;
        if (taken.size() > 1) {
            try {
                results = batch.apply(taken.stream().map(p -> p.item).toList());
                if (results.size() != taken.size()) {
                    throw new IllegalStateException("A batch of " + taken.size() + " answered " + results.size() + " results");
                }
            } catch (RuntimeException wholeBatch) {
                results = null; // each item alone below, so the failure finds its own item
            }
        }
        List<Result<O>> answers = new ArrayList<>(taken.size());
        for (int i = 0; i < taken.size(); i++) {
            if (results != null) {
                answers.add(results.get(i));
                continue;
            }
            try {
                answers.add(Result.of(single.apply(taken.get(i).item)));
            } catch (RuntimeException e) {
                answers.add(Result.failed(e));
            }
        }
        synchronized (lanes) {
            for (int i = 0; i < taken.size(); i++) {
                taken.get(i).result = answers.get(i);
            }
        }
    }
}
