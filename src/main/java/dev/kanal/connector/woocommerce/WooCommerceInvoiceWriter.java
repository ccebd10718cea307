package dev.kanal.connector.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.connector.ChannelAnswer;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelInvoiceWriter;
import dev.kanal.connector.OutgoingInvoice;
import java.time.ZoneOffset;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Gives a WooCommerce customer the invoice (shared/api-contracts.md 1.5): core WooCommerce has no
 * place for a document, so Kanal posts a customer note ({@code POST /orders/{id}/notes},
 * {@code customer_note} true: the customer sees it and is e-mailed) with a signed link to the PDF
 * that Kanal serves itself (docs/decisions/0024). Looks first ({@code GET /orders/{id}/notes}): a
 * note naming the document number means the customer has it, and nothing is posted again. Calls go
 * through the account's budget in {@link WooCommerceClient}; a 4xx is a
 * {@link WooCommerceApiException} (permanent).
 */
@Component
public class WooCommerceInvoiceWriter implements ChannelInvoiceWriter {

    private final WooCommerceClient client;
    private final ObjectMapper json = new ObjectMapper();

    public WooCommerceInvoiceWriter(WooCommerceClient client) {
        this.client = client;
    }

    @Override
    public boolean takesLink() {
        return true;
    }

    @Override
    public void attach(ChannelConnection connection, OutgoingInvoice invoice) {
        if (invoice.link() == null) {
            throw new InvoiceRefusedException("no download link for " + invoice.documentNumber() + ": WooCommerce takes the invoice as a link");
        }
        String notesPath = "/orders/" + invoice.channelOrderId() + "/notes";
        for (JsonNode note : call(connection, "GET", notesPath, null)) {
            if (note.path("note").asText("").contains(invoice.documentNumber())) {
                return;
            }
        }
        call(connection, "POST", notesPath, noteBody(json, invoice));
    }

    /** {@code {"note": "...", "customer_note": true}}. */
    static ObjectNode noteBody(ObjectMapper json, OutgoingInvoice invoice) {
        return json.createObjectNode().put("note", noteText(invoice)).put("customer_note", true);
    }

    static String noteText(OutgoingInvoice invoice) {
        String kind = invoice.kindWord();
        return "Your " + kind + " " + invoice.documentNumber() + " is ready: " + invoice.link().url() + " (the link works until "
                + invoice.link().expiresAt().atOffset(ZoneOffset.UTC).toLocalDate() + ").";
    }

    private JsonNode call(ChannelConnection connection, String method, String path, JsonNode body) {
        ChannelAnswer response = client.send(connection, method, path, Map.of(), body);
        client.requireSuccess(connection, method, path, response);
        return client.parse(connection, method, path, response);
    }
}
