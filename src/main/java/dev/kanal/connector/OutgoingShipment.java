package dev.kanal.connector;

import java.time.Instant;
import java.util.List;

/**
 * A shipment as a channel writer sends it: the parcel of one channel order, with the order lines
 * it carried and their serials/IMEIs.
 *
 * @param reference      the shipment's key at its source (ERP document number, parcel id): put
 *                       in notes so a later look at the channel finds it
 * @param completesOrder every unit of the order has shipped with this or other recorded shipments
 * @param orderParcels   every recorded parcel of the order, oldest first (this one among them): a
 *                       channel that ships an order once (Back Market) ships it with the last one
 *                       and knows the others' tracking numbers as its own
 */
public record OutgoingShipment(long shipmentId, String channelOrderId, String reference, String carrier,
                               String trackingNumber, String trackingUrl, Instant shippedAt, boolean completesOrder,
                               List<Line> lines, List<Parcel> orderParcels) {

    public OutgoingShipment {
        lines = List.copyOf(lines);
        orderParcels = List.copyOf(orderParcels);
        if (orderParcels.isEmpty()) {
            orderParcels = List.of(new Parcel(carrier, trackingNumber, trackingUrl));
        }
    }

    /** A shipment that is its order's only parcel. */
    public OutgoingShipment(long shipmentId, String channelOrderId, String reference, String carrier, String trackingNumber,
                            String trackingUrl, Instant shippedAt, boolean completesOrder, List<Line> lines) {
        this(shipmentId, channelOrderId, reference, carrier, trackingNumber, trackingUrl, shippedAt, completesOrder, lines, List.of());
    }

    /** One parcel of the order: how it travels. */
    public record Parcel(String carrier, String trackingNumber, String trackingUrl) {
    }

    /** The order's last recorded parcel: the one that completed it. */
    public Parcel lastParcel() {
        return orderParcels.get(orderParcels.size() - 1);
    }

    /** Whether {@code tracking} is one of the order's parcels. */
    public boolean isOrderTracking(String tracking) {
        return orderParcels.stream().anyMatch(p -> tracking.equals(p.trackingNumber()));
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
