package dev.kanal.returns;

import dev.kanal.client.config.ChannelAccountConfig;
import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.connector.subiekt.ErpReturn;
import dev.kanal.connector.subiekt.SubiektGatewayClient;
import dev.kanal.inventory.RecalculationRequests;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An operator's inspection of returned units (flow 4, docs/decisions/0025): units of a return
 * waiting in AWAITING_INSPECTION (its rule said stock after inspection) are restocked (sellable
 * again: the client's sellable status, and the ERP takes them into stock with a receipt of its
 * own, since the return document did not), sent to repair or scrapped.
 *
 * <p>{@link #inspect} records the inspection under its request key (the same key again answers
 * the same inspection) with the units it takes, then applies it: the ERP's receipt first (looked
 * up by the inspection's reference before it is made), then, in one transaction, the serialized
 * units' status, recalculation of their SKUs and the inspection DONE. A return whose every unit
 * is inspected is INSPECTED. Every step is an order event.
 */
public class ReturnInspections {

    private static final Logger log = LoggerFactory.getLogger(ReturnInspections.class);

    public enum Outcome { RESTOCK, REPAIR, SCRAP }

    /** Units by serial, or by order line number and quantity; none named: every unit not inspected yet. */
    public record Unit(String serial, Integer line, Integer quantity) {
    }

    public record Request(String client, long returnId, String requestKey, String outcome, String status, String note,
                          String inspectedBy, List<Unit> units) {
        public Request {
            units = units == null ? List.of() : List.copyOf(units);
        }
    }

    /** The inspection: its id, whether this call made it, its status, the units' new status, the ERP's receipt, the return's status. */
    public record Inspected(long inspectionId, boolean created, String status, String unitStatus, String erpDocument, String returnStatus) {
    }

    /** Bad input, one message per problem (400). */
    public static class InvalidInspectionException extends RuntimeException {
        private final List<String> problems;

