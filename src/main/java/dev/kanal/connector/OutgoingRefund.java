package dev.kanal.connector;

import java.math.BigDecimal;
import java.util.List;

/**
 * A refund Kanal asks a channel for (flow 4).
 *
 * @param requestKey     Kanal's key of the request: the writer leaves it on the channel where the
 *                       channel keeps such a thing, and looks for it before it refunds
 * @param channelOrderId the channel's order id
 * @param reason         why, for the customer and the channel
 * @param lines          channel lines, units and amounts
 */
public record OutgoingRefund(String requestKey, String channelOrderId, String reason, List<Line> lines) {

    public OutgoingRefund {
        lines = List.copyOf(lines);
    }

    /**
     * @param channelLineId   the channel's line id
     * @param channelSku      the SKU the channel shows on the line
     * @param quantity        units to refund
     * @param orderedQuantity units the line has
     * @param amount          money to give back for them
     */
    public record Line(String channelLineId, String channelSku, int quantity, int orderedQuantity, BigDecimal amount) {
    }

    public BigDecimal amount() {
        return lines.stream().map(Line::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
