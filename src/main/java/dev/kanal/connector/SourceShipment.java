package dev.kanal.connector;

import java.time.Instant;

/**
 * An order Kanal wrote to a source shop that the shop has shipped (WooCommerce: {@code completed}),
 * as its source connector read it: which order, when, and how it travels. What it carried is
 * what Kanal wrote less what Kanal cancelled (a shop ships its orders whole).
 *
 * @param orderRef       the shop's id of the order (Kanal stored it as the order's source reference)
 * @param requestKey     the request key Kanal wrote on it ({@link SourceOrder#requestKey()})
 * @param reference      the channel reference Kanal wrote on it ({@link SourceOrder#reference()}), null when absent
 * @param shippedAt      when the shop shipped it (its tracking's date, else its completion); null when the shop does not say
 * @param modifiedAt     when the shop last changed the order; null when it does not say
 * @param carrier        the tracking's carrier; null without tracking
 * @param trackingNumber null when the shop holds no tracking for the order
 * @param trackingUrl    null when the shop holds none
 */
public record SourceShipment(String orderRef, String requestKey, String reference, Instant shippedAt, Instant modifiedAt, String carrier,
                             String trackingNumber, String trackingUrl) implements SourceFinishedOrder {

    public boolean tracked() {
        return trackingNumber != null && !trackingNumber.isBlank();
    }
}
