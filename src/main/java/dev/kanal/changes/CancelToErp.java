package dev.kanal.changes;

import dev.kanal.connector.ChannelConnector;
import dev.kanal.connector.ChannelConnectors;
import dev.kanal.connector.ChannelOrderCanceller;
import dev.kanal.orders.OrderCancellation;
import dev.kanal.orders.OrderChange;
import dev.kanal.orders.OrderChanges;
import dev.kanal.stock.AccountRef;
import dev.kanal.stock.ChannelAccounts;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A channel cancelled or refunded lines (or the whole order) before they shipped: Kanal follows
 * ({@link OrderCancellation#cancelLines}): the units are released, the ZK is corrected or deleted
 * (a source shop's order cancelled or refunded with restock, decision 0044), stock is recalculated. A refund the channel lists without its lines (WooCommerce) has its lines
 * read from the channel first and written on the change, so a redelivery reads them from Kanal.
 * A channel line sold as a bundle cancels every component line it became, in full.
 */
public class CancelToErp implements OrderChangeHandler {

    private final JdbcTemplate jdbc;
    private final OrderCancellation cancellation;
    private final ChannelAccounts accounts;
    private final ChannelConnectors connectors;

    public CancelToErp(JdbcTemplate jdbc, OrderCancellation cancellation, ChannelAccounts accounts,
            ChannelConnectors connectors) {
        this.jdbc = jdbc;
        this.cancellation = cancellation;
        this.accounts = accounts;
        this.connectors = connectors;
    }

    @Override
    public OrderChange.Direction direction() {
        return OrderChange.Direction.TO_ERP;
    }

    @Override
    public OrderChange.Kind kind() {
        return OrderChange.Kind.CANCEL;
    }

    @Override
    public String apply(OrderChange change) {
        List<OrderChange.Units> lines = change.lines();
        if (change.channelRef() != null && jdbc.queryForObject("SELECT COUNT(*) FROM order_change WHERE id = ? AND lines IS NULL",
                Integer.class, change.id()) == 1) {
            lines = refundedLines(change);
            jdbc.update("UPDATE order_change SET lines = ? WHERE id = ?", OrderChanges.json(lines), change.id());
            if (lines.isEmpty()) {
                return "refund " + change.channelRef() + " names no line of the order: nothing to cancel";
            }
        }
        OrderCancellation.LinesOutcome outcome = cancellation.cancelLines(change.orderId(),
                lines.stream().map(l -> new OrderCancellation.LineUnits(l.orderLineId(), l.quantity())).toList(),
                change.reason(), change.retried());
        return describe(outcome);
    }

    private List<OrderChange.Units> refundedLines(OrderChange change) {
        ChangedOrder order = ChangedOrder.load(jdbc, change.orderId());
        ChannelOrderCanceller canceller = connectors.capability(order.channelType(), ChannelConnector::canceller).orElse(null);
        if (canceller == null) {
            return List.of();
        }
        List<OrderChange.Units> units = new ArrayList<>();
        for (ChannelOrderCanceller.RefundedLine refunded : canceller.refundedLines(
                accounts.connection(new AccountRef(order.client(), order.account())), order.channelOrderId(), change.channelRef())) {
            List<ChangedOrder.Line> lines = order.lines().stream().filter(l -> refunded.channelLineId().equals(l.channelLineId())).toList();
            for (ChangedOrder.Line line : lines) {
                units.add(new OrderChange.Units(line.id(), lines.size() == 1 ? refunded.quantity() : line.quantity()));
            }
        }
        return units;
    }

    static String describe(OrderCancellation.LinesOutcome outcome) {
        if (outcome.cancelled().isEmpty() && !outcome.orderCancelled()) {
            return "nothing left to cancel";
        }
        StringBuilder text = new StringBuilder(outcome.orderCancelled() ? "order cancelled" : "cancelled "
                + outcome.cancelled().stream().map(l -> l.quantity() + " of line " + l.orderLineId()).collect(Collectors.joining(", ")));
        if (outcome.shopDetail() != null) {
            text.append("; ").append(outcome.shopDetail());
        } else if (outcome.erpBefore() != null && outcome.erpAfter() == null) {
            text.append("; ZK ").append(outcome.erpBefore()).append(" deleted");
        } else if (outcome.erpReplaced()) {
            text.append("; ZK ").append(outcome.erpBefore()).append(" deleted and added again as ").append(outcome.erpAfter())
                    .append(" with the lines left");
        }
        if (!outcome.releasedSkus().isEmpty()) {
            text.append("; released ").append(outcome.releasedSkus());
        }
        return text.toString();
    }
}
