package dev.kanal.returns;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.connector.subiekt.SubiektGatewayException;
import dev.kanal.ops.OperatorAction;
import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.ExceptionHandler;
import dev.kanal.client.config.ClientRegistry;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admin API of a client's returns (behind login). {@code GET /admin/clients/{c}/returns?status=}
 * lists returns (newest first, at most 200; {@code status} one of OPEN, AWAITING_INSPECTION,
 * RESTOCKED, INSPECTED) with their units. {@code POST .../returns/{id}/inspection} with
 * {@code {"outcome":"restock"|"repair"|"scrap","units":[{"serial":".."}|{"line":N,"quantity":n}],
 * "status"?,"note"?,"key"?}} inspects units of a return waiting for it ({@link ReturnInspections}):
 * 200 with the inspection; the same key again answers the same inspection. 400 lists every bad
 * field, 404 an unknown return, 409 a return not waiting for inspection, 422 an ERP refusal of
 * the receipt, 503 an ERP gateway that failed (the same key again retries).
 */
@RestController
@RequestMapping("/admin/clients/{client}/returns")
class ReturnAdminController {

    private static final Set<String> STATUSES = Set.of("OPEN", "AWAITING_INSPECTION", "RESTOCKED", "INSPECTED");

    private final JdbcTemplate jdbc;
    private final ReturnInspections inspections;
    private final ClientRegistry clients;

    ReturnAdminController(JdbcTemplate jdbc, ReturnInspections inspections, ClientRegistry clients) {
        this.jdbc = jdbc;
        this.inspections = inspections;
        this.clients = clients;
    }

    @GetMapping
    ResponseEntity<Map<String, Object>> list(@PathVariable String client, @RequestParam(name = "status", required = false) String status) {
        clients.require(client); // an unknown client is a 404, as on every admin path
        if (status != null && !STATUSES.contains(status)) {
            return ResponseEntity.badRequest().body(Map.of("error", "status must be one of " + STATUSES.stream().sorted().toList()));
        }
        List<Map<String, Object>> returns = jdbc.queryForList("""
                SELECT r.id, r.order_id, o.channel_order_id, a.code AS account, r.return_key, r.origin, r.reason, r.channel_reason,
                       r.unit_status, r.restock, r.status, r.erp_document_ref, r.received_at, r.applied_at
                  FROM order_return r JOIN sales_order o ON o.id = r.order_id JOIN client c ON c.id = o.client_id
                  JOIN channel_account a ON a.id = o.channel_account_id
                 WHERE c.code = ? AND (CAST(? AS VARCHAR(32)) IS NULL OR r.status = ?) ORDER BY r.id DESC FETCH FIRST 200 ROWS ONLY""",
                client, status, status);
        for (Map<String, Object> r : returns) {
            r.put("units", jdbc.queryForList("""
                    SELECT l.line_no AS line, rl.quantity, rl.serial, i.outcome, i.unit_status AS inspected_to
                      FROM return_line rl JOIN order_line l ON l.id = rl.order_line_id
                      LEFT JOIN return_inspection i ON i.id = rl.inspection_id WHERE rl.return_id = ? ORDER BY rl.id""", r.get("id")));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("returns", returns);
        return ResponseEntity.ok(answer);
    }

    @PostMapping("/{returnId}/inspection")
    @OperatorAction("returns.inspect")
    ResponseEntity<Map<String, Object>> inspect(@PathVariable String client, @PathVariable long returnId,
            @RequestBody(required = false) JsonNode body, Principal who) {
        clients.require(client);
        if (body == null || !body.isObject()) {
            throw new ReturnInspections.InvalidInspectionException(List.of("body: a JSON object with outcome and units expected"));
        }
        List<String> problems = new ArrayList<>();
        List<ReturnInspections.Unit> units = new ArrayList<>();
        JsonNode given = body.path("units");
        if (!given.isMissingNode() && !given.isNull() && !given.isArray()) {
            problems.add("units: a list of {\"serial\": ...} or {\"line\": N, \"quantity\": n}");
        }
        for (int i = 0; given.isArray() && i < given.size(); i++) {
            JsonNode unit = given.get(i);
            if (unit.hasNonNull("serial")) {
                units.add(new ReturnInspections.Unit(unit.get("serial").asText(), null, null));
            } else if (unit.path("line").isIntegralNumber() && unit.path("quantity").isIntegralNumber()) {
                units.add(new ReturnInspections.Unit(null, unit.get("line").asInt(), unit.get("quantity").asInt()));
            } else {
                problems.add("units[" + i + "]: name a unit by \"serial\", or by \"line\" (its line number) and \"quantity\" (whole numbers)");
            }
        }
        if (!body.path("outcome").isTextual()) {
            problems.add("outcome: one of restock, repair, scrap");
        }
        if (!problems.isEmpty()) {
            throw new ReturnInspections.InvalidInspectionException(problems);
        }
        String key = body.path("key").asText("").isBlank() ? "admin:" + UUID.randomUUID() : "admin:" + body.path("key").asText().trim();
        ReturnInspections.Inspected done = inspections.inspect(new ReturnInspections.Request(client, returnId, key,
                body.path("outcome").asText(), body.path("status").asText(null), body.path("note").asText(null),
                who == null ? null : who.getName(), units));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("inspectionId", done.inspectionId());
        answer.put("key", key);
        answer.put("created", done.created());
        answer.put("status", done.status());
        answer.put("unitStatus", done.unitStatus());
        answer.put("erpDocument", done.erpDocument());
        answer.put("returnStatus", done.returnStatus());
        return ResponseEntity.ok(answer);
    }

    @ExceptionHandler(ReturnInspections.InvalidInspectionException.class)
    ResponseEntity<Map<String, Object>> invalid(ReturnInspections.InvalidInspectionException e) {
        return ResponseEntity.badRequest().body(Map.of("error", "inspection not accepted", "problems", e.problems()));
    }

    @ExceptionHandler({ReturnInspections.UnknownReturnException.class, dev.kanal.client.config.UnknownClientException.class})
    ResponseEntity<Map<String, Object>> notFound(RuntimeException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(ReturnInspections.NotAwaitingInspectionException.class)
    ResponseEntity<Map<String, Object>> conflict(ReturnInspections.NotAwaitingInspectionException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(SubiektGatewayException.class)
    ResponseEntity<Map<String, Object>> erpRefused(SubiektGatewayException e) {
        return ResponseEntity.unprocessableEntity().body(Map.of("error", "the ERP refused the receipt: " + e.getMessage()));
    }

    @ExceptionHandler(dev.kanal.connector.subiekt.SubiektGatewayUnavailableException.class)
    ResponseEntity<Map<String, Object>> erpDown(RuntimeException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("error",
                "the ERP gateway failed; send the same key again to retry: " + e.getMessage()));
    }
}
