package dev.kanal.connector.subiekt;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A correction of a sale document in the ERP (a KFS of an invoice, a KPA of a receipt), as
 * {@link SubiektCorrectionReader} reads it: what an ERP operator took off a sale Kanal wrote.
 *
 * @param documentId   the correction's {@code dok_Id} (the poll's cursor)
 * @param kind         KFS or KPA
 * @param number       its number, e.g. {@code KFS 1/05/2026}
 * @param saleDocument the number of the FS or PA it corrects
 * @param orderRef     the ZK that sale document realized
 * @param reference    the ZK's original number (Kanal's {@code <account>:<channel order id>})
 * @param reason       the operator's remarks ({@code dok_Uwagi}), if any
 * @param lines        per product, units and gross value taken off (positive numbers)
 */
public record ErpCorrection(long documentId, String kind, String number, String saleDocument, String orderRef, String reference,
                            Instant issuedAt, String reason, List<Line> lines) {

    public ErpCorrection {
        lines = List.copyOf(lines);
    }

    public record Line(String code, int quantity, BigDecimal amount) {
    }
}
