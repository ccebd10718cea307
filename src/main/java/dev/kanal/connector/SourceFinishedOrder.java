package dev.kanal.connector;

import java.time.Instant;

/**
 * An order Kanal wrote to a source shop that the shop has finished with, as its source connector
 * read it: shipped ({@link SourceShipment}) or cancelled by the shop's staff ({@link SourceCancelledOrder}).
 * Both come from one read of the shop's orders changed since a cursor (docs/decisions/0044, 0049).
 */
public sealed interface SourceFinishedOrder permits SourceShipment, SourceCancelledOrder {

    /** The shop's id of the order (Kanal stored it as the order's source reference). */
    String orderRef();

    /** The request key Kanal wrote on it ({@link SourceOrder#requestKey()}). */
    String requestKey();

    /** The channel reference Kanal wrote on it ({@link SourceOrder#reference()}), null when absent. */
    String reference();

    /** When the shop last changed the order; null when it does not say. */
    Instant modifiedAt();
}
