package dev.kanal.returns;

import dev.kanal.connector.ChannelConnector;
import dev.kanal.connector.ChannelConnectors;
import dev.kanal.connector.ChannelRefundWriter.RefundBudgetExhaustedException;
import dev.kanal.connector.ChannelRefundWriter.RefundRefusedException;
import dev.kanal.connector.ChannelRefundWriter;
import dev.kanal.connector.OutgoingRefund;
import dev.kanal.orders.OrderChange;
import dev.kanal.orders.OrderChanges;
import dev.kanal.stock.AccountRef;
import dev.kanal.stock.ChannelAccounts;
import dev.kanal.support.PermanentFailure;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Refunds Kanal asks a channel for (flow 4, docs/decisions/0023). {@link #request} checks and
 * stores a request under its key before anything is called (an operator's, or an ERP
 * correction's), with its order change (REFUND, to the channel) in the same transaction;
 * {@link #refund} carries it to the channel: one refund per request whatever
 * happens, because the request's row is locked for the call and the channel's writer looks on the
 * channel first (a line already refunded, a refund carrying the request key) before it refunds.
 * A channel with a daily refund budget has each call counted first ({@link RefundBudget}).
 */
public class ChannelRefunds {

    private static final Logger log = LoggerFactory.getLogger(ChannelRefunds.class);

    /**
     * @param requestKey unique per request: the same key again is the same request
     * @param origin     ADMIN or ERP
     * @param lines      order lines, units, and the amount (null: the line's unit price times the units)
     */
    public record RefundRequest(long orderId, String requestKey, String origin, String reason, String requestedBy, List<Line> lines) {
        public RefundRequest {
            lines = lines == null ? List.of() : List.copyOf(lines);
        }

        public record Line(long orderLineId, int quantity, BigDecimal amount) {
        }
    }

    /**
     * A stored request: its id, whether this call stored it, its status, and the id of its order
     * change (REFUND, to the channel), the message of the order-changes hop (0 for a request done or refused).
     */
    public record Requested(long refundId, boolean created, String status, long changeId) {
    }

    /** The key of a refund request's order change: its request key, apart from the keys of other changes. */
    public static String changeKey(String requestKey) {
        return CHANGE_KEY + requestKey;
    }

    private static final String CHANGE_KEY = "refund:";

    /** A request Kanal refuses before storing it: one message per problem. */
    public static class InvalidRefundException extends RuntimeException implements PermanentFailure {
        private final List<String> problems;

        InvalidRefundException(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    public static class UnknownRefundException extends RuntimeException implements PermanentFailure {
        UnknownRefundException(long id) {
            super("no refund " + id);
        }

        UnknownRefundException(String requestKey) {
            super("no refund with key " + requestKey);
        }
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ChannelAccounts accounts;
    private final ChannelConnectors connectors;
    private final RefundBudget budget;
    private final Clock clock;

    public ChannelRefunds(JdbcTemplate jdbc, TransactionTemplate tx, ChannelAccounts accounts, ChannelConnectors connectors,
                          RefundBudget budget, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.accounts = accounts;
        this.connectors = connectors;
        this.budget = budget;
        this.clock = clock;
    }

    /**
     * Checks and stores a refund request. Refused, with every problem named: no lines, a line not
     * of the order, more units than the line has left to refund, an amount above the line's, a
     * channel that refunds whole lines only (Back Market) asked for part of one, a channel Kanal
     * cannot refund on; {@link RefundBudgetExhaustedException} when today's budget is spent.
     */
    public Requested request(RefundRequest request) {
        return tx.execute(status -> {
            List<Map<String, Object>> existing = jdbc.queryForList("SELECT id, order_id, status FROM channel_refund WHERE request_key = ?",
                    request.requestKey());
            if (!existing.isEmpty()) {
                if (((Number) existing.get(0).get("order_id")).longValue() != request.orderId()) {
                    throw new InvalidRefundException(List.of("key " + request.requestKey() + " names a refund of another order"));
                }
                String status0 = (String) existing.get(0).get("status");
                return new Requested(((Number) existing.get(0).get("id")).longValue(), false, status0,
                        "PENDING".equals(status0) ? recordChange(request) : 0L);
            }
            jdbc.queryForList("SELECT id FROM sales_order WHERE id = ? FOR UPDATE", Long.class, request.orderId()); // one request at a time
            Map<String, Object> order = jdbc.queryForMap("""
                    SELECT o.id, a.id AS account_id, a.code AS account, a.channel_type FROM sales_order o
                      JOIN channel_account a ON a.id = o.channel_account_id WHERE o.id = ?""", request.orderId());
            String channelType = (String) order.get("channel_type");
            ChannelRefundWriter writer = connectors.capability(channelType, ChannelConnector::refundWriter).orElse(null);
            List<String> problems = new ArrayList<>();
            if (writer == null) {
                problems.add("Kanal cannot refund on " + channelType + " channels");
            }
            if (request.lines().isEmpty()) {
                problems.add("lines: name at least one order line to refund");
            }
            List<Object[]> rows = new ArrayList<>();
            for (int i = 0; i < request.lines().size(); i++) {
                RefundRequest.Line line = request.lines().get(i);
                String at = "lines[" + i + "]";
                List<Map<String, Object>> found = jdbc.queryForList("""
                        SELECT l.quantity, l.unit_price, l.channel_line_id,
                               (SELECT COALESCE(SUM(rl.quantity), 0) FROM channel_refund_line rl JOIN channel_refund r ON r.id = rl.refund_id
                                 WHERE rl.order_line_id = l.id AND r.status <> 'REFUSED') AS requested
                          FROM order_line l WHERE l.id = ? AND l.order_id = ?""", line.orderLineId(), request.orderId());
                if (found.isEmpty()) {
                    problems.add(at + ": order line " + line.orderLineId() + " is not a line of order " + request.orderId());
                    continue;
                }
                int quantity = ((Number) found.get(0).get("quantity")).intValue();
                int left = quantity - ((Number) found.get(0).get("requested")).intValue();
                BigDecimal unitPrice = (BigDecimal) found.get(0).get("unit_price");
                if (line.quantity() < 1 || line.quantity() > left) {
                    problems.add(at + ": quantity " + line.quantity() + " must be between 1 and " + left
                            + " (units of the line not refunded or asked for yet)");
                    continue;
                }
                if (found.get(0).get("channel_line_id") == null) {
                    problems.add(at + ": order line " + line.orderLineId() + " has no channel line id to refund on");
                    continue;
                }
                if (writer != null && writer.dailyRefundCalls() > 0 && line.quantity() != quantity) {
                    problems.add(at + ": " + channelType + " refunds whole lines; order line " + line.orderLineId() + " has "
                            + quantity + " units");
                    continue;
                }
                BigDecimal most = unitPrice.multiply(BigDecimal.valueOf(line.quantity()));
                BigDecimal amount = line.amount() == null ? most : line.amount();
                if (amount.signum() <= 0 || amount.compareTo(most) > 0) {
                    problems.add(at + ": amount " + amount.toPlainString() + " must be above 0 and at most " + most.toPlainString());
                    continue;
                }
                rows.add(new Object[] {line.orderLineId(), line.quantity(), amount});
            }
            if (!problems.isEmpty()) {
                throw new InvalidRefundException(problems);
            }
            long accountId = ((Number) order.get("account_id")).longValue();
            if (writer.dailyRefundCalls() > 0 && budget.used(accountId) + rows.size() > writer.dailyRefundCalls()) {
                throw budget.exhausted((String) order.get("account"), writer.dailyRefundCalls());
            }
            Timestamp now = Timestamp.from(clock.instant());
            jdbc.update("""
                    INSERT INTO channel_refund (order_id, request_key, origin, reason, requested_by, status, created_at)
                    VALUES (?, ?, ?, ?, ?, 'PENDING', ?)""", request.orderId(), request.requestKey(), request.origin(),
                    Returns.truncate(request.reason(), 512), Returns.truncate(request.requestedBy(), 128), now);
            long refundId = jdbc.queryForObject("SELECT id FROM channel_refund WHERE request_key = ?", Long.class, request.requestKey());
            for (Object[] row : rows) {
                jdbc.update("INSERT INTO channel_refund_line (refund_id, order_line_id, quantity, amount) VALUES (?, ?, ?, ?)",
                        refundId, row[0], row[1], row[2]);
            }
            event(request.orderId(), "REFUND_REQUESTED", "refund " + refundId + " (" + request.origin()
                    + (request.requestedBy() == null ? "" : " " + request.requestedBy()) + "): " + rows.size() + " line(s)"
                    + (request.reason() == null ? "" : ", " + request.reason()), now);
            return new Requested(refundId, true, "PENDING", recordChange(request));
        });
    }

    /**
     * The request's order change (REFUND, to the channel), in the transaction that stored the
     * request; recorded again for a request still pending (nothing changes then), so a request
     * older than the hop gets one.
     */
    private long recordChange(RefundRequest request) {
        String key = changeKey(request.requestKey());
        List<OrderChange.Units> units = jdbc.query("""
                SELECT rl.order_line_id, rl.quantity FROM channel_refund_line rl JOIN channel_refund r ON r.id = rl.refund_id
                 WHERE r.request_key = ? ORDER BY rl.order_line_id""", (rs, n) -> new OrderChange.Units(rs.getLong(1), rs.getInt(2)),
                request.requestKey());
        OrderChanges.record(jdbc, new OrderChanges.NewChange(request.orderId(), OrderChange.Direction.TO_CHANNEL,
                OrderChange.Kind.REFUND, OrderChange.Origin.valueOf(request.origin()), key, units, request.reason(), null), clock);
        return jdbc.queryForObject("SELECT id FROM order_change WHERE order_id = ? AND change_key = ?", Long.class, request.orderId(), key);
    }

    /** The refund request an order change of kind REFUND carries (its key is the request key, see {@link #changeKey}). */
    public long refundOf(long orderId, String changeKey) {
        String requestKey = changeKey.startsWith(CHANGE_KEY) ? changeKey.substring(CHANGE_KEY.length()) : changeKey;
        return jdbc.queryForList("SELECT id FROM channel_refund WHERE order_id = ? AND request_key = ?", Long.class, orderId, requestKey)
                .stream().findFirst().orElseThrow(() -> new UnknownRefundException(requestKey));
    }

    /**
     * Carries one stored request to its channel (the order-changes hop, {@link RefundToChannel}).
     * A request DONE or REFUSED is left alone. A refusal is recorded (REFUSED) and rethrown; a spent budget leaves the request
     * PENDING with the reason and is rethrown: both are permanent, so the message is parked in the
     * dead-letter queue at once (replay it after midnight UTC for the budget).
     *
     * @return the request's status afterwards
     */
    public String refund(long refundId) {
        RuntimeException[] failure = new RuntimeException[1];
        String result = tx.execute(status -> {
            // the request's row is held for the whole call: another delivery of it waits, then sees what this one did
            jdbc.queryForList("SELECT id FROM channel_refund WHERE id = ? FOR UPDATE", Long.class, refundId);
            List<Map<String, Object>> rows = jdbc.queryForList("""
                    SELECT r.id, r.order_id, r.request_key, r.reason, r.status, o.channel_order_id, c.code AS client, a.id AS account_id,
                           a.code AS account, a.channel_type
                      FROM channel_refund r JOIN sales_order o ON o.id = r.order_id JOIN client c ON c.id = o.client_id
                      JOIN channel_account a ON a.id = o.channel_account_id WHERE r.id = ?""", refundId);
            if (rows.isEmpty()) {
                throw new UnknownRefundException(refundId);
            }
            Map<String, Object> r = rows.get(0);
            if (!"PENDING".equals(r.get("status"))) {
                return (String) r.get("status");
            }
            long orderId = ((Number) r.get("order_id")).longValue();
            ChannelRefundWriter writer = connectors.capability((String) r.get("channel_type"), ChannelConnector::refundWriter)
                    .orElse(null);
            if (writer == null) {
                failure[0] = new RefundRefusedException("Kanal cannot refund on " + r.get("channel_type") + " channels");
                return refused(refundId, orderId, failure[0].getMessage());
            }
            List<OutgoingRefund.Line> lines = jdbc.query("""
                    SELECT l.channel_line_id, l.channel_sku, rl.quantity, l.quantity, rl.amount FROM channel_refund_line rl
                      JOIN order_line l ON l.id = rl.order_line_id WHERE rl.refund_id = ? ORDER BY l.line_no""",
                    (rs, n) -> new OutgoingRefund.Line(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getBigDecimal(5)),
                    refundId);
            OutgoingRefund outgoing = new OutgoingRefund((String) r.get("request_key"), (String) r.get("channel_order_id"),
                    (String) r.get("reason"), lines);
            Timestamp now = Timestamp.from(clock.instant());
            jdbc.update("UPDATE channel_refund SET attempts = attempts + 1, attempted_at = ? WHERE id = ?", now, refundId);
            AccountRef ref = new AccountRef((String) r.get("client"), (String) r.get("account"));
            long accountId = ((Number) r.get("account_id")).longValue();
            String answer;
            try {
                answer = writer.refund(accounts.connection(ref), outgoing,
                        () -> budget.take(accountId, ref.client() + "/" + ref.account(), writer.dailyRefundCalls() > 0
                                ? writer.dailyRefundCalls() : Integer.MAX_VALUE));
            } catch (RefundRefusedException refused) {
                failure[0] = refused;
                return refused(refundId, orderId, refused.getMessage());
            } catch (RefundBudgetExhaustedException exhausted) {
                failure[0] = exhausted;
                jdbc.update("UPDATE channel_refund SET detail = ? WHERE id = ?", Returns.truncate(exhausted.getMessage(), 1024), refundId);
                event(orderId, "REFUND_BUDGET_EXHAUSTED", "refund " + refundId + ": " + exhausted.getMessage(), now);
                return "PENDING";
            }
            jdbc.update("""
                    UPDATE channel_refund SET status = 'DONE', channel_refund_ref = ?, detail = NULL, done_at = ? WHERE id = ?""",
                    Returns.truncate(answer, 256), now, refundId);
            event(orderId, "REFUND_ON_CHANNEL", "refund " + refundId + " on " + ref.account() + ": " + answer, now);
            log.info("Refund {} of order {} is on {}: {}", refundId, orderId, ref, answer);
            return "DONE";
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        return result;
    }

    private String refused(long refundId, long orderId, String reason) {
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.update("UPDATE channel_refund SET status = 'REFUSED', detail = ? WHERE id = ?", Returns.truncate(reason, 1024), refundId);
        event(orderId, "REFUND_REFUSED", "refund " + refundId + ": " + reason, now);
        log.warn("Refund {} of order {} refused: {}", refundId, orderId, reason);
        return "REFUSED";
    }

    private void event(long orderId, String type, String detail, Timestamp at) {
        jdbc.update("INSERT INTO order_event (order_id, type, detail, created_at) VALUES (?, ?, ?, ?)", orderId, type,
                Returns.truncate(detail, 1024), at);
    }
}
