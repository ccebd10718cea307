package dev.kanal.connector;

import java.time.Instant;
import java.util.List;

/**
 * A shipment as a channel writer sends it: the parcel of one channel order, with the order lines
 * it carried and their serials/IMEIs.
 *
 * @param reference      the shipment's key at its source (ERP document number, parcel id): put
 *                       in notes so a later look at the channel finds it
 * @param completesOrder every unit of the order has shipped with this or earlier shipments
 */
public record OutgoingShipment(long shipmentId, String channelOrderId, String reference, String carrier,
                               String trackingNumber, String trackingUrl, Instant shippedAt, boolean completesOrder,
                               List<Line> lines) {

    public OutgoingShipment {
        lines = List.copyOf(lines);
    }

    /**
     * @param channelLineId   the channel's order line id (Back Market orderline id, WooCommerce line item id)
     * @param orderedQuantity units ordered on the line (Back Market takes an IMEI only on a quantity-1 line)
     * @param confirmed       the channel already holds this line's part (its IMEI): do not send it again
     */
    public record Line(long shipmentLineId, String channelLineId, String channelSku, int quantity, int orderedQuantity,
                       List<String> serials, boolean confirmed) {
        public Line {
            serials = List.copyOf(serials);
        }
    }
}
