package dev.kanal.inventory.serialized;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The drop-folder step of routes/flows/serialized-import.camel.yaml: imports one CSV file found
 * at {@code inbox/serialized/<client>/<name>.csv} and says what became of it.
 *
 * <p>The client is the file's folder. A file is {@code failed} when nothing in it could be
 * imported: unknown client, no client folder, unreadable CSV, every row bad, or an unexpected
 * error; it is {@code done} otherwise, bad rows included, which its report lists.
 */
@Component("serializedImportFiles")
public class SerializedImportFiles {

    /** What became of one file: the route archives it in {@code .done/} or {@code .failed/} with this beside it. */
    public record FileReport(
            String file,
            String client,
            Instant importedAt,
            Outcome outcome,
            String error,
            List<String> ignoredColumns,
            ImportReport report) {
    }

    public enum Outcome {
        DONE, FAILED;

        /** The archive folder's name: {@code .done}, {@code .failed}. */
        public String folder() {
            return "." + name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(SerializedImportFiles.class);

    private final SerializedImporter importer;
    private final SerializedCsvParser parser = new SerializedCsvParser();
    private final ObjectMapper json;

    public SerializedImportFiles(SerializedImporter importer, ObjectMapper json) {
        this.importer = importer;
        this.json = json.copy().enable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    /**
     * @param relativePath the file's path below the inbox folder, {@code <client>/<name>.csv}
     * @param csv          the file's content
     */
    public FileReport importFile(String relativePath, String csv) {
        String path = relativePath.replace('\\', '/');
        Instant now = Instant.now();
        int slash = path.indexOf('/');
        if (slash <= 0 || path.indexOf('/', slash + 1) >= 0) {
            return failed(path, null, now, List.of(), null,
                    "put the file in a folder named after the client: inbox/serialized/<client>/" + fileName(path));
        }
        String client = path.substring(0, slash);
        SerializedCsvParser.ParsedCsv parsed;
        try {
            parsed = parser.parse(csv);
        } catch (CsvFormatException e) {
            return failed(path, client, now, List.of(), null, "unreadable CSV: " + e.getMessage());
        }
        ImportReport report;
        try {
            report = importer.importRows(client, parsed.rows()).withProblems(parsed.problems());
        } catch (UnknownClientException e) {
            return failed(path, client, now, parsed.ignoredColumns(), null,
                    e.getMessage() + ": the folder name must be a client code");
        } catch (RuntimeException e) {
            // the import rolled back; the file is kept in .failed with the error for a person to retry
            log.error("Serialized import of {} failed", path, e);
            return failed(path, client, now, parsed.ignoredColumns(), null, "import failed, nothing imported: " + e);
        }
        if (report.accepted() == 0 && !report.problems().isEmpty()) {
            return failed(path, client, now, parsed.ignoredColumns(), report, "no row could be imported");
        }
        return new FileReport(path, client, now, Outcome.DONE, null, parsed.ignoredColumns(), report);
    }

    /** The report as a person reads it: indented JSON. */
    public String toJson(FileReport report) throws JsonProcessingException {
        return json.writeValueAsString(report);
    }

    private static FileReport failed(String path, String client, Instant at, List<String> ignoredColumns,
            ImportReport report, String error) {
        log.warn("Serialized import of {} failed: {}", path, error);
        return new FileReport(path, client, at, Outcome.FAILED, error, ignoredColumns, report);
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
