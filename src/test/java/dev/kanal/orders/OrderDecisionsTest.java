package dev.kanal.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.client.config.ErpPush;
import dev.kanal.connector.subiekt.ErpOrder;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The orders flow's small decisions, without Spring, Camel or a database. */
class OrderDecisionsTest {

    @Test
    void statusAfterAllocation() {
        var paid = new OrderAllocator.OrderStatusInput(true, false);
        var unpaid = new OrderAllocator.OrderStatusInput(false, false);
        var refusing = new OrderAllocator.OrderStatusInput(true, true);

        assertThat(OrderAllocator.nextStatus(paid, false, true)).isEqualTo(OrderStatus.ACCEPTED);
        assertThat(OrderAllocator.nextStatus(unpaid, false, true)).isEqualTo(OrderStatus.AWAITING_PAYMENT);
        assertThat(OrderAllocator.nextStatus(paid, true, true)).isEqualTo(OrderStatus.HELD);
        assertThat(OrderAllocator.nextStatus(unpaid, true, false)).isEqualTo(OrderStatus.HELD);
        assertThat(OrderAllocator.nextStatus(refusing, true, true)).isEqualTo(OrderStatus.ACCEPTED);
        assertThat(OrderAllocator.nextStatus(refusing, true, false)).isEqualTo(OrderStatus.CANCELLED);
    }

    @Test
    void erpIsDueOnlyForAllocatedPaidOrdersWithoutZkOnPayingAccounts() {
        assertThat(ErpPushRule.due(OrderStatus.ACCEPTED, true, ErpPush.ON_PAID, null)).isTrue();
        assertThat(ErpPushRule.due(OrderStatus.AWAITING_PAYMENT, true, ErpPush.ON_PAID, null)).isTrue(); // paid since
        assertThat(ErpPushRule.due(OrderStatus.AWAITING_PAYMENT, false, ErpPush.ON_PAID, null)).isFalse();
        assertThat(ErpPushRule.due(OrderStatus.ACCEPTED, true, ErpPush.ON_PAID, "ZK 1/11/2026")).isFalse();
        assertThat(ErpPushRule.due(OrderStatus.ACCEPTED, true, ErpPush.ON_COMPLETED, null)).isFalse();
        assertThat(ErpPushRule.due(OrderStatus.HELD, true, ErpPush.ON_PAID, null)).isFalse();
        assertThat(ErpPushRule.due(OrderStatus.RECEIVED, true, ErpPush.ON_PAID, null)).isFalse();
        assertThat(ErpPushRule.due(OrderStatus.CANCELLED, true, ErpPush.ON_PAID, null)).isFalse();
    }

    @Test
    void erpOrderCarriesTheChannelReferenceAndNoReservation() {
        var candidate = new ErpOrderWriter.Candidate(1, 2, "acme", "bm-fr", "12345", OrderStatus.ACCEPTED, false, true,
                ErpPush.ON_PAID, null, "Anna Maria Nowak", false);
        ErpOrder order = ErpOrderWriter.erpOrder(candidate, List.of(new ErpOrder.Line("SKU-1", BigDecimal.ONE, new BigDecimal("9.99"))));

        assertThat(order.reference()).isEqualTo("bm-fr:12345");
        assertThat(order.reservation()).isFalse();
        assertThat(order.payType()).isEqualTo("money"); // cash on delivery
        assertThat(order.customer().firstName()).isEqualTo("Anna Maria");
        assertThat(order.customer().lastName()).isEqualTo("Nowak");
        assertThat(ErpOrderWriter.customer(null).lastName()).isNull();
    }

    @Test
    void backMarketAcceptBodyNamesTheIntegerOrderIdAsIdAndOrderId() {
        var body = dev.kanal.connector.backmarket.BackMarketOrderAcknowledgerBodies.accept(new ObjectMapper(), "42", "SKU-1");
        assertThat(body.toString()).isEqualTo("{\"id\":42,\"order_id\":42,\"new_state\":2,\"sku\":\"SKU-1\"}");
    }
}
