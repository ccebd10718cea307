package dev.kanal.connector.backmarket;

import dev.kanal.connector.OutgoingInvoice;

/** The Back Market invoice writer's body builder, for tests outside its package. */
public final class InvoiceBodies {

    private InvoiceBodies() {
    }

    public static byte[] multipart(String boundary, OutgoingInvoice invoice) {
        return BackMarketInvoiceWriter.multipart(boundary, invoice.fileName(), invoice.pdf());
    }
}
