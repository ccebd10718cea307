package dev.kanal.invoices;

import dev.kanal.client.config.ClientRegistry;
import dev.kanal.connector.ChannelConnector;
import dev.kanal.connector.ChannelConnectors;
import dev.kanal.connector.ChannelInvoiceWriter;
import dev.kanal.connector.OutgoingInvoice;
import dev.kanal.connector.subiekt.SubiektGatewayClient;
import dev.kanal.stock.AccountRef;
import dev.kanal.stock.ChannelAccounts;
import dev.kanal.support.PermanentFailure;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code kanal.invoices} hop (routes/flows/invoices-out.camel.yaml): sends one invoice to its
 * order's channel, once. The invoice row is the record of what was sent: {@code SENT} (the
 * channel holds it) or {@code FAILED} (refused for good) is never sent again, so a redelivered
 * message or a second one from the sweep does nothing; the row is locked while it is sent, so two
 * messages never send it at the same time. The PDF is fetched from the ERP gateway
 * ({@code document/getPdf}) on the first attempt and kept in the row.
 *
 * <p>A refusal (any {@link PermanentFailure}: the channel's 4xx, an ERP that has no such
 * document, a shop Kanal has no public address for) is recorded on the row with an order event,
 * committed, and thrown: the message is dead-lettered at once with the reason. A transient
 * failure (channel or ERP down, 429) counts the attempt and is thrown: the broker redelivers.
 */
public class InvoiceSender {

    private static final Logger log = LoggerFactory.getLogger(InvoiceSender.class);
    private static final byte[] PDF_MAGIC = {'%', 'P', 'D', 'F', '-'};

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ClientRegistry clients;
    private final SubiektGatewayClient gateway;
    private final ChannelAccounts accounts;
    private final ChannelConnectors connectors;
    private final InvoiceLinks links;
    private final Duration retryAfter;
    private final Clock clock;

    /**
     * @param retryAfter how long after its last attempt the sweep sends a still-owed invoice again
     */
    public InvoiceSender(JdbcTemplate jdbc, TransactionTemplate tx, ClientRegistry clients, SubiektGatewayClient gateway,
                         ChannelAccounts accounts, ChannelConnectors connectors, InvoiceLinks links, Duration retryAfter,
                         Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clients = clients;
        this.gateway = gateway;
        this.accounts = accounts;
        this.connectors = connectors;
        this.links = links;
        this.retryAfter = retryAfter;
        this.clock = clock;
    }

    /** Unknown invoice id: nothing to send, ever. */
    public static class UnknownInvoiceException extends RuntimeException implements PermanentFailure {
        UnknownInvoiceException(long id) {
            super("no invoice " + id);
        }
    }

    /** The ERP's document is not a PDF: sending it would give the customer a broken file. */
    public static class NotAPdfException extends RuntimeException implements PermanentFailure {
        NotAPdfException(String message) {
            super(message);
        }
    }

    /**
     * Sends invoice {@code invoiceId} to its order's channel unless it was sent or refused before.
     *
     * @return true when the channel holds it now (or did already); false when it was refused before
     */
    public boolean send(long invoiceId) {
        Map<String, Object> invoice = load(invoiceId);
        if (!"PENDING".equals(invoice.get("status"))) {
            return "SENT".equals(invoice.get("status"));
        }
        RuntimeException[] refused = new RuntimeException[1];
        Boolean held;
        try {
            ensurePdf(invoiceId, invoice);
            held = tx.execute(status -> {
                String state = jdbc.queryForObject("SELECT status FROM invoice WHERE id = ? FOR UPDATE", String.class, invoiceId);
                if (!"PENDING".equals(state)) {
                    return "SENT".equals(state); // sent by another message while this one waited for the lock
                }
                try {
                    return sendLocked(invoiceId, load(invoiceId));
                } catch (RuntimeException e) {
                    if (!(e instanceof PermanentFailure)) {
                        throw e;
                    }
                    refuse(invoiceId, ((Number) invoice.get("order_id")).longValue(), e.getMessage());
                    refused[0] = e; // committed with the refusal, thrown below
                    return false;
                }
            });
        } catch (RuntimeException e) {
            if (e instanceof PermanentFailure) {
                refuseOnce(invoiceId, ((Number) invoice.get("order_id")).longValue(), e.getMessage());
                throw e;
            }
            attemptFailed(invoiceId, e);
            throw e;
        }
        if (refused[0] != null) {
            throw refused[0];
        }
        return Boolean.TRUE.equals(held);
    }

    private Map<String, Object> load(long invoiceId) {
        List<Map<String, Object>> rows = jdbc.queryForList("""
                SELECT i.id, i.order_id, i.document_number, i.document_kind, i.status, i.pdf, o.channel_order_id,
                       c.code AS client, a.code AS account, a.channel_type
                  FROM invoice i JOIN sales_order o ON o.id = i.order_id JOIN client c ON c.id = o.client_id
                  JOIN channel_account a ON a.id = o.channel_account_id WHERE i.id = ?""", invoiceId);
        if (rows.isEmpty()) {
            throw new UnknownInvoiceException(invoiceId);
        }
        return rows.get(0);
    }

