package dev.kanal.orders;

import dev.kanal.connector.ChannelConnector;
import dev.kanal.connector.ChannelConnectors;
import dev.kanal.connector.ChannelOrderAcknowledger.OrderAcknowledgementRefusedException;
import dev.kanal.connector.ChannelOrderAcknowledger;
import dev.kanal.connector.RateLimitedException;
import dev.kanal.ops.health.FailureClassifier;
import dev.kanal.ops.health.HealthRecorder;
import dev.kanal.orders.AcknowledgementPlan.Decision;
import dev.kanal.stock.AccountRef;
import dev.kanal.stock.ChannelAccounts;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Tells the channel, where it wants to be told, which lines the seller accepts or refuses, as
 * {@link AcknowledgementPlan} decides: only once the whole order is fully allocated, and only
 * after allocation committed. Called by the allocate hop and by the acknowledgement sweep
 * ({@code routes/flows/orders-acknowledge.camel.yaml}), which re-sends what is still owed.
 *
 * <p><b>Rate limits are waited out here,</b> not thrown to the broker: the connector's calls go
 * through the account's call budget, which a 429 pauses for the channel's Retry-After, so the
 * next attempt simply waits its turn (as do the account's other calls). After
 * {@code rateLimitPatience} of 429s, or on any other transient failure, the remaining SKUs are
 * left owed and the sweep sends them later: an acknowledgement never costs a broker redelivery or
 * a dead letter. A refusal the channel gives for good is an {@code ACK_FAILED} event.
 */
public class OrderAcknowledgement {

    private static final Logger log = LoggerFactory.getLogger(OrderAcknowledgement.class);

    private final JdbcTemplate jdbc;
    private final ChannelAccounts accounts;
    private final ChannelConnectors connectors;
    private final HealthRecorder health;
    private final Duration rateLimitPatience;
    private final Duration recheckAfter;
    private final Clock clock;

    public OrderAcknowledgement(JdbcTemplate jdbc, ChannelAccounts accounts, ChannelConnectors connectors,
                                HealthRecorder health, Duration rateLimitPatience, Duration recheckAfter, Clock clock) {
        this.jdbc = jdbc;
        this.health = health;
        this.accounts = accounts;
        this.connectors = connectors;
        this.rateLimitPatience = rateLimitPatience;
        this.recheckAfter = recheckAfter;
        this.clock = clock;
    }

    /** Tells the channel what is owed for the order; answers the number of SKUs the channel took. */
    public int acknowledge(long orderId) {
        Map<String, Object> order = jdbc.queryForMap("""
                SELECT c.code AS client, a.code AS account, a.channel_type, a.refuse_oversold, o.channel_order_id, o.allocated_at,
                       o.status, (o.paid OR o.cash_on_delivery) AS paid_or_cod
                  FROM sales_order o JOIN client c ON c.id = o.client_id JOIN channel_account a ON a.id = o.channel_account_id
                 WHERE o.id = ?""", orderId);
        ChannelOrderAcknowledger channel = connectors.capability((String) order.get("channel_type"), ChannelConnector::acknowledger)
                .orElse(null);
        if (channel == null) {
            return 0; // the channel wants no acknowledgement
        }
        List<AcknowledgementPlan.Line> lines = jdbc.query("""
                SELECT channel_sku, quantity, missing_quantity, allocated_at, channel_ack, channel_ack_at, channel_awaits_ack
                  FROM order_line WHERE order_id = ? ORDER BY line_no""",
                (rs, n) -> new AcknowledgementPlan.Line(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getTimestamp(4) != null,
                        rs.getString(5), rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant(),
                        (Boolean) rs.getObject(7, Boolean.class)), orderId);
        AcknowledgementPlan.Order plan = new AcknowledgementPlan.Order(OrderStatus.valueOf((String) order.get("status")),
                Boolean.TRUE.equals(order.get("paid_or_cod")), Boolean.TRUE.equals(order.get("refuse_oversold")),
                order.get("allocated_at") != null);
        Map<String, Decision> owed = AcknowledgementPlan.owed(plan, lines, clock.instant().minus(recheckAfter));
        AccountRef ref = new AccountRef((String) order.get("client"), (String) order.get("account"));
        String channelOrderId = (String) order.get("channel_order_id");
        int told = 0;
        for (Map.Entry<String, Decision> sku : owed.entrySet()) {
            Decision decision = sku.getValue();
            try {
                send(channel, ref, orderId, channelOrderId, sku.getKey(), decision);
            } catch (OrderAcknowledgementRefusedException refused) {
                event(orderId, "ACK_FAILED", refused.getMessage());
                log.warn("Order {}: {}", orderId, refused.getMessage());
                continue;
            } catch (RuntimeException e) {
                // transient (unreachable, 5xx, rate limited beyond patience): the rest stays owed for the sweep
                health.channelFailed(ref.client(), ref.account(), FailureClassifier.classify(e, accounts.config(ref).baseUrl()));
                event(orderId, "ACK_DEFERRED", e.getMessage());
                log.warn("Order {}: acknowledgement left for the sweep: {}", orderId, e.getMessage());
                break;
            }
            health.channelSucceeded(ref.client(), ref.account());
            String ack = decision == Decision.ACCEPT ? "ACCEPTED" : "REFUSED";
            jdbc.update("UPDATE order_line SET channel_ack = ?, channel_ack_at = ? WHERE order_id = ? AND channel_sku = ?",
                    ack, now(), orderId, sku.getKey());
            event(orderId, "CHANNEL_" + ack, sku.getKey());
            told++;
        }
        return told;
    }

    /** One SKU's call; a 429 pauses the account's budget, so the retry waits as the channel asked, up to the patience. */
    private void send(ChannelOrderAcknowledger channel, AccountRef ref, long orderId, String channelOrderId, String sku,
                      Decision decision) {
        Instant giveUp = clock.instant().plus(rateLimitPatience);
        while (true) {
            jdbc.update("UPDATE order_line SET channel_ack_attempted_at = ? WHERE order_id = ? AND channel_sku = ?",
                    now(), orderId, sku);
            try {
                if (decision == Decision.ACCEPT) {
                    channel.accept(accounts.connection(ref), channelOrderId, sku);
                } else {
                    channel.refuse(accounts.connection(ref), channelOrderId, sku);
                }
                return;
            } catch (RateLimitedException limited) {
                if (Thread.currentThread().isInterrupted() || clock.instant().plus(limited.retryAfter()).isAfter(giveUp)) {
                    throw limited;
                }
                log.debug("Order {}: {}; waiting {} before telling {} again", orderId, limited.getMessage(),
                        limited.retryAfter(), sku);
            }
        }
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }

    private void event(long orderId, String type, String detail) {
        String text = detail == null ? "" : detail.length() > 1000 ? detail.substring(0, 1000) : detail;
        jdbc.update("INSERT INTO order_event (order_id, type, detail, created_at) VALUES (?, ?, ?, ?)", orderId, type, text, now());
    }
}
