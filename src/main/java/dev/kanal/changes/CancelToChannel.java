package dev.kanal.changes;

import dev.kanal.connector.ChannelConnector;
import dev.kanal.connector.ChannelConnectors;
import dev.kanal.connector.ChannelOrderCanceller;
import dev.kanal.orders.OrderCancellation;
import dev.kanal.orders.OrderChange;
import dev.kanal.orders.OrderChanges;
import dev.kanal.stock.AccountRef;
import dev.kanal.stock.ChannelAccounts;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The ERP (a ZK deleted there) or an operator cancelled lines, or the whole order: the channel is
 * told first (its {@link ChannelOrderCanceller} refuses or refunds them there, looking at the
 * channel before it sends anything), then Kanal follows as for a channel's cancellation: units
 * released, the ZK corrected (an operator's) or already gone (the ERP's), stock recalculated.
 * Channel first, so a channel that refuses (the lines shipped meanwhile) leaves the order as it
 * was, allocations and ZK included, for an operator (docs/decisions/0022).
 */
public class CancelToChannel implements OrderChangeHandler {

    private final JdbcTemplate jdbc;
    private final OrderCancellation cancellation;
    private final ChannelAccounts accounts;
    private final ChannelConnectors connectors;
    private final Clock clock;

    public CancelToChannel(JdbcTemplate jdbc, OrderCancellation cancellation, ChannelAccounts accounts,
            ChannelConnectors connectors, Clock clock) {
        this.jdbc = jdbc;
        this.cancellation = cancellation;
        this.accounts = accounts;
        this.connectors = connectors;
        this.clock = clock;
    }

    @Override
    public OrderChange.Direction direction() {
        return OrderChange.Direction.TO_CHANNEL;
    }

    @Override
    public OrderChange.Kind kind() {
        return OrderChange.Kind.CANCEL;
    }

    @Override
    public String apply(OrderChange change) {
        ChangedOrder order = ChangedOrder.load(jdbc, change.orderId());
        String onChannel = tellChannel(order, change);
        OrderCancellation.LinesOutcome outcome = cancellation.cancelLines(change.orderId(),
                change.lines().stream().map(l -> new OrderCancellation.LineUnits(l.orderLineId(), l.quantity())).toList(),
                change.reason(), change.retried());
        return onChannel + "; " + CancelToErp.describe(outcome);
    }

    private String tellChannel(ChangedOrder order, OrderChange change) {
        ChannelOrderCanceller canceller = connectors.capability(order.channelType(), ChannelConnector::canceller).orElse(null);
        if (canceller == null) {
            return "channel " + order.channelType() + " has no cancellation call: nothing sent";
        }
        // channel lines and their units: a bundle's component lines share their channel line
        Map<String, ChannelOrderCanceller.Line> lines = new LinkedHashMap<>();
        List<ChangedOrder.Line> chosen = new ArrayList<>();
        if (change.wholeOrder()) {
            chosen.addAll(order.lines());
        } else {
            for (OrderChange.Units units : change.lines()) {
                ChangedOrder.Line line = order.line(units.orderLineId());
                if (line == null) {
                    throw new OrderCancellation.CancellationRefusedException("line " + units.orderLineId() + " is not a line of order "
                            + order.id());
                }
                chosen.add(line);
                if (line.channelLineId() != null && !lines.containsKey(line.channelLineId())) {
                    lines.put(line.channelLineId(), new ChannelOrderCanceller.Line(line.channelLineId(), line.channelSku(),
                            units.quantity(), line.unitPrice()));
                }
            }
        }
        if (change.wholeOrder()) {
            chosen.stream().filter(l -> l.channelLineId() != null).forEach(l -> lines.putIfAbsent(l.channelLineId(),
                    new ChannelOrderCanceller.Line(l.channelLineId(), l.channelSku(), l.quantity(), l.unitPrice())));
        }
        ChannelOrderCanceller.Cancelled cancelled = canceller.cancel(accounts.connection(new AccountRef(order.client(), order.account())),
                new ChannelOrderCanceller.Cancellation(order.channelOrderId(), change.wholeOrder(), List.copyOf(lines.values()),
                        change.reason(), ChannelOrderCanceller.marker(change.id())));
        if (cancelled.channelRef() != null) {
            jdbc.update("UPDATE order_change SET channel_ref = ? WHERE id = ?", cancelled.channelRef(), change.id());
        }
        jdbc.update("INSERT INTO order_event (order_id, type, detail, created_at) VALUES (?, 'CANCELLED_ON_CHANNEL', ?, ?)",
                order.id(), OrderChanges.truncate(order.account() + ": " + cancelled.detail(), 1024), Timestamp.from(clock.instant()));
        return order.account() + ": " + cancelled.detail();
    }
}
