package dev.kanal.connector.subiekt;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A sale document of the ERP made from a ZK: an invoice (FS) or a receipt (PA).
 *
 * @param documentId the ERP's document id (the poll's cursor)
 * @param kind       {@code FS} or {@code PA}
 * @param number     the document's full number, e.g. {@code FS 3/11/2026}: the invoice's key
 * @param orderRef   the ZK it was made from ({@code ZK 12/11/2026})
 * @param reference  the ZK's original number, {@code <account>:<channel order id>}
 */
public record ErpSaleDocument(long documentId, String kind, String number, String orderRef, String reference, Instant issuedAt,
                              BigDecimal grossTotal) {
}
