package dev.kanal.connector.woocommerce;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.connector.OutgoingInvoice;

/** The WooCommerce invoice writer's note builder, for tests outside its package. */
public final class InvoiceBodies {

    private InvoiceBodies() {
    }

    public static ObjectNode note(OutgoingInvoice invoice) {
        return WooCommerceInvoiceWriter.noteBody(new ObjectMapper(), invoice);
    }
}
