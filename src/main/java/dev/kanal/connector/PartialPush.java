package dev.kanal.connector;

import java.util.List;

/**
 * A quantity push that failed part-way: some calls were answered before a transient failure
 * stopped it. The exception thrown is still a {@link RateLimitedException} or a
 * {@link ChannelUnavailableException}, so a caller that only knows those retries every update,
 * which is safe because quantities are absolute. A caller that wants to book what did happen
 * checks for this interface:
 *
 * <pre>{@code
 * } catch (RateLimitedException | ChannelUnavailableException e) {
 *     if (e instanceof PartialPush partial) {
 *         record(partial.completed());          // final answers: accepted or rejected
 *         retryLater(partial.unconfirmed());     // everything else
 *     } else {
 *         retryLater(updates);
 *     }
 * }
 * }</pre>
 *
 * <p>Connectors throw the plain exceptions when no update got a final answer. A connector may
 * also put this interface on its own non-transient exception (e.g. credentials refused half-way).
 */
public interface PartialPush {

    /** Final results (accepted or rejected) for the updates the channel answered, in input order. */
    List<PushResult> completed();

    /**
     * The updates without a final answer, in input order. Some may have been applied (a call
     * that timed out may still have reached the channel); sending them again is safe.
     */
    List<QuantityUpdate> unconfirmed();

    /** The channel answered 429 after earlier calls of the same push had been answered. */
    final class RateLimited extends RateLimitedException implements PartialPush {

        private final List<PushResult> completed;
        private final List<QuantityUpdate> unconfirmed;

        public RateLimited(RateLimitedException cause, List<PushResult> completed, List<QuantityUpdate> unconfirmed) {
            super(cause.getMessage() + " (" + completed.size() + " updates answered before, "
                    + unconfirmed.size() + " unconfirmed)", cause.retryAfter());
            initCause(cause);
            this.completed = List.copyOf(completed);
            this.unconfirmed = List.copyOf(unconfirmed);
        }

        @Override
        public List<PushResult> completed() {
            return completed;
        }

        @Override
        public List<QuantityUpdate> unconfirmed() {
            return unconfirmed;
        }
    }

    /** The channel failed (5xx, timeout, connection) after earlier calls of the same push had been answered. */
    final class Unavailable extends ChannelUnavailableException implements PartialPush {

        private final List<PushResult> completed;
        private final List<QuantityUpdate> unconfirmed;

        public Unavailable(ChannelUnavailableException cause, List<PushResult> completed, List<QuantityUpdate> unconfirmed) {
            super(cause.getMessage() + " (" + completed.size() + " updates answered before, "
                    + unconfirmed.size() + " unconfirmed)", cause);
            this.completed = List.copyOf(completed);
            this.unconfirmed = List.copyOf(unconfirmed);
        }

        @Override
        public List<PushResult> completed() {
            return completed;
        }

        @Override
        public List<QuantityUpdate> unconfirmed() {
            return unconfirmed;
        }
    }
}
