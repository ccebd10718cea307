package dev.kanal.inventory.serialized;

import dev.kanal.ops.OperatorAction;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admin API for serialized items (behind the console login; HTTP Basic for scripts).
 *
 * <pre>
 * POST /admin/clients/{client}/serialized-items   text/csv (the drop-folder format) or a JSON array of rows
 *      200 ImportReport: counts, problems by line (CSV: file line; JSON: array index), changed SKUs
 *      400 body unreadable (no header, a missing column, a quote never closed, bad JSON)
 *      404 unknown client
 * GET  /admin/clients/{client}/serialized-items/{serial}
 *      200 the item with its variation, SKU, warehouse and inventory status; 404 unknown client or serial
 * </pre>
 */
@RestController
@RequestMapping("/admin/clients/{client}/serialized-items")
class SerializedItemController {

    private static final String TEXT_CSV = "text/csv";

    private final SerializedImporter importer;
    private final SerializedItemLookup lookup;
    private final SerializedCsvParser parser = new SerializedCsvParser();

    SerializedItemController(SerializedImporter importer, SerializedItemLookup lookup) {
        this.importer = importer;
        this.lookup = lookup;
    }

    /** A CSV body without a charset is read as UTF-8 (HTTP's ISO-8859-1 default would garble names). */
    @PostMapping(consumes = TEXT_CSV)
    @OperatorAction("serialized-items.import")
    ResponseEntity<ImportReport> importCsv(@PathVariable String client, @RequestBody byte[] body,
            @RequestHeader HttpHeaders headers) {
        MediaType contentType = headers.getContentType();
        Charset charset = contentType != null && contentType.getCharset() != null
                ? contentType.getCharset() : StandardCharsets.UTF_8;
        SerializedCsvParser.ParsedCsv csv = parser.parse(new String(body, charset));
        ImportReport report = importer.importRows(client, csv.rows()).withProblems(csv.problems());
        ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
        if (!csv.ignoredColumns().isEmpty()) {
            ok.header("Kanal-Ignored-Columns", String.join(",", csv.ignoredColumns()));
        }
        return ok.body(report);
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @OperatorAction("serialized-items.import")
    ImportReport importJson(@PathVariable String client, @RequestBody List<SerializedItemRow> body) {
        List<SerializedItemRow> rows = new ArrayList<>();
        List<RowProblem> unreadable = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            if (body.get(i) == null) {
                unreadable.add(new RowProblem(i, null, "null instead of an item"));
            } else {
                rows.add(body.get(i).withLine(i));
            }
        }
        return importer.importRows(client, rows).withProblems(unreadable);
    }

    @GetMapping("/{serial}")
    ResponseEntity<?> get(@PathVariable String client, @PathVariable String serial) {
        return lookup.find(client, serial)
                .<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> error(HttpStatus.NOT_FOUND,
                        "client '" + client + "' has no serialized item '" + serial + "'"));
    }

    @ExceptionHandler(UnknownClientException.class)
    ResponseEntity<Map<String, String>> unknownClient(UnknownClientException e) {
        return error(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(CsvFormatException.class)
    ResponseEntity<Map<String, String>> unreadableCsv(CsvFormatException e) {
        return error(HttpStatus.BAD_REQUEST, "unreadable CSV: " + e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, String>> unreadableJson(HttpMessageNotReadableException e) {
        // the parser's own message names the position; Spring's wrapper adds nothing a caller needs
        Throwable cause = e.getMostSpecificCause();
        return error(HttpStatus.BAD_REQUEST, "unreadable body: " + firstLine(cause.getMessage()));
    }

    private static ResponseEntity<Map<String, String>> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(Map.of("error", message));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no details";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
