package dev.kanal.connector;

import java.util.AbstractList;
import java.util.List;

/**
 * The orders a poll did read when the channel's paging broke off (e.g. a {@code next} link that
 * repeats a page): they are imported as usual, but pages were left unread, so the poller must not
 * move its cursor past them. A plain list to every other reader.
 */
public final class IncompletePoll extends AbstractList<ChannelOrderSource.RawOrder> {

    private final List<ChannelOrderSource.RawOrder> orders;
    private final String reason;

    public IncompletePoll(List<ChannelOrderSource.RawOrder> orders, String reason) {
        this.orders = List.copyOf(orders);
        this.reason = reason;
    }

    /** Why paging stopped early. */
    public String reason() {
        return reason;
    }

    @Override
    public ChannelOrderSource.RawOrder get(int index) {
        return orders.get(index);
    }

    @Override
    public int size() {
        return orders.size();
    }
}
