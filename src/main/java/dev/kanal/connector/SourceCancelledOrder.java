package dev.kanal.connector;

import java.time.Instant;

/**
 * An order Kanal wrote to a source shop that the shop now shows cancelled (WooCommerce:
 * {@code cancelled}, or {@code refunded} once refunded in full). Kanal's own cancellation of the
 * order looks the same in the shop: who did it is for the caller to tell (docs/decisions/0049).
 *
 * @param status     the shop's status of the order, as the shop names it
 * @param modifiedAt when the shop last changed the order; null when it does not say
 */
public record SourceCancelledOrder(String orderRef, String requestKey, String reference, String status, Instant modifiedAt)
        implements SourceFinishedOrder {
}
