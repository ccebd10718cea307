package dev.kanal.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.client.config.ErpPush;
import dev.kanal.client.config.MappedStatus;
import org.junit.jupiter.api.Test;

/** When an order goes to the ERP under each {@code erp-push} rule (docs/decisions/0021). */
class ErpPushRuleTest {

    @Test
    void onCompletedIsDueOnlyOnceTheChannelShippedItAndNeverTwice() {
        assertThat(ErpPushRule.due(OrderStatus.SHIPPED, false, ErpPush.ON_COMPLETED, null, true))
                .as("shipped by the shop, payment not asked").isTrue();
        assertThat(ErpPushRule.due(OrderStatus.SHIPPED, true, ErpPush.ON_COMPLETED, "ZK 3/2026", true))
                .as("the ZK is there: never a second").isFalse();
        assertThat(ErpPushRule.due(OrderStatus.ACCEPTED, true, ErpPush.ON_COMPLETED, null, false))
                .as("paid, not shipped yet").isFalse();
        assertThat(ErpPushRule.due(OrderStatus.SHIPPED, true, ErpPush.ON_COMPLETED, null, false))
                .as("recorded shipped when first seen, never allocated by Kanal").isFalse();
        assertThat(ErpPushRule.due(OrderStatus.HELD, true, ErpPush.ON_COMPLETED, null, true))
                .as("held (e.g. the ERP refused it) until an operator releases it").isFalse();
        assertThat(ErpPushRule.due(OrderStatus.CANCELLED, true, ErpPush.ON_COMPLETED, null, true)).isFalse();
    }

    @Test
    void onPaidIsUnchangedByTheChannelShipping() {
        assertThat(ErpPushRule.due(OrderStatus.ACCEPTED, true, ErpPush.ON_PAID, null, false)).isTrue();
        assertThat(ErpPushRule.due(OrderStatus.SHIPPED, true, ErpPush.ON_PAID, null, true)).isFalse();
        assertThat(ErpPushRule.due(OrderStatus.AWAITING_PAYMENT, false, ErpPush.ON_PAID, null, false)).isFalse();
    }

    @Test
    void aCompletionShipsOnlyAnAllocatedOpenOrderOfAnOnCompletedAccountOnce() {
        assertThat(ErpPushRule.completedOnChannel(ErpPush.ON_COMPLETED, OrderStatus.ACCEPTED, "TO_FULFIL", MappedStatus.SHIPPED, true))
                .isTrue();
        assertThat(ErpPushRule.completedOnChannel(ErpPush.ON_COMPLETED, OrderStatus.AWAITING_PAYMENT, "AWAITING_PAYMENT",
                MappedStatus.SHIPPED, true)).as("completed without a separate payment step").isTrue();
        assertThat(ErpPushRule.completedOnChannel(ErpPush.ON_COMPLETED, OrderStatus.IN_ERP, "TO_FULFIL", MappedStatus.SHIPPED, true))
                .as("written by an operator before: shipped, not written again").isTrue();
        assertThat(ErpPushRule.completedOnChannel(ErpPush.ON_COMPLETED, OrderStatus.SHIPPED, "SHIPPED", MappedStatus.SHIPPED, true))
                .as("a re-poll of the completed order").isFalse();
        assertThat(ErpPushRule.completedOnChannel(ErpPush.ON_COMPLETED, OrderStatus.ACCEPTED, "TO_FULFIL", MappedStatus.TO_FULFIL, true))
                .isFalse();
        assertThat(ErpPushRule.completedOnChannel(ErpPush.ON_COMPLETED, OrderStatus.ACCEPTED, "TO_FULFIL", MappedStatus.SHIPPED, false))
                .as("nothing allocated").isFalse();
        assertThat(ErpPushRule.completedOnChannel(ErpPush.ON_COMPLETED, OrderStatus.HELD, "TO_FULFIL", MappedStatus.SHIPPED, true))
                .as("held orders stay with the operator").isFalse();
        assertThat(ErpPushRule.completedOnChannel(ErpPush.ON_PAID, OrderStatus.IN_ERP, "TO_FULFIL", MappedStatus.SHIPPED, true))
                .as("on-paid: the ERP's WZ ships it (decision 0018)").isFalse();
    }
}
