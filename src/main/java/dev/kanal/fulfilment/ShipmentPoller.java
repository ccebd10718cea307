package dev.kanal.fulfilment;

import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.connector.subiekt.ErpShipment;
import dev.kanal.connector.subiekt.SourceDataSources;
import dev.kanal.connector.subiekt.SubiektShipmentReader;
import dev.kanal.connector.subiekt.SubiektStockReader;
import dev.kanal.inventory.StockChangePublisher;
import dev.kanal.ops.health.FailureClassifier;
import dev.kanal.ops.health.HealthRecorder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One poll of a client's ERP for shipments (routes/templates/shipment-poll.camel.yaml): issue
 * documents since the cursor (less a margin, for documents committed out of id order; re-reads
 * are no-ops), each recorded by {@link ShipmentRecorder} in its own transaction, then the cursor
 * moved on. Answers the shipments recorded now, for the route to hand to {@code kanal.shipments}.
 */
public class ShipmentPoller {

    private static final Logger log = LoggerFactory.getLogger(ShipmentPoller.class);
    static final long MARGIN = 50;
    static final int BATCH = 500;

    private final JdbcTemplate jdbc;
    private final ClientRegistry clients;
    private final SourceDataSources sources;
    private final SubiektShipmentReader reader = new SubiektShipmentReader();
    private final ShipmentRecorder recorder;
    private final StockChangePublisher stockChanges;

    private final SubiektStockReader stockReader = new SubiektStockReader();
    private final HealthRecorder health;

    public ShipmentPoller(JdbcTemplate jdbc, ClientRegistry clients, SourceDataSources sources, ShipmentRecorder recorder,
            StockChangePublisher stockChanges) {
        this(jdbc, clients, sources, recorder, stockChanges, new HealthRecorder() {
        });
    }

    public ShipmentPoller(JdbcTemplate jdbc, ClientRegistry clients, SourceDataSources sources, ShipmentRecorder recorder,
            StockChangePublisher stockChanges, HealthRecorder health) {
        this.jdbc = jdbc;
        this.clients = clients;
        this.sources = sources;
        this.recorder = recorder;
        this.stockChanges = stockChanges;
        this.health = health;
    }

    /** One poll, whole: the new shipment ids once every document read is recorded (tests drive polls with it). */
    public List<Long> poll(String clientCode) {
        List<Long> recorded = new ArrayList<>();
        recordEach(clientCode).forEachRemaining(recorded::add);
        return recorded;
    }

    /**
     * One poll, a document at a time: each {@code next()} records the next new document (its own
     * transaction) and answers its shipment id, so the route hands a shipment to its channel as
     * soon as it is recorded instead of after the whole batch; a full batch is followed by the next
     * one at once, so a burst is worked off in one poll. The cursor moves once the poll read
     * everything; a poll that fails half-way leaves it, and the next poll skips what was recorded
     * (and the shipments sweep sends any recorded shipment whose message was lost). The outcome
     * goes to the client's source health, as the stock poll's does (both read the same ERP).
     */
    public Iterator<Long> recordEach(String clientCode) {
        try {
            return new Poll(clientCode);
        } catch (RuntimeException e) {
            health.sourcePollFailed(clientCode, FailureClassifier.classify(e, null));
            throw e;
        }
    }

    /** The documents of one poll, read batch by batch and recorded one by one as they are asked for. */
    private final class Poll implements Iterator<Long> {

        private final String clientCode;
        private final long clientId;
        private final boolean hadCursor;
        private final long cursor;
        private final DataSource erp;
        private long highest;
        private Iterator<ErpShipment> batch;
        private boolean batchWasFull;
        private Long next;
        private boolean finished;

        Poll(String clientCode) {
            this.clientCode = clientCode;
            ClientConfig client = clients.require(clientCode);
            this.clientId = jdbc.queryForObject("SELECT id FROM client WHERE code = ?", Long.class, clientCode);
            List<Long> cursors = jdbc.queryForList("SELECT last_document_id FROM shipment_import_cursor WHERE client_id = ?",
                    Long.class, clientId);
            this.hadCursor = !cursors.isEmpty();
            this.cursor = hadCursor ? cursors.get(0) : 0;
            this.highest = cursor;
            this.erp = sources.of(clientCode, client.source());
            readBatch(Math.max(0, cursor - MARGIN));
        }

        private void readBatch(long fromId) {
            List<ErpShipment> documents = reader.readSince(erp, fromId, BATCH);
            batchWasFull = documents.size() >= BATCH;
            batch = documents.iterator();
        }

        @Override
        public boolean hasNext() {
            try {
                while (next == null && !finished) {
                    if (!batch.hasNext()) {
                        if (batchWasFull) {
                            readBatch(highest);
                            continue;
                        }
                        finish();
                        break;
                    }
                    next = record(batch.next());
                }
                return next != null;
            } catch (RuntimeException e) {
                finished = true;
                health.sourcePollFailed(clientCode, FailureClassifier.classify(e, null));
                throw e;
            }
        }

        @Override
        public Long next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Long answer = next;
            next = null;
            return answer;
        }

        /** Records one document; its shipment id when it made a new shipment, null otherwise. */
        private Long record(ErpShipment document) {
            highest = Math.max(highest, document.documentId());
            if (document.documentId() <= cursor && known(clientId, document.number())) {
                return null;
            }
            ShipmentRecorder.Outcome outcome = recorder.record(new ShipmentRecorder.Report(clientCode, "ERP", document.number(),
                    document.orderRef(), document.reference(), document.carrier(), document.trackingNumber(), document.trackingUrl(),
                    document.issuedAt(), document.lines().stream()
                    .map(l -> new ShipmentRecorder.Line(l.sku(), l.quantity(), l.serials())).toList()),
                    skus -> stockReader.readStock(erp, skus));
            if (!outcome.created()) {
                return null;
            }
            stockChanges.publishAll(clientCode, outcome.skus(), "shipment", true);
            log.info("Shipment {} of order {} recorded from {} ({})", outcome.shipmentId(), outcome.orderId(), document.number(),
                    outcome.orderShipped() ? "order shipped" : "partial");
            return outcome.shipmentId();
        }

        private void finish() {
            finished = true;
            if (highest > cursor) {
                if (!hadCursor) {
                    jdbc.update("INSERT INTO shipment_import_cursor (client_id, last_document_id) VALUES (?, ?)", clientId, highest);
                } else {
                    jdbc.update("UPDATE shipment_import_cursor SET last_document_id = ?, updated_at = CURRENT_TIMESTAMP WHERE client_id = ?",
                            highest, clientId);
                }
            }
            health.sourcePolled(clientCode);
        }
    }

    private boolean known(long clientId, String sourceRef) {
        return !jdbc.queryForList("""
                SELECT s.id FROM shipment s JOIN sales_order o ON o.id = s.order_id WHERE o.client_id = ? AND s.source_ref = ?""",
                Long.class, clientId, sourceRef).isEmpty();
    }
}
