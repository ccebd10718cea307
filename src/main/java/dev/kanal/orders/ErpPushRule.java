package dev.kanal.orders;

import dev.kanal.client.config.ErpPush;
import dev.kanal.client.config.MappedStatus;

/**
 * When an order goes to the ERP, per the account's {@code erp-push} rule. Pure, for the writer,
 * the sweep and translation.
 *
 * <ul>
 *   <li>{@code on-paid}: once allocated without anything missing that holds it, and paid or cash
 *       on delivery.</li>
 *   <li>{@code on-completed}: once the channel shows the order completed (the shop shipped it
 *       itself, mapped status {@code shipped}); the order is SHIPPED by then, its allocation stays
 *       OPEN until the ERP issues the document for the ZK (docs/decisions/0021).</li>
 * </ul>
 */
public final class ErpPushRule {

    private ErpPushRule() {
    }

    /** {@link #due(OrderStatus, boolean, ErpPush, String, boolean)} for an order its channel has not shipped. */
    public static boolean due(OrderStatus status, boolean paidOrCashOnDelivery, ErpPush erpPush, String erpOrderRef) {
        return due(status, paidOrCashOnDelivery, erpPush, erpOrderRef, false);
    }

    /**
     * Due when it is not in the ERP yet and the account's rule says now: on-paid, an allocated
     * order (accepted, or waiting for a payment that has now arrived) paid or cash on delivery;
     * on-completed, an order Kanal recorded as shipped by its channel (SHIPPED; payment is not
     * asked: the shop already handed the goods over).
     */
    public static boolean due(OrderStatus status, boolean paidOrCashOnDelivery, ErpPush erpPush, String erpOrderRef,
                              boolean shippedByChannel) {
        if (erpOrderRef != null) {
            return false;
        }
        return switch (erpPush) {
            case ON_PAID -> (status == OrderStatus.ACCEPTED || status == OrderStatus.AWAITING_PAYMENT) && paidOrCashOnDelivery;
            case ON_COMPLETED -> status == OrderStatus.SHIPPED && shippedByChannel;
        };
    }

    /**
     * Whether a newer channel state ships the order on the channel, for an account that writes
     * orders on completion: the mapped status becomes {@code shipped}, and Kanal holds the order
     * allocated and not yet closed (accepted, waiting for payment, or already in the ERP). A held
     * order stays with its operator; an order first seen shipped was never allocated by Kanal and
     * is only recorded.
     */
    public static boolean completedOnChannel(ErpPush erpPush, OrderStatus status, String mappedBefore, MappedStatus mappedNow,
                                             boolean allocated) {
        return erpPush == ErpPush.ON_COMPLETED
                && mappedNow == MappedStatus.SHIPPED
                && !MappedStatus.SHIPPED.name().equals(mappedBefore)
                && allocated
                && (status == OrderStatus.ACCEPTED || status == OrderStatus.AWAITING_PAYMENT || status == OrderStatus.IN_ERP);
    }
}
