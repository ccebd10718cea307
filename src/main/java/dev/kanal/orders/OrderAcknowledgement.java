package dev.kanal.orders;

import dev.kanal.connector.ChannelOrderAcknowledger;
import dev.kanal.connector.ChannelOrderAcknowledger.OrderAcknowledgementRefusedException;
import dev.kanal.ops.health.FailureClassifier;
import dev.kanal.ops.health.HealthRecorder;
import dev.kanal.stock.AccountRef;
import dev.kanal.stock.ChannelAccounts;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Tells the channel, where it wants to be told, which lines the seller accepts: only lines that
 * were allocated in full, and only after allocation committed; a line allocation could not
 * cover is refused instead when the account refuses oversold lines, and otherwise left for an
 * operator. Each channel SKU is told once ({@code order_line.channel_ack}); a redelivery
 * repeats only the calls that did not succeed.
 */
public class OrderAcknowledgement {

    private static final Logger log = LoggerFactory.getLogger(OrderAcknowledgement.class);

    /** What to tell the channel about one channel SKU of an order; {@code NONE}: nothing yet. */
    public enum Decision { ACCEPT, REFUSE, NONE }

    private record LineRow(String channelSku, int quantity, int missing, boolean allocated) {
    }

    private final JdbcTemplate jdbc;
    private final ChannelAccounts accounts;
    private final Map<String, ChannelOrderAcknowledger> acknowledgers;
    private final HealthRecorder health;
    private final Clock clock = Clock.systemUTC();

    public OrderAcknowledgement(JdbcTemplate jdbc, ChannelAccounts accounts, List<ChannelOrderAcknowledger> acknowledgers,
                                HealthRecorder health) {
        this.jdbc = jdbc;
        this.health = health;
        this.accounts = accounts;
        this.acknowledgers = acknowledgers.stream()
                .collect(Collectors.toMap(ChannelOrderAcknowledger::channelType, Function.identity()));
    }

    /**
     * The decision for the lines of one channel SKU (a bundle expands into several lines):
     * accept when all were allocated in full, refuse when something is missing and the account
     * refuses oversold lines, otherwise nothing.
     */
    static Decision decide(List<int[]> quantityAndMissing, boolean allAllocated, boolean refuseOversold) {
        if (!allAllocated) {
            return Decision.NONE;
        }
        boolean missing = quantityAndMissing.stream().anyMatch(qm -> qm[1] > 0);
        if (!missing) {
            return Decision.ACCEPT;
        }
        return refuseOversold ? Decision.REFUSE : Decision.NONE;
    }

    /** Acknowledges what can be acknowledged; answers the number of channel calls made. */
    public int acknowledge(long orderId) {
        Map<String, Object> order = jdbc.queryForMap("""
                SELECT c.code AS client, a.code AS account, a.channel_type, a.refuse_oversold, o.channel_order_id, o.allocated_at,
                       (o.paid OR o.cash_on_delivery) AS paid_or_cod
                  FROM sales_order o JOIN client c ON c.id = o.client_id JOIN channel_account a ON a.id = o.channel_account_id
                 WHERE o.id = ?""", orderId);
        ChannelOrderAcknowledger channel = acknowledgers.get((String) order.get("channel_type"));
        if (channel == null || order.get("allocated_at") == null) {
            return 0; // the channel wants no acknowledgement, or allocation has not run: never accept before it
        }
        if (!Boolean.TRUE.equals(order.get("paid_or_cod"))) {
            // a channel takes acceptance of paid lines only (Back Market: from line state 1); the order is
            // handed on again once the channel reports it paid, and accepted then
            return 0;
        }
        List<LineRow> lines = jdbc.query("""
                SELECT channel_sku, quantity, missing_quantity, allocated_at FROM order_line
                 WHERE order_id = ? AND channel_ack IS NULL AND channel_sku IS NOT NULL ORDER BY line_no""",
                (rs, n) -> new LineRow(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getTimestamp(4) != null), orderId);
        Map<String, List<LineRow>> bySku = new LinkedHashMap<>();
        lines.forEach(l -> bySku.computeIfAbsent(l.channelSku(), s -> new java.util.ArrayList<>()).add(l));
        AccountRef ref = new AccountRef((String) order.get("client"), (String) order.get("account"));
        String channelOrderId = (String) order.get("channel_order_id");
        boolean refuseOversold = Boolean.TRUE.equals(order.get("refuse_oversold"));
        int calls = 0;
        for (Map.Entry<String, List<LineRow>> sku : bySku.entrySet()) {
            Decision decision = decide(sku.getValue().stream().map(l -> new int[] {l.quantity(), l.missing()}).toList(),
                    sku.getValue().stream().allMatch(LineRow::allocated), refuseOversold);
            if (decision == Decision.NONE) {
                continue;
            }
            calls++;
            try {
                if (decision == Decision.ACCEPT) {
                    channel.accept(accounts.connection(ref), channelOrderId, sku.getKey());
                } else {
                    channel.refuse(accounts.connection(ref), channelOrderId, sku.getKey());
                }
            } catch (OrderAcknowledgementRefusedException refused) {
                event(orderId, "ACK_FAILED", refused.getMessage());
                log.warn("Order {}: {}", orderId, refused.getMessage());
                continue;
            } catch (RuntimeException e) {
                health.channelFailed(ref.client(), ref.account(), FailureClassifier.classify(e, accounts.config(ref).baseUrl()));
                throw e;
            }
            health.channelSucceeded(ref.client(), ref.account());
            String ack = decision == Decision.ACCEPT ? "ACCEPTED" : "REFUSED";
            Timestamp now = Timestamp.from(clock.instant());
            jdbc.update("UPDATE order_line SET channel_ack = ?, channel_ack_at = ? WHERE order_id = ? AND channel_sku = ? AND channel_ack IS NULL",
                    ack, now, orderId, sku.getKey());
            event(orderId, "CHANNEL_" + ack, sku.getKey());
        }
        return calls;
    }

    private void event(long orderId, String type, String detail) {
        String text = detail == null ? "" : detail.length() > 1000 ? detail.substring(0, 1000) : detail;
        jdbc.update("INSERT INTO order_event (order_id, type, detail, created_at) VALUES (?, ?, ?, ?)", orderId, type, text,
                Timestamp.from(clock.instant()));
    }
}
