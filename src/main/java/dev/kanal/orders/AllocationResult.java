package dev.kanal.orders;

import java.util.List;

/**
 * What allocating one order did.
 *
 * @param orderId     the sales order
 * @param client      client code
 * @param account     channel account code
 * @param status      the order's status afterwards
 * @param oversold    some line could not be allocated in full
 * @param allocated   whether this call made allocations or recorded missing units (false for a
 *                    redelivery, or an order that cannot be allocated: held, closed)
 * @param touchedSkus SKU codes that got new allocations: their quantities changed on every channel
 */
public record AllocationResult(long orderId, String client, String account, OrderStatus status, boolean oversold,
        boolean allocated, List<String> touchedSkus) {

    public AllocationResult {
        touchedSkus = List.copyOf(touchedSkus);
    }

    /** Whether the order goes on towards the ERP: allocated, and neither held nor cancelled. */
    public boolean proceeds() {
        return status == OrderStatus.ACCEPTED || status == OrderStatus.AWAITING_PAYMENT;
    }
}
