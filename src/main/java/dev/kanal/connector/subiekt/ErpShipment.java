package dev.kanal.connector.subiekt;

import java.time.Instant;
import java.util.List;

/**
 * An issue document (WZ) of the ERP that realized a ZK: a parcel that left the warehouse.
 *
 * @param documentId   the ERP's document id (the poll's cursor)
 * @param number       the document's full number, e.g. {@code WZ 3/11/2026}: the shipment's key
 * @param orderRef     the ZK it realizes ({@code ZK 12/11/2026})
 * @param reference    the ZK's original number, {@code <account>:<channel order id>}
 * @param lines        units per product code, with their serials/IMEIs when the ERP recorded them
 */
public record ErpShipment(long documentId, String number, String orderRef, String reference, Instant issuedAt,
                          String carrier, String trackingNumber, String trackingUrl, List<Line> lines) {

    public ErpShipment {
        lines = List.copyOf(lines);
    }

    public record Line(String sku, int quantity, List<String> serials) {
        public Line {
            serials = List.copyOf(serials);
        }
    }
}
