package dev.kanal.connector;

import dev.kanal.support.PermanentFailure;

/**
 * Attaches an ERP sale document to a channel order (flow 6): the PDF itself where the channel
 * takes a file, a signed download link where it takes text. A writer that can look at the
 * channel first does, so a redelivered message or a crash between call and commit adds nothing
 * twice; one that cannot relies on the channel replacing the document it holds. Calls go
 * through the account's call budget; 429 and 5xx throw {@link RateLimitedException} /
 * {@link ChannelUnavailableException} (try again later).
 */
public interface ChannelInvoiceWriter {

    /** Whether it sends {@link OutgoingInvoice#link()} instead of (or with) the file. */
    default boolean takesLink() {
        return false;
    }

    /**
     * @throws InvoiceRefusedException the channel will not take it (unknown order, a file it
     *                                 refuses): retrying cannot help
     */
    void attach(ChannelConnection connection, OutgoingInvoice invoice);

    /** The channel refuses the document for good; an operator decides. */
    class InvoiceRefusedException extends RuntimeException implements PermanentFailure {
        public InvoiceRefusedException(String message) {
            super(message);
        }
    }
}
