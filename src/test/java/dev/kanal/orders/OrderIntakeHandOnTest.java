package dev.kanal.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.KanalIntegrationTest;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What {@link OrderIntake} hands on for a later channel state of an order it already has, called
 * directly (no route, so nothing downstream moves the order meanwhile) on the real database.
 */
class OrderIntakeHandOnTest extends KanalIntegrationTest {

    private static final String SKU = "INTAKE-" + RUN;

    @Autowired OrderIntake intake;
    @Autowired JdbcTemplate jdbc;

    @BeforeEach
    void sku() {
        long clientId = jdbc.queryForObject("SELECT id FROM client WHERE code = ?", Long.class, CLIENT);
        jdbc.update("INSERT INTO sku (client_id, code) SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM sku WHERE client_id = ? AND code = ?)",
                clientId, SKU, clientId, SKU);
    }

    @Test
    void aCancellationOfAnOpenOrderGoesToCancellationAgainOnlyWhenRedelivered() {
        String id = channelOrderId();
        assertThat(receive(id, "processing", "00:00:00", SKU, 1).handOn()).isTrue();

        OrderIntake.Outcome cancelled = receive(id, "cancelled", "00:01:00", SKU, 1);
        assertThat(cancelled.cancel()).isTrue();
        assertThat(cancelled.handOn()).isFalse();
        assertThat(cancelled.mappedStatus()).isEqualTo("CANCELLED");
        assertThat(cancelled.status()).as("cancellation, not translation, closes it").isEqualTo("RECEIVED");

        assertThat(receive(id, "cancelled", "00:01:00", SKU, 1).cancel()).as("a duplicate delivery").isFalse();
        assertThat(receive(id, "cancelled", "00:01:00", SKU, 2).cancel()).as("the broker redelivered it").isTrue();
        assertThat(receive(id, "refunded", "00:02:00", SKU, 1).cancel()).as("already going to cancellation").isFalse();

        // the cancellation is one order change of the whole order (no lines) to the ERP, recorded once, still to send
        assertThat(jdbc.queryForList("""
                SELECT direction || ' ' || kind || ' ' || origin || ' ' || change_key || ' ' || lines || ' ' || status
                  FROM order_change WHERE order_id = ?""", String.class, cancelled.orderId()))
                .containsExactly("TO_ERP CANCEL CHANNEL channel-order:cancelled [] PENDING");
    }

    @Test
    void aHeldOrderCancelledOnTheChannelGoesToCancellation() {
        String id = channelOrderId();
        OrderIntake.Outcome held = receive(id, "processing", "00:00:00", "GHOST-" + id, 1);
        assertThat(held.status()).isEqualTo("HELD");
        OrderIntake.Outcome cancelled = receive(id, "cancelled", "00:01:00", "GHOST-" + id, 1);
        assertThat(cancelled.cancel()).isTrue();
        assertThat(cancelled.status()).as("still held until cancellation runs").isEqualTo("HELD");
    }

    @Test
    void firstSeenCancelledOrRefundedAfterShippingIsNotACancellation() {
        String first = channelOrderId();
        OrderIntake.Outcome seen = receive(first, "cancelled", "00:00:00", SKU, 1);
        assertThat(seen.cancel()).isFalse();
        assertThat(seen.status()).isEqualTo("CANCELLED");

        String shipped = channelOrderId();
        receive(shipped, "processing", "00:00:00", SKU, 1);
        receive(shipped, "completed", "00:01:00", SKU, 1);
        assertThat(receive(shipped, "refunded", "00:02:00", SKU, 1).cancel()).as("a return, not a cancellation").isFalse();
    }

    @Test
    void paymentArrivingLaterHandsTheOrderOnAgainOnce() {
        String id = channelOrderId();
        assertThat(receive(id, "pending", "00:00:00", SKU, 1).event()).isEqualTo(OrderIntake.Outcome.TRANSLATED);
        OrderIntake.Outcome paid = receive(id, "processing", "00:01:00", SKU, 1);
        assertThat(paid.event()).isEqualTo(OrderIntake.Outcome.STATUS_CHANGED);
        assertThat(jdbc.queryForObject("SELECT paid FROM sales_order WHERE id = ?", Boolean.class, paid.orderId())).isTrue();
        assertThat(receive(id, "processing", "00:01:00", SKU, 1).handOn()).as("the same state again").isFalse();

        // allocated while unpaid; the paid-now hand-on lost between the two commits: the redelivery sends it again
        jdbc.update("UPDATE sales_order SET status = 'AWAITING_PAYMENT' WHERE id = ?", paid.orderId());
        assertThat(receive(id, "processing", "00:01:00", SKU, 1).handOn()).isFalse();
        assertThat(receive(id, "processing", "00:01:00", SKU, 2).event()).isEqualTo(OrderIntake.Outcome.STATUS_CHANGED);
    }

