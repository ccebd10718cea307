package dev.kanal.fulfilment;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Shipments from a shop's shipping tool (POST /admin/clients/{c}/shipments, decision 0020):
 * each recorded by {@link ShipmentRecorder} as source ADMIN, keyed by the parcel id (or the
 * tracking number), so an upload sent twice records nothing twice. JSON: one object per shipment
 * with its {@code lines}. CSV: one row per shipped line; rows with the same reference and parcel
 * id (or tracking) are one shipment. No lines: every unit the order has not shipped yet.
 */
class ShipmentImport {

    /** CSV columns (header names, any order); JSON uses the same names and {@code lines: [{sku, quantity, serials[]}]}. */
    static final List<String> CSV_COLUMNS = List.of("reference", "carrier", "tracking", "tracking_url", "parcel_id", "shipped_at",
            "sku", "quantity", "serials");

    /** One shipment's outcome: {@code result} is recorded, already recorded or error (with {@code reason}). */
    record Result(List<String> rows, String reference, String result, Long shipmentId, String reason) {
    }

    private final JdbcTemplate jdbc;
    private final ShipmentRecorder recorder;

    ShipmentImport(JdbcTemplate jdbc, ShipmentRecorder recorder) {
        this.jdbc = jdbc;
        this.recorder = recorder;
    }

    /** @param recorded called with each shipment recorded now, after its commit (to send it to its channel) */
    List<Result> importRows(String client, List<ShipmentRows.Row> rows, LongConsumer recorded) {
        Map<String, List<ShipmentRows.Row>> shipments = new LinkedHashMap<>();
        List<Result> results = new ArrayList<>();
        for (ShipmentRows.Row row : rows) {
            if (row.error() != null) {
                results.add(new Result(List.of(row.where()), row.get("reference"), "error", null, row.error()));
                continue;
            }
            String key = row.lines() != null || row.where().startsWith("row ") ? row.where()
                    : row.get("reference") + "\u0000" + (row.get("parcel_id") != null ? row.get("parcel_id") : row.get("tracking"));
            shipments.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
        }
        for (List<ShipmentRows.Row> group : shipments.values()) {
            List<String> where = group.stream().map(ShipmentRows.Row::where).toList();
            ShipmentRows.Row first = group.get(0);
            try {
                ShipmentRecorder.Report report = report(client, group);
                ShipmentRecorder.Outcome outcome = recorder.record(report);
                if (outcome.shipmentId() == null) {
                    results.add(new Result(where, first.get("reference"), "error", null, "no order " + first.get("reference")));
                } else if (!outcome.created()) {
                    results.add(new Result(where, first.get("reference"), "already recorded", outcome.shipmentId(), null));
                } else {
                    recorded.accept(outcome.shipmentId());
                    results.add(new Result(where, first.get("reference"), "recorded", outcome.shipmentId(), null));
                }
            } catch (IllegalArgumentException e) {
                results.add(new Result(where, first.get("reference"), "error", null, e.getMessage()));
            }
        }
        return results;
    }

    private ShipmentRecorder.Report report(String client, List<ShipmentRows.Row> group) {
        ShipmentRows.Row first = group.get(0);
        String reference = require(first, "reference");
        String carrier = require(first, "carrier");
        String tracking = first.get("tracking");
        String parcel = first.get("parcel_id") != null ? first.get("parcel_id") : tracking;
        if (parcel == null) {
            throw new IllegalArgumentException("tracking or parcel_id is required (it keys the shipment)");
        }
        if (parcel.length() > 128 || carrier.length() > 64 || tracking != null && tracking.length() > 128) {
            throw new IllegalArgumentException("parcel_id/tracking longer than 128 or carrier longer than 64 characters");
        }
        String url = first.get("tracking_url");
        if (url != null && (url.length() > 512 || !url.startsWith("https://") && !url.startsWith("http://"))) {
            throw new IllegalArgumentException("tracking_url must be an http(s) URL of at most 512 characters");
        }
        Instant shippedAt = null;
        if (first.get("shipped_at") != null) {
            try {
                shippedAt = Instant.parse(first.get("shipped_at"));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("shipped_at is not an ISO-8601 instant (e.g. 2026-05-04T10:15:30Z)");
            }
        }
        List<ShipmentRecorder.Line> lines = new ArrayList<>();
        for (ShipmentRows.Row row : group) {
            if (row.lines() != null) {
                for (JsonNode line : row.lines()) {
                    List<String> serials = new ArrayList<>();
                    line.path("serials").forEach(s -> serials.add(s.asText()));
                    lines.add(line(line.path("sku").asText(null), line.path("quantity").isMissingNode() ? null
                            : line.path("quantity").asText(), serials));
                }
            } else if (row.get("sku") != null) {
                lines.add(line(row.get("sku"), row.get("quantity"), row.get("serials") == null ? List.of()
                        : Arrays.stream(row.get("serials").split("[|\\s]+")).filter(s -> !s.isBlank()).toList()));
            }
        }
        String orderRef = null;
        if (!reference.contains(":")) {
            List<String> found = jdbc.queryForList("""
                    SELECT a.code || ':' || o.channel_order_id FROM sales_order o JOIN channel_account a ON a.id = o.channel_account_id
                      JOIN client c ON c.id = o.client_id WHERE c.code = ? AND CAST(o.id AS VARCHAR(20)) = ?""", String.class, client, reference);
            if (found.isEmpty()) {
                throw new IllegalArgumentException("no order " + reference + " (reference is <account>:<channel order id> or Kanal's order id)");
            }
            reference = found.get(0);
        }
        return new ShipmentRecorder.Report(client, ShipmentRecorder.ADMIN, parcel, orderRef, reference, carrier, tracking, url, shippedAt, lines);
    }

    private static ShipmentRecorder.Line line(String sku, String quantity, List<String> serials) {
        if (sku == null || sku.isBlank()) {
            throw new IllegalArgumentException("a line without sku");
        }
        int units;
        try {
            units = quantity == null || quantity.isBlank() ? Math.max(1, serials.size()) : Integer.parseInt(quantity.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("quantity of " + sku + " is not a whole number: " + quantity);
        }
        if (units <= 0 || units > 10_000) {
            throw new IllegalArgumentException("quantity of " + sku + " must be between 1 and 10000");
        }
        if (serials.size() > units || serials.stream().anyMatch(s -> s.length() > 64 || s.contains(","))) {
            throw new IllegalArgumentException("serials of " + sku + ": at most one per unit, each up to 64 characters, no commas");
        }
        return new ShipmentRecorder.Line(sku.trim(), units, serials.stream().map(String::trim).toList());
    }

    private static String require(ShipmentRows.Row row, String field) {
        String value = row.get(field);
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }
}
