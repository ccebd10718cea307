package dev.kanal.orders;

import dev.kanal.client.config.ErpPush;

/** Whether an order is due to be written to the ERP now. Pure, for the writer and the sweep. */
public final class ErpPushRule {

    private ErpPushRule() {
    }

    /**
     * Due when it is not there yet, was allocated without anything missing that holds it
     * (accepted, or waiting for a payment that has now arrived), is paid or cash on delivery,
     * and the account writes orders to the ERP once paid. Accounts that write on completion are
     * written by the completion flow, not here.
     */
    public static boolean due(OrderStatus status, boolean paidOrCashOnDelivery, ErpPush erpPush, String erpOrderRef) {
        return erpOrderRef == null
                && (status == OrderStatus.ACCEPTED || status == OrderStatus.AWAITING_PAYMENT)
                && paidOrCashOnDelivery
                && erpPush == ErpPush.ON_PAID;
    }
}