    @Test
    void aLineKanalToldLeavesWaitingEvenWhenTheSnapshotShowingItIsOfTheSameSecond() {
        String id = channelOrderId();
        OrderIntake.Outcome received = receiveBackMarket(id, "12:00:00", 1, 1);
        assertThat(awaiting(received.orderId())).containsExactly(true, true);
        // allocated, then accepted on Back Market one SKU a call (both answered 2xx) within one second: a
        // poll between the two calls stores the first change, the poll after the second sees the same date
        jdbc.update("UPDATE order_line SET allocated_at = now(), channel_ack = 'ACCEPTED', channel_ack_at = now() WHERE order_id = ?",
                received.orderId());
        receiveBackMarket(id, "12:00:05", 2, 1);
        assertThat(awaiting(received.orderId())).containsExactly(false, true);
        receiveBackMarket(id, "12:00:05", 2, 2);
        assertThat(awaiting(received.orderId())).as("nothing left owed on the channel").containsExactly(false, false);

        // the same when the node that was told 2xx died before recording it: only the attempt is left
        String cut = channelOrderId();
        long attempted = receiveBackMarket(cut, "12:00:00", 1, 1).orderId();
        jdbc.update("UPDATE order_line SET allocated_at = now(), channel_ack_attempted_at = now() WHERE order_id = ?", attempted);
        jdbc.update("UPDATE order_line SET channel_ack = 'ACCEPTED', channel_ack_at = now() WHERE order_id = ? AND line_no = 1", attempted);
        receiveBackMarket(cut, "12:00:05", 2, 1);
        receiveBackMarket(cut, "12:00:05", 2, 2);
        assertThat(awaiting(attempted)).containsExactly(false, false);

        // a line Kanal has not told keeps the stored state until a newer snapshot
        String other = channelOrderId();
        long unanswered = receiveBackMarket(other, "12:00:00", 1, 1).orderId();
        jdbc.update("UPDATE order_line SET allocated_at = now() WHERE order_id = ?", unanswered);
        receiveBackMarket(other, "12:00:00", 1, 2);
        assertThat(awaiting(unanswered)).containsExactly(true, true);
    }

    /** A Back Market order (account bm-orders) of two lines in the given line states, changed at 2026-01-01T{time}. */
    private OrderIntake.Outcome receiveBackMarket(String id, String time, int firstLineState, int secondLineState) {
        String body = """
                {"order_id":%s,"state":1,"currency":"EUR","price":"20.00","date_modification":"2026-01-01T%s+00:00",
                 "shipping_address":{"first_name":"Test","last_name":"Buyer","country":"FR"},
                 "orderlines":[{"id":%s1,"state":%d,"listing":"%s","quantity":1,"price":"10.00"},
                               {"id":%s2,"state":%d,"listing":"%s-B","quantity":1,"price":"10.00"}]}
                """.formatted(id, time, id, firstLineState, SKU, id, secondLineState, SKU);
        return intake.receive(body, CLIENT, "bm-orders", id, "poll", 1);
    }

    private java.util.List<Boolean> awaiting(long orderId) {
        return jdbc.queryForList("SELECT channel_awaits_ack FROM order_line WHERE order_id = ? ORDER BY line_no", Boolean.class, orderId);
    }

    private OrderIntake.Outcome receive(String id, String status, String time, String sku, int deliveryCount) {
        String body = """
                {"id":%s,"status":"%s","currency":"PLN","total":"10.00","date_modified_gmt":"2026-01-01T%s",
                 "payment_method":"bacs","billing":{"first_name":"Test","last_name":"Buyer"},"shipping":{},
                 "line_items":[{"id":1,"sku":"%s","product_id":0,"variation_id":0,"quantity":1,"price":10.0,"total":"10.00"}]}
                """.formatted(id, status, time, sku);
        return intake.receive(body, CLIENT, "woo-orders", id, "webhook", deliveryCount);
    }

    private static String channelOrderId() {
        return Long.toString(ThreadLocalRandom.current().nextLong(600_000_000L, 699_999_999L));
    }
}
