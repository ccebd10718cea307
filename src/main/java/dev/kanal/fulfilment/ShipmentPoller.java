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

    /** One poll; its outcome goes to the client's source health, as the stock poll's does (both read the same ERP). */
    public List<Long> poll(String clientCode) {
        try {
            List<Long> recorded = pollOnce(clientCode);
            health.sourcePolled(clientCode);
            return recorded;
        } catch (RuntimeException e) {
            health.sourcePollFailed(clientCode, FailureClassifier.classify(e, null));
            throw e;
        }
    }

    private List<Long> pollOnce(String clientCode) {
        ClientConfig client = clients.require(clientCode);
        long clientId = jdbc.queryForObject("SELECT id FROM client WHERE code = ?", Long.class, clientCode);
        List<Long> cursors = jdbc.queryForList("SELECT last_document_id FROM shipment_import_cursor WHERE client_id = ?",
                Long.class, clientId);
        long cursor = cursors.isEmpty() ? 0 : cursors.get(0);
        DataSource erp = sources.of(clientCode, client.source());
        List<ErpShipment> documents = reader.readSince(erp, Math.max(0, cursor - MARGIN), BATCH);
        List<Long> recorded = new ArrayList<>();
        long highest = cursor;
        for (ErpShipment document : documents) {
            highest = Math.max(highest, document.documentId());
            if (document.documentId() <= cursor && known(clientId, document.number())) {
                continue;
            }
            ShipmentRecorder.Outcome outcome = recorder.record(new ShipmentRecorder.Report(clientCode, "ERP", document.number(),
                    document.orderRef(), document.reference(), document.carrier(), document.trackingNumber(), document.trackingUrl(),
                    document.issuedAt(), document.lines().stream()
                    .map(l -> new ShipmentRecorder.Line(l.sku(), l.quantity(), l.serials())).toList()),
                    skus -> stockReader.readStock(erp, skus));
            if (outcome.created()) {
                recorded.add(outcome.shipmentId());
                stockChanges.publishAll(clientCode, outcome.skus(), "shipment", true);
                log.info("Shipment {} of order {} recorded from {} ({})", outcome.shipmentId(), outcome.orderId(), document.number(),
                        outcome.orderShipped() ? "order shipped" : "partial");
            }
        }
        if (highest > cursor) {
            if (cursors.isEmpty()) {
                jdbc.update("INSERT INTO shipment_import_cursor (client_id, last_document_id) VALUES (?, ?)", clientId, highest);
            } else {
                jdbc.update("UPDATE shipment_import_cursor SET last_document_id = ?, updated_at = CURRENT_TIMESTAMP WHERE client_id = ?",
                        highest, clientId);
            }
        }
        return recorded;
    }

    private boolean known(long clientId, String sourceRef) {
        return !jdbc.queryForList("""
                SELECT s.id FROM shipment s JOIN sales_order o ON o.id = s.order_id WHERE o.client_id = ? AND s.source_ref = ?""",
                Long.class, clientId, sourceRef).isEmpty();
    }
}