        InvalidInspectionException(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    /** No such return of the client (404). */
    public static class UnknownReturnException extends RuntimeException {
        UnknownReturnException(String message) {
            super(message);
        }
    }

    /** The return is not waiting for inspection (409). */
    public static class NotAwaitingInspectionException extends RuntimeException {
        NotAwaitingInspectionException(String message) {
            super(message);
        }
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ClientRegistry clients;
    private final SubiektGatewayClient gateway;
    private final Clock clock;

    public ReturnInspections(JdbcTemplate jdbc, TransactionTemplate tx, ClientRegistry clients, SubiektGatewayClient gateway, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clients = clients;
        this.gateway = gateway;
        this.clock = clock;
    }

    /** Records the inspection (or finds it by its key) and applies it. */
    public Inspected inspect(Request request) {
        long[] made = new long[2];
        tx.executeWithoutResult(s -> {
            List<Map<String, Object>> existing = jdbc.queryForList("SELECT id, return_id FROM return_inspection WHERE request_key = ?",
                    request.requestKey());
            if (!existing.isEmpty()) {
                if (((Number) existing.get(0).get("return_id")).longValue() != request.returnId()) {
                    throw new InvalidInspectionException(List.of("key: names an inspection of another return"));
                }
                made[0] = ((Number) existing.get(0).get("id")).longValue();
                return;
            }
            made[0] = record(request);
            made[1] = 1;
        });
        apply(made[0]);
        Map<String, Object> row = jdbc.queryForMap("""
                SELECT i.status, i.unit_status, i.erp_document_ref, r.status AS return_status FROM return_inspection i
                  JOIN order_return r ON r.id = i.return_id WHERE i.id = ?""", made[0]);
        return new Inspected(made[0], made[1] == 1, (String) row.get("status"), (String) row.get("unit_status"),
                (String) row.get("erp_document_ref"), (String) row.get("return_status"));
    }

    private long record(Request request) {
        ClientConfig config = clients.find(request.client()).orElseThrow(() -> new UnknownReturnException("no client " + request.client()));
        List<Map<String, Object>> found = jdbc.queryForList("""
                SELECT r.id, r.order_id, r.status FROM order_return r JOIN sales_order o ON o.id = r.order_id JOIN client c ON c.id = o.client_id
                 WHERE r.id = ? AND c.code = ?""", request.returnId(), request.client());
        if (found.isEmpty()) {
            throw new UnknownReturnException("no return " + request.returnId() + " of client " + request.client());
        }
        // one inspection of a return at a time; its status read again under the lock
        found = jdbc.queryForList("SELECT id, order_id, status FROM order_return WHERE id = ? FOR UPDATE", request.returnId());
        long orderId = ((Number) found.get(0).get("order_id")).longValue();
        if (!"AWAITING_INSPECTION".equals(found.get(0).get("status"))) {
            throw new NotAwaitingInspectionException("return " + request.returnId() + " is " + found.get(0).get("status")
                    + "; only a return in AWAITING_INSPECTION is inspected");
        }
        List<String> problems = new ArrayList<>();
        Outcome outcome = null;
        try {
            outcome = Outcome.valueOf(request.outcome() == null ? "" : request.outcome().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add("outcome: one of restock, repair, scrap");
        }
        String unitStatus = outcome == null ? null : unitStatus(config, outcome, request.status(), problems);
        // units not inspected yet, oldest first: serial rows are one unit each
        List<Map<String, Object>> open = jdbc.queryForList("""
                SELECT rl.id, rl.quantity, rl.serial, l.line_no FROM return_line rl JOIN order_line l ON l.id = rl.order_line_id
                 WHERE rl.return_id = ? AND rl.inspection_id IS NULL ORDER BY rl.id""", request.returnId());
        Map<Long, Integer> taken = new LinkedHashMap<>(); // return_line id -> units taken
        if (request.units().isEmpty()) {
            open.forEach(r -> taken.put(((Number) r.get("id")).longValue(), ((Number) r.get("quantity")).intValue()));
        }
        for (int i = 0; i < request.units().size(); i++) {
            Unit unit = request.units().get(i);
            String at = "units[" + i + "]";
            if (unit.serial() != null && !unit.serial().isBlank()) {
                Map<String, Object> row = open.stream().filter(r -> unit.serial().trim().equals(r.get("serial"))
                        && !taken.containsKey(((Number) r.get("id")).longValue())).findFirst().orElse(null);
                if (row == null) {
                    problems.add(at + ": serial " + unit.serial() + " is not a unit of this return waiting for inspection");
                } else {
                    taken.put(((Number) row.get("id")).longValue(), 1);
                }
                continue;
            }
            if (unit.line() == null || unit.quantity() == null || unit.quantity() < 1) {
                problems.add(at + ": name a unit by \"serial\", or by \"line\" (its line number) and \"quantity\" (1 or more)");
                continue;
            }
            int wanted = unit.quantity();
            for (Map<String, Object> row : open) {
                if (wanted == 0 || ((Number) row.get("line_no")).intValue() != unit.line()) {
                    continue;
                }
                long id = ((Number) row.get("id")).longValue();
                int free = ((Number) row.get("quantity")).intValue() - taken.getOrDefault(id, 0);
                int take = Math.min(free, wanted);
                if (take > 0) {
                    taken.merge(id, take, Integer::sum);
                    wanted -= take;
                }
            }
            if (wanted > 0) {
                problems.add(at + ": line " + unit.line() + " has " + (unit.quantity() - wanted)
                        + " unit(s) of this return left to inspect, " + unit.quantity() + " named");
            }
        }
        if (problems.isEmpty() && taken.isEmpty()) {
            problems.add("units: every unit of return " + request.returnId() + " is inspected already");
        }
        if (!problems.isEmpty()) {
            throw new InvalidInspectionException(problems);
        }
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.update("""
                INSERT INTO return_inspection (return_id, request_key, outcome, unit_status, status, inspected_by, note, created_at)
                VALUES (?, ?, ?, ?, 'PENDING', ?, ?, ?)""", request.returnId(), request.requestKey(), outcome.name(), unitStatus,
                Returns.truncate(request.inspectedBy(), 128), Returns.truncate(request.note(), 512), now);
        long inspectionId = jdbc.queryForObject("SELECT id FROM return_inspection WHERE request_key = ?", Long.class, request.requestKey());
        List<String> described = new ArrayList<>();
        for (Map<String, Object> row : open) {
            long id = ((Number) row.get("id")).longValue();
            Integer units = taken.get(id);
            if (units == null) {
                continue;
            }
            int quantity = ((Number) row.get("quantity")).intValue();
            if (units < quantity) { // part of a row of several units: the rest stays to inspect
                jdbc.update("UPDATE return_line SET quantity = ? WHERE id = ?", quantity - units, id);
                jdbc.update("""
                        INSERT INTO return_line (return_id, order_line_id, quantity, serial, serialized_item_id, inspection_id)
                        SELECT return_id, order_line_id, ?, serial, serialized_item_id, ? FROM return_line WHERE id = ?""", units, inspectionId, id);
            } else {
                jdbc.update("UPDATE return_line SET inspection_id = ? WHERE id = ?", inspectionId, id);
            }
            described.add(row.get("serial") != null ? "unit " + row.get("serial") : "line " + row.get("line_no") + " x" + units);
        }
        event(orderId, "RETURN_INSPECTED", "return " + request.returnId() + ", inspection " + inspectionId + ": "
                + outcome.name().toLowerCase(Locale.ROOT) + " " + String.join(", ", described) + " -> " + unitStatus
                + (request.inspectedBy() == null ? "" : " (" + request.inspectedBy() + ")")
                + (request.note() == null || request.note().isBlank() ? "" : ": " + request.note()), now);
        return inspectionId;
    }

    /**
     * The status the units get: the one asked for (a status of the client), else by outcome:
     * restock, the first of the client's statuses that one of its accounts sells from; repair,
     * {@code repair}; scrap, {@code scrap}.
     */
    private static String unitStatus(ClientConfig config, Outcome outcome, String asked, List<String> problems) {
        if (asked != null && !asked.isBlank()) {
            if (!config.inventoryStatuses().contains(asked.trim())) {
                problems.add("status: " + asked + " is not one of the client's inventory statuses " + config.inventoryStatuses());
                return null;
            }
            return asked.trim();
        }
        String status = switch (outcome) {
            case RESTOCK -> config.inventoryStatuses().stream().filter(s -> config.channelAccounts().stream()
                    .map(ChannelAccountConfig::inventoryStatuses).anyMatch(counted -> counted.contains(s))).findFirst().orElse(null);
            case REPAIR -> config.inventoryStatuses().contains("repair") ? "repair" : null;
            case SCRAP -> config.inventoryStatuses().contains("scrap") ? "scrap" : null;
        };
        if (status == null) {
            problems.add("status: the client has no " + (outcome == Outcome.RESTOCK ? "status a channel account sells from"
                    : "'" + outcome.name().toLowerCase(Locale.ROOT) + "' status") + "; name one of " + config.inventoryStatuses());
        }
        return status;
    }

    /** Applies a PENDING inspection: the ERP's receipt for restocked units, then the units and the return. */
    void apply(long inspectionId) {
        Map<String, Object> i = jdbc.queryForMap("""
                SELECT i.id, i.return_id, i.outcome, i.unit_status, i.status, i.erp_document_ref, r.order_id, r.restock,
                       r.erp_document_ref AS return_document, o.channel_order_id, c.code AS client, a.code AS account
                  FROM return_inspection i JOIN order_return r ON r.id = i.return_id JOIN sales_order o ON o.id = r.order_id
                  JOIN client c ON c.id = o.client_id JOIN channel_account a ON a.id = o.channel_account_id WHERE i.id = ?""", inspectionId);
        if ("DONE".equals(i.get("status"))) {
            return;
        }
        long returnId = ((Number) i.get("return_id")).longValue();
        long orderId = ((Number) i.get("order_id")).longValue();
        String client = (String) i.get("client");
        String document = (String) i.get("erp_document_ref");
        // the return document left the units out of stock (after inspection): a restock takes them in now
        if (document == null && "RESTOCK".equals(i.get("outcome")) && i.get("return_document") != null
                && "AFTER_INSPECTION".equals(i.get("restock"))) {
            document = erpReceipt(inspectionId, returnId, orderId, client, i);
        }
        String receipt = document;
        tx.executeWithoutResult(s -> {
            jdbc.queryForList("SELECT id FROM order_return WHERE id = ? FOR UPDATE", Long.class, returnId);
            if ("DONE".equals(jdbc.queryForObject("SELECT status FROM return_inspection WHERE id = ?", String.class, inspectionId))) {
                return;
            }
            Timestamp now = Timestamp.from(clock.instant());
            long clientId = jdbc.queryForObject("SELECT id FROM client WHERE code = ?", Long.class, client);
            String unitStatus = (String) i.get("unit_status");
            long statusId = statusId(clientId, unitStatus);
            Set<String> skus = new LinkedHashSet<>();
            List<String> moved = new ArrayList<>();
            for (Map<String, Object> unit : jdbc.queryForList("""
                    SELECT rl.serial, COALESCE(rl.serialized_item_id, si.id) AS item, COALESCE(k.code, lk.code, lvk.code) AS sku
                      FROM return_line rl JOIN order_line l ON l.id = rl.order_line_id
                      LEFT JOIN serialized_item si ON si.client_id = ? AND si.serial = rl.serial
                      LEFT JOIN serialized_item it ON it.id = COALESCE(rl.serialized_item_id, si.id)
                      LEFT JOIN variation v ON v.id = it.variation_id LEFT JOIN sku k ON k.id = v.sku_id
                      LEFT JOIN sku lk ON lk.id = l.sku_id LEFT JOIN variation lv ON lv.id = l.variation_id LEFT JOIN sku lvk ON lvk.id = lv.sku_id
                     WHERE rl.inspection_id = ? ORDER BY rl.id""", clientId, inspectionId)) {
                if (unit.get("sku") != null) {
                    skus.add((String) unit.get("sku"));
                }
                if (unit.get("item") != null) {
                    jdbc.update("UPDATE serialized_item SET inventory_status_id = ?, updated_at = ? WHERE id = ?", statusId, now,
                            ((Number) unit.get("item")).longValue());
                    moved.add(unit.get("serial") + " -> " + unitStatus);
                }
            }
            RecalculationRequests.record(jdbc, client, skus); // the ERP's receipt and a status an account counts change quantities
            jdbc.update("UPDATE return_inspection SET status = 'DONE', erp_document_ref = ?, detail = NULL, done_at = ? WHERE id = ?",
                    receipt, now, inspectionId);
            boolean allDone = jdbc.queryForObject("SELECT COUNT(*) FROM return_line WHERE return_id = ? AND inspection_id IS NULL",
                    Integer.class, returnId) == 0;
            if (allDone) {
                jdbc.update("UPDATE order_return SET status = 'INSPECTED' WHERE id = ?", returnId);
            }
            String detail = "return " + returnId + ", inspection " + inspectionId + ": "
                    + (moved.isEmpty() ? "no tracked unit" : String.join(", ", moved))
                    + (receipt == null ? "" : "; ERP " + receipt + " took the units into stock")
                    + (allDone ? "; every unit inspected" : "");
            event(orderId, "RETURN_INSPECTION_APPLIED", detail, now);
            log.info("Inspection {} of return {} (order {}) applied: {}", inspectionId, returnId, orderId, detail);
        });
    }

    private String erpReceipt(long inspectionId, long returnId, long orderId, String client, Map<String, Object> i) {
        List<Map<String, Object>> units = jdbc.queryForList("""
                SELECT COALESCE(k.code, vk.code) AS sku, rl.quantity, rl.serial FROM return_line rl JOIN order_line l ON l.id = rl.order_line_id
                  LEFT JOIN sku k ON k.id = l.sku_id LEFT JOIN variation v ON v.id = l.variation_id LEFT JOIN sku vk ON vk.id = v.sku_id
                 WHERE rl.inspection_id = ? ORDER BY rl.id""", inspectionId);
        Map<String, Integer> quantities = new LinkedHashMap<>();
        Map<String, List<String>> serials = new LinkedHashMap<>();
        for (Map<String, Object> unit : units) {
            String sku = (String) unit.get("sku");
            quantities.merge(sku, ((Number) unit.get("quantity")).intValue(), Integer::sum);
            if (unit.get("serial") != null) {
                serials.computeIfAbsent(sku, x -> new ArrayList<>()).add((String) unit.get("serial"));
            }
        }
        List<ErpReturn.Line> lines = quantities.entrySet().stream().map(e -> new ErpReturn.Line(e.getKey(), e.getValue(),
                serials.get(e.getKey()))).toList();
        String reference = i.get("account") + ":" + i.get("channel_order_id") + ":return-" + returnId + ":inspection-" + inspectionId;
        jdbc.update("UPDATE return_inspection SET erp_attempts = erp_attempts + 1 WHERE id = ?", inspectionId); // committed before the call
        String document;
        try {
            document = gateway.restockReturn(clients.require(client).source(), client, (String) i.get("return_document"), reference, lines);
        } catch (RuntimeException failed) {
            jdbc.update("UPDATE return_inspection SET detail = ? WHERE id = ?",
                    Returns.truncate("the ERP's receipt failed: " + failed.getMessage(), 1024), inspectionId);
            throw failed;
        }
        jdbc.update("UPDATE return_inspection SET erp_document_ref = ? WHERE id = ?", document, inspectionId);
        event(orderId, "RETURN_ERP_RESTOCK", "return " + returnId + ", inspection " + inspectionId + ": " + document + " from "
                + i.get("return_document"), Timestamp.from(clock.instant()));
        return document;
    }

    private long statusId(long clientId, String code) {
        List<Long> ids = jdbc.queryForList("SELECT id FROM inventory_status WHERE client_id = ? AND code = ?", Long.class, clientId, code);
        if (!ids.isEmpty()) {
            return ids.get(0);
        }
        jdbc.update("INSERT INTO inventory_status (client_id, code, name) VALUES (?, ?, ?)", clientId, code, code);
        return jdbc.queryForObject("SELECT id FROM inventory_status WHERE client_id = ? AND code = ?", Long.class, clientId, code);
    }

    private void event(long orderId, String type, String detail, Timestamp at) {
        jdbc.update("INSERT INTO order_event (order_id, type, detail, created_at) VALUES (?, ?, ?, ?)", orderId, type,
                Returns.truncate(detail, 1024), at);
    }
}
