package dev.kanal.returns;

import dev.kanal.connector.ChannelConnector;
import dev.kanal.connector.ChannelConnectors;
import dev.kanal.connector.ChannelReturn;
import dev.kanal.connector.ChannelReturnReader;
import dev.kanal.stock.AccountRef;
import dev.kanal.stock.ChannelAccounts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Finds returns in an imported order (flow 4): once an order has shipped, every import of it
 * (a newer channel state, a repeat, a redelivery) asks its channel's {@link ChannelReturnReader}
 * what was refunded after shipping and opens each as a return ({@link Returns#open}, idempotent
 * per return key). Refunds Kanal made itself are not returns: a return whose lines all carry a
 * Kanal refund is skipped. Each return is recorded with its order change (RETURN, to the ERP);
 * the import hands the changes it left unsent to the {@code kanal.order.changes} hop.
 */
public class ReturnDetection {

    private static final Set<String> SHIPPED = Set.of("SHIPPED", "DELIVERED", "REFUSED");

    private final JdbcTemplate jdbc;
    private final ChannelAccounts accounts;
    private final ChannelConnectors connectors;
    private final Returns returns;

    public ReturnDetection(JdbcTemplate jdbc, ChannelAccounts accounts, ChannelConnectors connectors, Returns returns) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.connectors = connectors;
        this.returns = returns;
    }

    /** @return ids of the order changes of this order's returns still OPEN (opened now or before); empty for an order not shipped */
    public List<Long> detect(Long orderId) {
        if (orderId == null) {
            return List.of();
        }
        List<Map<String, Object>> rows = jdbc.queryForList("""
                SELECT o.status, o.channel_order_id, o.channel_payload, c.code AS client, a.code AS account, a.channel_type
                  FROM sales_order o JOIN client c ON c.id = o.client_id JOIN channel_account a ON a.id = o.channel_account_id
                 WHERE o.id = ?""", orderId);
        if (rows.isEmpty() || !SHIPPED.contains((String) rows.get(0).get("status")) || rows.get(0).get("channel_payload") == null) {
            return List.of();
        }
        Map<String, Object> order = rows.get(0);
        ChannelReturnReader reader = connectors.capability((String) order.get("channel_type"), ChannelConnector::returnReader)
                .orElse(null);
        if (reader == null) {
            return List.of();
        }
        AccountRef ref = new AccountRef((String) order.get("client"), (String) order.get("account"));
        List<ChannelReturn> found = reader.returns(accounts.connection(ref), (String) order.get("channel_order_id"),
                (String) order.get("channel_payload"), returns.keys(orderId));
        List<Long> open = new ArrayList<>();
        for (ChannelReturn channelReturn : found) {
            if (refundedByKanal(orderId, channelReturn)) {
                continue;
            }
            Returns.Opened opened = returns.open(orderId, "CHANNEL", channelReturn);
            if (opened.open()) {
                open.add(opened.changeId());
            }
        }
        return open;
    }

    private boolean refundedByKanal(long orderId, ChannelReturn channelReturn) {
        for (ChannelReturn.Line line : channelReturn.lines()) {
            Integer refunds = jdbc.queryForObject("""
                    SELECT COUNT(*) FROM channel_refund r JOIN channel_refund_line rl ON rl.refund_id = r.id
                      JOIN order_line l ON l.id = rl.order_line_id
                     WHERE r.order_id = ? AND r.status <> 'REFUSED' AND l.channel_line_id = ?""", Integer.class, orderId,
                    line.channelLineId());
            if (refunds == null || refunds == 0) {
                return false;
            }
        }
        return !channelReturn.lines().isEmpty();
    }
}
