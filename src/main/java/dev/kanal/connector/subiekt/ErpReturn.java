package dev.kanal.connector.subiekt;

import java.util.List;

/**
 * A return document for the ERP ({@code return/add}): the units of a shipped order that came
 * back, as a correction of its sale (a ZW in Subiekt, {@code dok_Typ} 14).
 *
 * @param orderRef  the ZK the units were sold under
 * @param reference Kanal's key of the return, stored as the document's original number: a
 *                  retry finds the document by it ({@code return/find}) instead of making another
 * @param warehouse the warehouse symbol the units come back to
 * @param toStock   true: the ERP's stock of the warehouse rises now; false: the document records
 *                  the return without stock (the units wait for inspection)
 * @param reason    why, in words for the ERP's operator
 * @param lines     product codes and quantities, serials when the units have them
 */
public record ErpReturn(String orderRef, String reference, String warehouse, boolean toStock, String reason, List<Line> lines) {

    public ErpReturn {
        lines = List.copyOf(lines);
    }

    public record Line(String code, int qty, List<String> serials) {
        public Line {
            serials = serials == null ? List.of() : List.copyOf(serials);
        }
    }
}
