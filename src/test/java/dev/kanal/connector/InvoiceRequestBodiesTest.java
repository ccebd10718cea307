package dev.kanal.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The channel request bodies of an invoice, through the writers' package-visible builders. */
class InvoiceRequestBodiesTest {

    static final byte[] PDF = "%PDF-1.7\n...\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    static final OutgoingInvoice INVOICE = new OutgoingInvoice(9, "4512", "FS 3/11/2026", "FS", "FS-3-11-2026.pdf", PDF,
            new OutgoingInvoice.Link("https://kanal.example.com/documents/invoices/9.pdf?expires=1&signature=s",
                    Instant.parse("2026-12-05T10:00:00Z")));

    @Test
    void backMarketGetsThePdfAsTheFileOfTheFieldInvoice() {
        String body = new String(dev.kanal.connector.backmarket.InvoiceBodies.multipart("b0und", INVOICE), StandardCharsets.ISO_8859_1);

        assertThat(body).startsWith("--b0und\r\nContent-Disposition: form-data; name=\"invoice\"; filename=\"FS-3-11-2026.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n%PDF-1.7");
        assertThat(body).endsWith("%%EOF\n\r\n--b0und--\r\n");
    }

    @Test
    void wooCommerceGetsACustomerNoteWithTheLinkAndWhenItEnds() {
        var note = dev.kanal.connector.woocommerce.InvoiceBodies.note(INVOICE);
        assertThat(note.path("customer_note").asBoolean()).as("visible to the customer, who is e-mailed").isTrue();
        assertThat(note.path("note").asText()).isEqualTo("Your invoice FS 3/11/2026 is ready: "
                + "https://kanal.example.com/documents/invoices/9.pdf?expires=1&signature=s (the link works until 2026-12-05).");
    }
}