    /** Fetches the document's PDF from the ERP once and keeps it (committed on its own: a failed send does not lose it). */
    private void ensurePdf(long invoiceId, Map<String, Object> invoice) {
        if (invoice.get("pdf") != null) {
            return;
        }
        String client = (String) invoice.get("client");
        String number = (String) invoice.get("document_number");
        byte[] pdf = gateway.documentPdf(clients.require(client).source(), client, number);
        if (!isPdf(pdf)) {
            throw new NotAPdfException("the ERP's document/getPdf of " + number + " answered " + pdf.length
                    + " bytes that are not a PDF");
        }
        jdbc.update("UPDATE invoice SET pdf = ? WHERE id = ? AND pdf IS NULL", pdf, invoiceId);
    }

    private boolean sendLocked(long invoiceId, Map<String, Object> invoice) {
        long orderId = ((Number) invoice.get("order_id")).longValue();
        String number = (String) invoice.get("document_number");
        ChannelInvoiceWriter writer = connectors.capability((String) invoice.get("channel_type"), ChannelConnector::invoiceWriter)
                .orElse(null);
        if (writer == null) {
            throw new ChannelInvoiceWriter.InvoiceRefusedException("no invoice writer for channel type " + invoice.get("channel_type"));
        }
        AccountRef ref = new AccountRef((String) invoice.get("client"), (String) invoice.get("account"));
        OutgoingInvoice.Link link = writer.takesLink() ? links.link(invoiceId, accounts.config(ref).baseUrl()) : null;
        OutgoingInvoice outgoing = new OutgoingInvoice(invoiceId, (String) invoice.get("channel_order_id"), number,
                (String) invoice.get("document_kind"), fileName(number), (byte[]) invoice.get("pdf"), link);
        writer.attach(accounts.connection(ref), outgoing);
        Timestamp now = now();
        jdbc.update("""
                UPDATE invoice SET status = 'SENT', sent_at = ?, attempts = attempts + 1, attempted_at = ?, detail = NULL
                 WHERE id = ?""", now, now, invoiceId);
        jdbc.update("INSERT INTO order_event (order_id, type, detail, created_at) VALUES (?, 'INVOICE_ON_CHANNEL', ?, ?)", orderId,
                number, now);
        log.info("Invoice {} ({}) of order {} is on {}", invoiceId, number, orderId, ref);
        return true;
    }

    /** Invoices still owed to their channel: recorded over a minute ago, not tried within {@code retryAfter}. */
    public List<Long> owed() {
        Timestamp now = now();
        return jdbc.queryForList("""
                SELECT id FROM invoice WHERE status = 'PENDING' AND created_at < ? AND (attempted_at IS NULL OR attempted_at < ?)
                 ORDER BY id FETCH FIRST 500 ROWS ONLY""", Long.class,
                Timestamp.from(now.toInstant().minus(Duration.ofMinutes(1))), Timestamp.from(now.toInstant().minus(retryAfter)));
    }

    /** {@code FS 3/11/2026} as {@code FS-3-11-2026.pdf}. */
    static String fileName(String documentNumber) {
        return documentNumber.trim().replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", "") + ".pdf";
    }

    static boolean isPdf(byte[] content) {
        if (content == null || content.length < PDF_MAGIC.length) {
            return false;
        }
        for (int i = 0; i < PDF_MAGIC.length; i++) {
            if (content[i] != PDF_MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private void refuse(long invoiceId, long orderId, String reason) {
        String text = shorten(reason == null ? "refused" : reason);
        Timestamp now = now();
        jdbc.update("""
                UPDATE invoice SET status = 'FAILED', detail = ?, attempts = attempts + 1, attempted_at = ? WHERE id = ?""",
                text, now, invoiceId);
        jdbc.update("INSERT INTO order_event (order_id, type, detail, created_at) VALUES (?, 'INVOICE_REFUSED', ?, ?)", orderId, text, now);
        log.warn("Invoice {} of order {} refused: {}", invoiceId, orderId, text);
    }

    /** A refusal met before the locked send (the ERP's PDF): recorded under the lock unless the row moved on meanwhile. */
    private void refuseOnce(long invoiceId, long orderId, String reason) {
        tx.executeWithoutResult(status -> {
            if (jdbc.queryForList("SELECT status FROM invoice WHERE id = ? FOR UPDATE", String.class, invoiceId).contains("PENDING")) {
                refuse(invoiceId, orderId, reason);
            }
        });
    }

    private void attemptFailed(long invoiceId, RuntimeException e) {
        try {
            jdbc.update("UPDATE invoice SET attempts = attempts + 1, attempted_at = ?, detail = ? WHERE id = ? AND status = 'PENDING'",
                    now(), shorten(e.getClass().getSimpleName() + ": " + e.getMessage()), invoiceId);
        } catch (RuntimeException recording) {
            e.addSuppressed(recording);
        }
    }

    private static String shorten(String text) {
        return text.length() > 1000 ? text.substring(0, 1000) : text;
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }
}
