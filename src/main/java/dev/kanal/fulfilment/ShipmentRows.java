package dev.kanal.fulfilment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.inventory.serialized.SerializedCsvParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rows of an admin shipments or parcel-status upload, JSON (an array of objects) or CSV (a
 * header row naming the columns, one row per shipped line): each row as a field map with where it
 * came from (the JSON index from 0, or the CSV line), or the reason it cannot be read.
 */
final class ShipmentRows {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One row: {@code where} is "row 3" or "line 4"; {@code error} is set when the row could not be read. */
    record Row(String where, Map<String, String> fields, JsonNode lines, String error) {
        String get(String name) {
            String value = fields.get(name);
            return value == null || value.isBlank() ? null : value.trim();
        }
    }

    private ShipmentRows() {
    }

    static List<Row> read(String contentType, String body) {
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("empty body: send a JSON array or a CSV with a header row");
        }
        boolean csv = contentType != null && contentType.toLowerCase(Locale.ROOT).contains("csv");
        return csv ? csv(body) : json(body);
    }

    private static List<Row> json(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!root.isArray()) {
            throw new IllegalArgumentException("expected a JSON array of rows");
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode node = root.get(i);
            if (!node.isObject()) {
                rows.add(new Row("row " + i, Map.of(), null, "not an object"));
                continue;
            }
            Map<String, String> fields = new HashMap<>();
            node.fields().forEachRemaining(e -> {
                if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                    fields.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asText());
                }
            });
            JsonNode lines = node.get("lines");
            String error = lines != null && !lines.isNull() && !lines.isArray() ? "lines must be an array" : null;
            rows.add(new Row("row " + i, fields, lines == null || lines.isNull() ? null : lines, error));
        }
        return rows;
    }

    private static List<Row> csv(String body) {
        List<SerializedCsvParser.CsvRecord> records = new SerializedCsvParser.Tokenizer(body, SerializedCsvParser.delimiterOf(body)).records()
                .stream().filter(r -> !r.isBlank()).toList();
        if (records.isEmpty()) {
            throw new IllegalArgumentException("no header row");
        }
        List<String> header = records.get(0).fields().stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
        List<Row> rows = new ArrayList<>();
        for (SerializedCsvParser.CsvRecord record : records.subList(1, records.size())) {
            Map<String, String> fields = new HashMap<>();
            for (int i = 0; i < Math.min(header.size(), record.fields().size()); i++) {
                fields.put(header.get(i), record.fields().get(i));
            }
            String error = record.error() != null ? record.error()
                    : record.fields().size() > header.size() ? "more values than the header has columns" : null;
            rows.add(new Row("line " + record.line(), fields, null, error));
        }
        return rows;
    }
}
