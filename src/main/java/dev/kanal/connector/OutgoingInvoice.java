package dev.kanal.connector;

import java.time.Instant;

/**
 * A sale document (invoice or receipt) as a channel writer sends it to one channel order.
 *
 * @param documentNumber the ERP's number ({@code FS 3/11/2026}): put in notes so a later look at
 *                       the channel finds it
 * @param fileName       the PDF's file name, made from the number
 * @param pdf            the document as the ERP printed it
 * @param link           for channels that take a link rather than the file
 *                       ({@link ChannelInvoiceWriter#takesLink()}): where the customer downloads
 *                       it from Kanal, signed; null for the others
 */
public record OutgoingInvoice(long invoiceId, String channelOrderId, String documentNumber, String kind, String fileName, byte[] pdf,
                              Link link) {

    /** A download link that works until {@code expiresAt}. */
    public record Link(String url, Instant expiresAt) {
    }

    /** "invoice" or "receipt", for the customer's words. */
    public String kindWord() {
        return "PA".equals(kind) ? "receipt" : "invoice";
    }
}
