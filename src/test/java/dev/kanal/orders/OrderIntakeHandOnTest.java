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
