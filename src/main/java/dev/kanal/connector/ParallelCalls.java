package dev.kanal.connector;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Waits for a wave of calls a connector sent in parallel (Back Market single-listing calls,
 * WooCommerce batch calls) and tells what the push may report as completed: the answers in
 * input order up to the first call that failed, and that failure.
 */
public final class ParallelCalls {

    private ParallelCalls() {
    }

    /** @param failure the first failed call's exception in input order, or null when all answered */
    public record Wave<T>(List<T> answers, RuntimeException failure) {
    }

    /** Waits for every call; an interrupt cancels the rest and is reported as the channel being unavailable. */
    public static <T> Wave<T> await(List<Future<T>> calls, String account) {
        List<T> answers = new ArrayList<>(calls.size());
        RuntimeException failure = null;
        for (Future<T> call : calls) {
            try {
                T answer = call.get(); // also makes what the call wrote visible to this thread
                if (failure == null) {
                    answers.add(answer);
                }
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                calls.forEach(c -> c.cancel(true));
                return new Wave<>(answers, new ChannelUnavailableException("Interrupted while pushing quantities for " + account,
                        e, List.of()));
            }
        }
        return new Wave<>(answers, failure);
    }
}
