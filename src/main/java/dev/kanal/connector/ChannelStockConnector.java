package dev.kanal.connector;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Reads a channel account's listings and writes quantities to them. Implementations respect
 * the account's call budget ({@link CallBudget}) and use the channel's bulk endpoint where it
 * has one.
 *
 * <p>Failures: {@link RateLimitedException} when the channel answered 429 (carrying how long to
 * wait), {@link ChannelUnavailableException} for 5xx, timeouts and connection errors. Both are
 * transient: the caller keeps the updates and tries again later.
 *
 * <p>Partial pushes: a channel without a bulk endpoint writes one update per call, so a 429 or
 * 5xx can come after some updates were applied. Both exceptions then carry
 * {@code completed()}: the results of the first {@code k} updates, in order. Updates {@code 0..k-1}
 * are done (accepted or rejected, final); updates {@code k..} must be sent again. Nothing thrown
 * by {@link #fetchListings} carries results.
 */
public interface ChannelStockConnector {

    /**
     * Every listing of the account, handed over a page at a time as the channel answers, so an
     * account of 100,000 listings is never held in memory at once. A failure part-way leaves
     * the pages already handed over with the caller.
     */
    void fetchListings(ChannelConnection connection, Consumer<List<ChannelListing>> pages);

    /**
     * As {@link #fetchListings(ChannelConnection, Consumer)}, also telling {@code total} how many
     * listings the account has in all as soon as the channel says (a listing import's progress
     * and ETA). By default the connector does not know, and {@code total} is never called.
     */
    default void fetchListings(ChannelConnection connection, Consumer<List<ChannelListing>> pages, IntConsumer total) {
        fetchListings(connection, pages);
    }

    /** Every listing of the account, all pages, in one list (small accounts, tests). */
    default List<ChannelListing> fetchListings(ChannelConnection connection) {
        List<ChannelListing> all = new ArrayList<>();
        fetchListings(connection, all::addAll);
        return all;
    }

    /**
     * Writes the quantities; one result per update, in the order given.
     *
     * @throws RateLimitedException        the channel said 429; {@code completed()} as above
     * @throws ChannelUnavailableException 5xx, timeout, connection error; {@code completed()} as above
     */
    List<PushResult> pushQuantities(ChannelConnection connection, List<QuantityUpdate> updates);

    /**
     * Writes the quantities and hands each part's results to {@code answered} as soon as the
     * channel has answered that part (a WooCommerce batch call, a Back Market task), so the
     * caller records them while the rest of the push is still on its way. Parts are handed over
     * one at a time, possibly from other threads, in no particular order; results handed over
     * are final. On a failure (the exceptions of {@link #pushQuantities(ChannelConnection, List)})
     * every update whose result was not handed over must be sent again. By default the whole
     * push is one part (and a failure's {@code completed()} another).
     */
    default void pushQuantities(ChannelConnection connection, List<QuantityUpdate> updates, Consumer<List<PushResult>> answered) {
        List<PushResult> results;
        try {
            results = pushQuantities(connection, updates);
        } catch (RateLimitedException e) {
            answered.accept(e.completed());
            throw e;
        } catch (ChannelUnavailableException e) {
            answered.accept(e.completed());
            throw e;
        }
        answered.accept(results);
    }

    /**
     * How many updates the channel writer hands over in one {@link #pushQuantities} call. 100 by
     * default (a WooCommerce batch); a connector whose bulk write takes more at once says so,
     * so a large drain becomes a few bulk writes instead of many small ones.
     */
    default int maxUpdatesPerPush() {
        return 100;
    }

    /**
     * How many pending updates make a push worth starting while a burst is still being
     * calculated, instead of waiting for more of it. By default a full push; a connector whose
     * push can grow without costing latency (WooCommerce: more batch calls through the same
     * window) answers less, so its first push starts after the first calculated slice and the
     * later, larger ones carry what arrived meanwhile.
     */
    default int updatesWorthStarting() {
        return maxUpdatesPerPush();
    }
}
