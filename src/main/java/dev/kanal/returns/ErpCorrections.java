package dev.kanal.returns;

import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.connector.subiekt.ErpCorrection;
import dev.kanal.connector.subiekt.SourceDataSources;
import dev.kanal.connector.subiekt.SubiektCorrectionReader;
import dev.kanal.support.DocumentCursor;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Refunds an ERP operator starts (flow 4, docs/decisions/0025), run with each shipment poll of a
 * client: a correction of the sale document of an order Kanal wrote (a KFS or KPA lowering a
 * line) becomes a refund request of that line on the order's channel
 * ({@link ChannelRefunds#request}, origin ERP, request key {@code erp:<client>:<correction number>}),
 * which the order-changes hop carries to the channel ({@link RefundToChannel}).
 *
 * <p>Once per correction: the request key makes the request idempotent, an {@code erp_correction}
 * row per client and document number remembers what was done (the refund, or why none was made),
 * and a cursor keeps the poll to new documents, less a margin (documents committed out of id
 * order). The request is stored before the row: a crash between them stores the same request
 * again on the next poll, which answers the first.
 */
public class ErpCorrections {

    private static final Logger log = LoggerFactory.getLogger(ErpCorrections.class);
    static final long MARGIN = 50;
    static final int BATCH = 200;

    private final JdbcTemplate jdbc;
    /** Where this poll got to per client. */
    private final DocumentCursor documents;
    private final TransactionTemplate tx;
    private final ClientRegistry clients;
    private final SourceDataSources sources;
    private final ChannelRefunds refunds;
    private final SubiektCorrectionReader reader = new SubiektCorrectionReader();

    public ErpCorrections(JdbcTemplate jdbc, TransactionTemplate tx, ClientRegistry clients, SourceDataSources sources,
            ChannelRefunds refunds) {
        this.jdbc = jdbc;
        this.documents = new DocumentCursor(jdbc, "erp_correction_cursor");
        this.tx = tx;
        this.clients = clients;
        this.sources = sources;
        this.refunds = refunds;
    }

    /** One look at the client's new corrections; answers the order changes (REFUND, to the channel) recorded now, for the hop. */
    public List<Long> detect(String client) {
        ClientConfig config = clients.require(client);
        Long clientId = jdbc.queryForList("SELECT id FROM client WHERE code = ?", Long.class, client).stream().findFirst().orElse(null);
        if (clientId == null) {
            return List.of();
        }
        long cursor = documents.position(clientId);
        DataSource erp = sources.of(client, config.source());
        List<Long> changes = new ArrayList<>();
        long highest = cursor;
        long from = Math.max(0, cursor - MARGIN);
        reading:
        while (true) {
            List<ErpCorrection> read = reader.readSince(erp, from, BATCH);
            for (ErpCorrection correction : read) {
                Long change;
                try {
                    change = handle(client, clientId, correction);
                } catch (dev.kanal.connector.ChannelRefundWriter.RefundBudgetExhaustedException spent) {
                    // the channel's refunds of the day are used up: this correction and the next wait for a later poll
                    log.warn("ERP correction {} of {} waits: {}", correction.number(), client, spent.getMessage());
                    break reading;
                }
                highest = Math.max(highest, correction.documentId());
                if (change != null) {
                    changes.add(change);
                }
            }
            if (read.size() < BATCH) {
                break;
            }
            from = read.get(read.size() - 1).documentId();
        }
        documents.advanceTo(clientId, highest);
        return changes;
    }

    /** The change to send for one correction, null when there is none (seen before, not Kanal's order, nothing to refund). */
    Long handle(String client, long clientId, ErpCorrection correction) {
        if (!jdbc.queryForList("SELECT id FROM erp_correction WHERE client_id = ? AND document_number = ?", Long.class, clientId,
                correction.number()).isEmpty()) {
            return null;
        }
        Long orderId = findOrder(clientId, correction);
        if (orderId == null) {
            return null; // a sale Kanal did not write
        }
        String key = "erp:" + client + ":" + correction.number();
        String reason = "ERP correction " + correction.number() + " of " + correction.saleDocument()
                + (correction.reason() == null ? "" : ": " + correction.reason());
        List<String> problems = new ArrayList<>();
        List<ChannelRefunds.RefundRequest.Line> lines = lines(orderId, correction, problems);
        Long refundId = null;
        Long change = null;
        String detail;
        if (lines.isEmpty()) {
            detail = "no refund: " + (problems.isEmpty() ? "the correction lowers no line of the order" : String.join("; ", problems));
        } else {
            try {
                ChannelRefunds.Requested requested = refunds.request(new ChannelRefunds.RefundRequest(orderId, key, "ERP", reason, null, lines));
                refundId = requested.refundId();
                change = "PENDING".equals(requested.status()) ? requested.changeId() : null;
                detail = "refund " + refundId + " of " + lines.size() + " line(s)" + (problems.isEmpty() ? "" : "; " + String.join("; ", problems));
            } catch (ChannelRefunds.InvalidRefundException refused) {
                detail = "no refund: " + refused.getMessage();
            }
        }
        Long refund = refundId;
        String said = Returns.truncate(detail, 1024);
        Boolean recorded = tx.execute(s -> {
            int inserted = jdbc.update("""
                    INSERT INTO erp_correction (client_id, document_number, erp_document_id, order_id, refund_id, detail)
                    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""", clientId, correction.number(), correction.documentId(), orderId,
                    refund, said);
            if (inserted == 1) {
                jdbc.update("INSERT INTO order_event (order_id, type, detail) VALUES (?, 'ERP_CORRECTION', ?)", orderId,
                        Returns.truncate(reason + " -> " + said, 1024));
            }
            return inserted == 1;
        });
        log.info("ERP correction {} of order {}: {}{}", correction.number(), orderId, said, Boolean.TRUE.equals(recorded) ? "" : " (seen before)");
        return change;
    }

    /**
     * The order lines the correction lowers: per product, its units taken off spread over the
     * order's lines of that SKU in line order, the value taken off shared by units. A correction of
     * value alone (a price lowered) refunds that value on the product's lines, all their units.
     */
    private List<ChannelRefunds.RefundRequest.Line> lines(long orderId, ErpCorrection correction, List<String> problems) {
        List<ChannelRefunds.RefundRequest.Line> lines = new ArrayList<>();
        for (ErpCorrection.Line line : correction.lines()) {
            List<Map<String, Object>> orderLines = jdbc.queryForList("""
                    SELECT l.id, l.quantity FROM order_line l LEFT JOIN sku k ON k.id = l.sku_id LEFT JOIN variation v ON v.id = l.variation_id
                      LEFT JOIN sku vk ON vk.id = v.sku_id
                     WHERE l.order_id = ? AND COALESCE(k.code, vk.code) = ? ORDER BY l.line_no""", orderId, line.code());
            if (orderLines.isEmpty()) {
                problems.add("the order has no line of " + line.code());
                continue;
            }
            int units = line.quantity() > 0 ? line.quantity()
                    : orderLines.stream().mapToInt(l -> ((Number) l.get("quantity")).intValue()).sum();
            int left = units;
            BigDecimal amountLeft = line.amount();
            for (int i = 0; i < orderLines.size() && left > 0; i++) {
                int take = Math.min(left, ((Number) orderLines.get(i).get("quantity")).intValue());
                left -= take;
                BigDecimal amount = left == 0 ? amountLeft
                        : line.amount().multiply(BigDecimal.valueOf(take)).divide(BigDecimal.valueOf(units), 2, RoundingMode.HALF_UP);
                amountLeft = amountLeft.subtract(amount);
                lines.add(new ChannelRefunds.RefundRequest.Line(((Number) orderLines.get(i).get("id")).longValue(), take, amount));
            }
            if (left > 0) {
                problems.add(line.code() + ": " + left + " unit(s) more than the order has");
            }
        }
        return lines;
    }

    private Long findOrder(long clientId, ErpCorrection correction) {
        List<Long> byZk = jdbc.queryForList("SELECT id FROM sales_order WHERE client_id = ? AND erp_order_ref = ?", Long.class, clientId,
                correction.orderRef());
        if (!byZk.isEmpty()) {
            return byZk.get(0);
        }
        String reference = correction.reference();
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
