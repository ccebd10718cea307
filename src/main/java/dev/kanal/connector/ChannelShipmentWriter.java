package dev.kanal.connector;

import dev.kanal.support.PermanentFailure;
import java.util.function.LongConsumer;

/**
 * Writes a shipment to a channel (flow 3): carrier, tracking number and shipped serials. A writer
 * first looks at the channel's current state and sends only what it does not show yet, so a
 * redelivered message, a crash between call and commit or a second poll change nothing there.
 * Calls go through the account's call budget; 429 and 5xx throw
 * {@link RateLimitedException}/{@link ChannelUnavailableException} (try again later).
 */
public interface ChannelShipmentWriter {

    /**
     * @param lineConfirmed called with a line's {@code shipmentLineId} once the channel holds that
     *                      line's part (its IMEI), so a later attempt skips it
     * @throws ShipmentRefusedException the channel will not take it (a write-once IMEI set to
     *                                  another value, a refused state change): retrying cannot help
     */
    void write(ChannelConnection connection, OutgoingShipment shipment, LongConsumer lineConfirmed);

    /** The channel refuses the shipment, or part of it, for good; an operator decides. */
    class ShipmentRefusedException extends RuntimeException implements PermanentFailure {
        public ShipmentRefusedException(String message) {
            super(message);
        }
    }
}
