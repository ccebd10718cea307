package dev.kanal.orders;

import java.time.Instant;
import java.util.List;

/**
 * One change of an order, as {@code order_change} holds it (V18).
 *
 * @param lines       the units concerned; empty = the whole order
 * @param channelRef  the channel's id of the change (a WooCommerce refund), or null
 * @param attempts    how many deliveries of it began, this one included
 */
public record OrderChange(long id, long orderId, Direction direction, Kind kind, Origin origin, String changeKey,
                          List<Units> lines, String reason, String channelRef, Status status, String detail, int attempts,
                          Instant createdAt) {

    public OrderChange {
        lines = lines == null ? List.of() : List.copyOf(lines);
    }

    /** Which side follows: the ERP (and Kanal's stock) after a channel's change, the channel after the ERP's or an operator's. */
    public enum Direction { TO_ERP, TO_CHANNEL }

    public enum Kind { CANCEL, REFUND, RETURN }

    /** Who changed the order; ERP is the source side: an ERP, or a source shop's staff (decision 0049). */
    public enum Origin { CHANNEL, ERP, ADMIN }

    public enum Status { PENDING, APPLIED, FAILED }

    /** Units of one order line. */
    public record Units(long orderLineId, int quantity) {
    }

    public boolean wholeOrder() {
        return lines.isEmpty();
    }

    /** An earlier delivery of this change began (and may have reached the other side). */
    public boolean retried() {
        return attempts > 1;
    }
}
