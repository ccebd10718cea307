package dev.kanal.fulfilment;

import dev.kanal.ops.OperatorAction;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Admin API of shipments from a shop's shipping tool (decision 0020): shipments in, and parcel
 * states. Both take a JSON array or a CSV with a header row ({@code Content-Type: text/csv}) and
 * answer one result per shipment or row; a bad row is an error in the answer, never a failed
 * upload. Operators may call both (day-to-day dispatch work, as releasing held orders).
 */
@RestController
@RequestMapping("/admin/clients/{client}/shipments")
class ShipmentAdminController {

    private static final Logger log = LoggerFactory.getLogger(ShipmentAdminController.class);
    static final int MAX_ROWS = 5000;

    private final JdbcTemplate jdbc;
    private final ShipmentImport shipments;
    private final ParcelStatusFeed parcels;
    private final ProducerTemplate producer;

    ShipmentAdminController(JdbcTemplate jdbc, TransactionTemplate tx, ShipmentRecorder recorder, ProducerTemplate producer) {
        this.jdbc = jdbc;
        this.shipments = new ShipmentImport(jdbc, recorder);
        this.parcels = new ParcelStatusFeed(jdbc, tx, Clock.systemUTC());
        this.producer = producer;
    }

    @PostMapping
    @OperatorAction("shipments.import")
    Map<String, Object> importShipments(@PathVariable String client, @RequestHeader(value = "Content-Type", required = false) String type,
                                        @RequestBody(required = false) String body) {
        List<ShipmentRows.Row> rows = rows(client, type, body);
        List<Long> recorded = new ArrayList<>();
        List<ShipmentImport.Result> results = shipments.importRows(client, rows, recorded::add);
        for (long id : recorded) {
            try {
                producer.sendBodyAndHeader("jms:queue:{{kanal.messaging.queues.shipments.name}}", String.valueOf(id), "kanalShipmentId", id);
            } catch (RuntimeException e) {
                // recorded and committed: the shipments sweep sends it within a minute or two
                log.warn("Shipment {} recorded, not yet sent to its channel: {}", id, e.getMessage());
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("recorded", results.stream().filter(r -> "recorded".equals(r.result())).count());
        answer.put("already_recorded", results.stream().filter(r -> "already recorded".equals(r.result())).count());
        answer.put("errors", results.stream().filter(r -> "error".equals(r.result())).count());
        answer.put("results", results.stream().map(r -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("rows", r.rows());
            row.put("reference", r.reference());
            row.put("result", r.result());
            row.put("shipment_id", r.shipmentId());
            row.put("reason", r.reason());
            return row;
        }).toList());
        return answer;
    }

    @PostMapping("/status")
    @OperatorAction("shipments.status")
    Map<String, Object> parcelStatus(@PathVariable String client, @RequestHeader(value = "Content-Type", required = false) String type,
                                     @RequestBody(required = false) String body) {
        List<ParcelStatusFeed.Result> results = parcels.apply(client, rows(client, type, body));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("updated", results.stream().filter(r -> "updated".equals(r.result())).count());
        answer.put("already_recorded", results.stream().filter(r -> "already recorded".equals(r.result())).count());
        answer.put("errors", results.stream().filter(r -> "error".equals(r.result())).count());
        answer.put("results", results.stream().map(r -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("row", r.row());
            row.put("key", r.key());
            row.put("result", r.result());
            row.put("reason", r.reason());
            return row;
        }).toList());
        return answer;
    }

    private List<ShipmentRows.Row> rows(String client, String type, String body) {
        if (jdbc.queryForObject("SELECT COUNT(*) FROM client WHERE code = ?", Integer.class, client) == 0) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no client " + client);
        }
        List<ShipmentRows.Row> rows;
        try {
            rows = ShipmentRows.read(type, body);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        } catch (RuntimeException e) { // a CSV quote never closed
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        if (rows.size() > MAX_ROWS) {
            throw new ResponseStatusException(HttpStatus.PAYLOAD_TOO_LARGE, "at most " + MAX_ROWS + " rows per upload");
        }
        return rows;
    }
}
