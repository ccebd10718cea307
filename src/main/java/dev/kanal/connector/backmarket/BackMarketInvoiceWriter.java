package dev.kanal.connector.backmarket;

import dev.kanal.connector.ChannelAnswer;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelRequest;
import dev.kanal.connector.ChannelInvoiceWriter;
import dev.kanal.connector.OutgoingInvoice;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Attaches the invoice PDF to a Back Market order (shared/api-contracts.md 2.3):
 * {@code POST /ws/orders/{order_id}/invoice}, {@code multipart/form-data} with the file in the field
 * {@code invoice} ({@code application/pdf}). Back Market's order shows no invoice to look at first,
 * but the call replaces the order's invoice ("Update customer invoice for order"), so sending the
 * same document again after a crash leaves the order with that one document; Kanal's invoice row
 * keeps a redelivered message from sending it again at all. 4xx (404 unknown order, 400 a file it
 * refuses) is an {@link InvoiceRefusedException}; 429, 5xx and 401/403 are transient
 * ({@link BackMarketClient#call}, which takes the call from the account's budget).
 */
@Component
public class BackMarketInvoiceWriter implements ChannelInvoiceWriter {

    static final String FIELD = "invoice";

    private final BackMarketClient client;

    public BackMarketInvoiceWriter(BackMarketClient client) {
        this.client = client;
    }

    @Override
    public void attach(ChannelConnection connection, OutgoingInvoice invoice) {
        String path = "/ws/orders/" + URLEncoder.encode(invoice.channelOrderId(), StandardCharsets.UTF_8).replace("+", "%20")
                + "/invoice";
        String boundary = "kanal-" + UUID.randomUUID();
        ChannelRequest request = client.request(connection, "POST", path, multipart(boundary, invoice.fileName(), invoice.pdf()))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary);
        ChannelAnswer answer = client.call(connection, request, List.of());
        if (answer.statusCode() < 200 || answer.statusCode() >= 300) {
            throw new InvoiceRefusedException("Back Market answered " + answer.statusCode() + " to POST " + path + " ("
                    + invoice.documentNumber() + ") for " + connection.account() + ": " + client.errorMessage(answer));
        }
    }

    /** The body: one part, field {@code invoice}, the PDF as a file. */
    static byte[] multipart(String boundary, String fileName, byte[] pdf) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(pdf.length + 300);
        String head = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"" + FIELD + "\"; filename=\"" + fileName.replaceAll("[\"\\\\\r\n]", "_") + "\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n";
        body.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        body.writeBytes(pdf);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }
}
