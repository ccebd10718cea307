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
import dev.kanal.support.DocumentCursor;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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
 * are no-ops), recorded by {@link ShipmentRecorder} a group per transaction, then the cursor
 * moved on. Answers the shipments recorded now, for the route to hand to {@code kanal.shipments}.
 */
public class ShipmentPoller {

    private static final Logger log = LoggerFactory.getLogger(ShipmentPoller.class);
    static final long MARGIN = 50;
    /**
     * Documents per read of the ERP, one group's worth: a read is cheap, and a document waits from
     * its read to its commit only for its own group (with 100 a read, the last group of a burst
     * waited for three others: p99 1.05 s from read to commit under load, ShipmentsBenchmark).
     */
    static final int BATCH = 25;
    /** Documents recorded per transaction. */
    static final int GROUP = 25;

    private final JdbcTemplate jdbc;
    /** Where this poll got to per client. */
    private final DocumentCursor documents;
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
        this.documents = new DocumentCursor(jdbc, "shipment_import_cursor");
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
     * One poll, a group at a time: each read of the ERP returns up to {@value #BATCH} documents,
     * recorded in groups of up to {@value #GROUP} per transaction ({@link ShipmentRecorder#recordAll});
     * the iterator answers a group's new shipment ids as soon as that group is committed, so the
     * route hands shipments to their channel while the rest of the burst is still being recorded,
     * and a full read is followed by the next one at once, so a burst is worked off in one poll.
     * The cursor moves once the poll read everything; a poll that fails half-way leaves it, and
     * the next poll skips what was recorded (and the shipments sweep sends any recorded shipment
     * whose message was lost). The outcome goes to the client's source health, as the stock
     * poll's does (both read the same ERP).
     */
    public Iterator<Long> recordEach(String clientCode) {
        try {
            return new Poll(clientCode);
        } catch (RuntimeException e) {
            health.sourcePollFailed(clientCode, FailureClassifier.classify(e, null));
            throw e;
        }
    }

    /** The documents of one poll, read batch by batch and recorded group by group as their ids are asked for. */
    private final class Poll implements Iterator<Long> {

        private final String clientCode;
        private final long clientId;
        private final long cursor;
        private final DataSource erp;
        private long highest;
        private List<ErpShipment> batch = List.of();
        private int position;
        private Instant readAt;
        private boolean batchWasFull;
        private final Deque<Long> recorded = new ArrayDeque<>();
        private boolean finished;

        Poll(String clientCode) {
            this.clientCode = clientCode;
            ClientConfig client = clients.require(clientCode);
            this.clientId = jdbc.queryForObject("SELECT id FROM client WHERE code = ?", Long.class, clientCode);
            this.cursor = documents.position(clientId);
            this.highest = cursor;
            this.erp = sources.of(clientCode, client.source());
            readBatch(Math.max(0, cursor - MARGIN));
        }

        private void readBatch(long fromId) {
            batch = reader.readSince(erp, fromId, BATCH);
            readAt = Instant.now(); // the documents are Kanal's to carry from here on
            position = 0;
            batchWasFull = batch.size() >= BATCH;
        }

        @Override
        public boolean hasNext() {
            try {
                while (recorded.isEmpty() && !finished) {
                    if (position >= batch.size()) {
                        if (batchWasFull) {
                            readBatch(highest);
                            continue;
                        }
                        finish();
                        break;
                    }
                    recordGroup();
                }
                return !recorded.isEmpty();
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
            return recorded.removeFirst();
        }

        /** The next group of the read's new documents, in one transaction (one by one if the group fails). */
        private void recordGroup() {
            List<ShipmentRecorder.Report> group = new ArrayList<>(GROUP);
            while (position < batch.size() && group.size() < GROUP) {
                ErpShipment document = batch.get(position++);
                highest = Math.max(highest, document.documentId());
                if (document.documentId() <= cursor && known(clientId, document.number())) {
                    continue; // the re-read margin: recorded by an earlier poll
                }
                group.add(report(document));
            }
            if (group.isEmpty()) {
                return;
            }
            ShipmentRecorder.ErpStock erpStock = skus -> stockReader.readStock(erp, skus);
            ShipmentRecorder.Group outcome;
            try {
                outcome = recorder.recordAll(group, readAt, erpStock);
            } catch (RuntimeException e) {
                if (group.size() == 1) {
                    throw e;
                }
                log.warn("Recording {} shipments of {} together failed ({}); recording them one by one", group.size(), clientCode,
                        e.toString());
                for (ShipmentRecorder.Report report : group) {
                    handOn(List.of(report), recorder.recordAll(List.of(report), readAt, erpStock));
                }
                return;
            }
            handOn(group, outcome);
        }

        private void handOn(List<ShipmentRecorder.Report> group, ShipmentRecorder.Group outcome) {
            stockChanges.publishAll(clientCode, outcome.skus(), "shipment", true);
            for (int i = 0; i < group.size(); i++) {
                ShipmentRecorder.Outcome each = outcome.outcomes().get(i);
                if (each.created()) {
                    log.info("Shipment {} of order {} recorded from {} ({})", each.shipmentId(), each.orderId(),
                            group.get(i).sourceRef(), each.orderShipped() ? "order shipped" : "partial");
                    recorded.add(each.shipmentId());
                }
            }
        }

        private ShipmentRecorder.Report report(ErpShipment document) {
            return new ShipmentRecorder.Report(clientCode, ShipmentRecorder.ERP, document.number(), document.orderRef(),
                    document.reference(), document.carrier(), document.trackingNumber(), document.trackingUrl(), document.issuedAt(),
                    document.lines().stream().map(l -> new ShipmentRecorder.Line(l.sku(), l.quantity(), l.serials())).toList());
        }

        private void finish() {
            finished = true;
            documents.advanceTo(clientId, highest);
            health.sourcePolled(clientCode);
        }
    }

    private boolean known(long clientId, String sourceRef) {
        return !jdbc.queryForList("""
                SELECT s.id FROM shipment s JOIN sales_order o ON o.id = s.order_id WHERE o.client_id = ? AND s.source_ref = ?""",
                Long.class, clientId, sourceRef).isEmpty();
    }
}
