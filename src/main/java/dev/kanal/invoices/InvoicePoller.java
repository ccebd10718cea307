package dev.kanal.invoices;

import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.connector.subiekt.ErpSaleDocument;
import dev.kanal.connector.subiekt.SourceDataSources;
import dev.kanal.connector.subiekt.SubiektSaleDocumentReader;
import dev.kanal.support.DocumentCursor;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One poll of a client's ERP for sale documents (routes/templates/invoice-poll.camel.yaml): FS and
 * PA documents made from a ZK, since the cursor less a margin (documents committed out of id
 * order; re-reads are no-ops), each recorded as an {@code invoice} row of its order, then the
 * cursor moved on. A document of a ZK Kanal did not write (no order has its number or channel
 * reference) is passed over. Answers the invoices recorded now, for the route to hand to
 * {@code kanal.invoices}; one recorded but whose message was lost is sent by the invoices sweep.
 */
public class InvoicePoller {

    private static final Logger log = LoggerFactory.getLogger(InvoicePoller.class);
    static final long MARGIN = 50;
    static final int BATCH = 500;

    private final JdbcTemplate jdbc;
    /** Where this poll got to per client. */
    private final DocumentCursor documents;
    private final TransactionTemplate tx;
    private final ClientRegistry clients;
    private final SourceDataSources sources;
    private final SubiektSaleDocumentReader reader = new SubiektSaleDocumentReader();

    public InvoicePoller(JdbcTemplate jdbc, TransactionTemplate tx, ClientRegistry clients, SourceDataSources sources) {
        this.jdbc = jdbc;
        this.documents = new DocumentCursor(jdbc, "invoice_import_cursor");
        this.tx = tx;
        this.clients = clients;
        this.sources = sources;
    }

    /** One poll: the ids of the invoices it recorded. */
    public List<Long> poll(String clientCode) {
        ClientConfig client = clients.require(clientCode);
        long clientId = jdbc.queryForObject("SELECT id FROM client WHERE code = ?", Long.class, clientCode);
        long cursor = documents.position(clientId);
        DataSource erp = sources.of(clientCode, client.source());
        List<Long> recorded = new ArrayList<>();
        long highest = cursor;
        long from = Math.max(0, cursor - MARGIN);
        while (true) {
            List<ErpSaleDocument> documents = reader.readSince(erp, from, BATCH);
            for (ErpSaleDocument document : documents) {
                highest = Math.max(highest, document.documentId());
                if (document.documentId() <= cursor && known(clientId, document.number())) {
                    continue; // the margin re-read: recorded before
                }
                Long invoiceId = tx.execute(status -> record(clientId, document));
                if (invoiceId != null) {
                    recorded.add(invoiceId);
                }
            }
            if (documents.size() < BATCH) {
                break;
            }
            from = documents.get(documents.size() - 1).documentId();
        }
        documents.advanceTo(clientId, highest);
        return recorded;
    }

    /** The new invoice's id, recorded with its order event; null when the document was recorded before or is not of Kanal's orders. */
    private Long record(long clientId, ErpSaleDocument document) {
        Long orderId = findOrder(clientId, document);
        if (orderId == null) {
            log.debug("Sale document {} of ZK {} ({}) is not of an order Kanal wrote", document.number(), document.orderRef(),
                    document.reference());
            return null;
        }
        int inserted = jdbc.update("""
                INSERT INTO invoice (order_id, document_number, document_kind, erp_document_id, issued_at, gross_total)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""", orderId, document.number(), document.kind(), document.documentId(),
                document.issuedAt() == null ? null : Timestamp.from(document.issuedAt()), document.grossTotal());
        if (inserted == 0) {
            return null;
        }
        long invoiceId = jdbc.queryForObject("SELECT id FROM invoice WHERE order_id = ? AND document_number = ?", Long.class, orderId,
                document.number());
        jdbc.update("INSERT INTO order_event (order_id, type, detail) VALUES (?, 'INVOICED', ?)", orderId,
                document.number() + " from " + document.orderRef());
        log.info("Invoice {} ({}) of order {} recorded from the ERP", invoiceId, document.number(), orderId);
        return invoiceId;
    }

    private boolean known(long clientId, String documentNumber) {
        return !jdbc.queryForList("""
                SELECT i.id FROM invoice i JOIN sales_order o ON o.id = i.order_id WHERE o.client_id = ? AND i.document_number = ?""",
                Long.class, clientId, documentNumber).isEmpty();
    }

    private Long findOrder(long clientId, ErpSaleDocument document) {
        List<Long> byZk = jdbc.queryForList("SELECT id FROM sales_order WHERE client_id = ? AND erp_order_ref = ?", Long.class, clientId,
                document.orderRef());
        if (!byZk.isEmpty()) {
            return byZk.get(0);
        }
        String reference = document.reference();
        if (reference == null || !reference.contains(":")) {
            return null;
        }
        int colon = reference.indexOf(':');
        List<Long> byReference = jdbc.queryForList("""
                SELECT o.id FROM sales_order o JOIN channel_account a ON a.id = o.channel_account_id
                 WHERE o.client_id = ? AND a.code = ? AND o.channel_order_id = ?""", Long.class,
                clientId, reference.substring(0, colon), reference.substring(colon + 1));
        return byReference.isEmpty() ? null : byReference.get(0);
    }
}
