package dev.kanal.inventory.serialized;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads serialized items from CSV (RFC 4180: quoted fields may hold delimiters, line breaks and
 * doubled quotes).
 *
 * <p>The first non-blank line is the header. Column names are matched case-insensitively, with
 * spaces and dashes read as underscores, in any order; unknown columns are ignored (and listed):
 * <pre>
 * serial (or imei)                  required  IMEI or serial number
 * kind                              optional  imei | serial; blank: 15 digits means IMEI
 * product_code (or product)         required
 * product_name                      optional  names a product created by the row
 * sku                               required
 * grade                             required
 * conditions                        optional  separated by | or ;
 * warehouse (or warehouse_code)     required
 * inventory_status (or status)      required
 * </pre>
 * The delimiter is the one the header uses most among {@code ,}, {@code ;} and tab (spreadsheets
 * in many locales save with {@code ;}). Blank lines are skipped; values are trimmed.
 *
 * <p>A record that cannot be read (wrong number of values, text after a closing quote) becomes a
 * {@link RowProblem}; the rest of the file is still read. Only a file without a usable header,
 * or with a quote that is never closed, is unreadable as a whole ({@link CsvFormatException}).
 */
public final class SerializedCsvParser {

    /** The result: rows to import, and records that could not be read. */
    public record ParsedCsv(List<SerializedItemRow> rows, List<RowProblem> problems, List<String> ignoredColumns) {
        public ParsedCsv {
            rows = List.copyOf(rows);
            problems = List.copyOf(problems);
            ignoredColumns = List.copyOf(ignoredColumns);
        }
    }

    enum Column {
        SERIAL(true, "serial", "imei", "serial_number"),
        KIND(false, "kind", "serial_kind"),
        PRODUCT_CODE(true, "product_code", "product"),
        PRODUCT_NAME(false, "product_name"),
        SKU(true, "sku"),
        GRADE(true, "grade"),
        CONDITIONS(false, "conditions", "condition"),
        WAREHOUSE(true, "warehouse", "warehouse_code"),
        INVENTORY_STATUS(true, "inventory_status", "status");

        final boolean required;
        final List<String> names;

        Column(boolean required, String... names) {
            this.required = required;
            this.names = List.of(names);
        }

        String label() {
            return names.get(0);
        }
    }

    private static final Pattern CONDITION_SEPARATOR = Pattern.compile("[|;]");
    private static final Pattern NAME_SEPARATORS = Pattern.compile("[\\s-]+");

    public ParsedCsv parse(String text) {
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1); // byte order mark written by spreadsheet programs
        }
        char delimiter = delimiterOf(text);
        List<CsvRecord> records = new Tokenizer(text, delimiter).records();
        int h = 0;
        while (h < records.size() && records.get(h).isBlank()) {
            h++;
        }
        if (h == records.size()) {
            throw new CsvFormatException(1, "no header line; expected columns " + columnList());
        }
        CsvRecord header = records.get(h);
        if (header.error() != null) {
            throw new CsvFormatException(header.line(), "header cannot be read: " + header.error());
        }
        Map<Column, Integer> index = new LinkedHashMap<>();
        List<String> ignored = new ArrayList<>();
        mapHeader(header, index, ignored);

        List<SerializedItemRow> rows = new ArrayList<>();
        List<RowProblem> problems = new ArrayList<>();
        for (CsvRecord record : records.subList(h + 1, records.size())) {
            if (record.isBlank()) {
                continue;
            }
            String serial = value(record, index, Column.SERIAL);
            if (record.error() != null) {
                problems.add(new RowProblem(record.line(), serial, record.error()));
            } else if (record.fields().size() != header.fields().size()) {
                problems.add(new RowProblem(record.line(), serial, "has " + record.fields().size()
                        + " values, the header has " + header.fields().size()));
            } else {
                rows.add(new SerializedItemRow(
                        record.line(),
                        serial,
                        value(record, index, Column.KIND),
                        value(record, index, Column.PRODUCT_CODE),
                        value(record, index, Column.PRODUCT_NAME),
                        value(record, index, Column.SKU),
                        value(record, index, Column.GRADE),
                        conditions(value(record, index, Column.CONDITIONS)),
                        value(record, index, Column.WAREHOUSE),
                        value(record, index, Column.INVENTORY_STATUS)));
            }
        }
        return new ParsedCsv(rows, problems, ignored);
    }

    private static void mapHeader(CsvRecord header, Map<Column, Integer> index, List<String> ignored) {
        Map<String, Column> byName = new LinkedHashMap<>();
        for (Column column : Column.values()) {
            column.names.forEach(name -> byName.put(name, column));
        }
        for (int i = 0; i < header.fields().size(); i++) {
            String given = header.fields().get(i).trim();
            Column column = byName.get(normalizeName(given));
            if (column == null) {
                if (!given.isEmpty()) {
                    ignored.add(given);
                }
                continue;
            }
            Integer earlier = index.putIfAbsent(column, i);
            if (earlier != null) {
                throw new CsvFormatException(header.line(), "columns '" + header.fields().get(earlier).trim()
                        + "' and '" + given + "' both give " + column.label());
            }
        }
        List<String> missing = Arrays.stream(Column.values())
                .filter(c -> c.required && !index.containsKey(c))
                .map(Column::label)
                .toList();
        if (!missing.isEmpty()) {
            throw new CsvFormatException(header.line(), "missing column(s) " + String.join(", ", missing)
                    + "; expected columns " + columnList());
        }
    }

    static String normalizeName(String name) {
        return NAME_SEPARATORS.matcher(name.trim().toLowerCase(Locale.ROOT)).replaceAll("_");
    }

    private static String columnList() {
        return Arrays.stream(Column.values())
                .map(c -> c.label() + (c.required ? "" : " (optional)"))
                .collect(Collectors.joining(", "));
    }

    private static String value(CsvRecord record, Map<Column, Integer> index, Column column) {
        Integer i = index.get(column);
        if (i == null || i >= record.fields().size()) {
            return null;
        }
        return record.fields().get(i).trim();
    }

    static Set<String> conditions(String value) {
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        Set<String> set = new LinkedHashSet<>();
        for (String c : CONDITION_SEPARATOR.split(value)) {
            if (!c.isBlank()) {
                set.add(c.trim());
            }
        }
        return set;
    }

    /** The delimiter the header line uses most, outside quotes: ',' unless ';' or tab wins. */
    public static char delimiterOf(String text) {
        int commas = 0;
        int semicolons = 0;
        int tabs = 0;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '\n' || c == '\r')) {
                if (commas + semicolons + tabs > 0) {
                    break; // past the header (leading blank lines are skipped)
                }
            } else if (!quoted) {
                switch (c) {
                    case ',' -> commas++;
                    case ';' -> semicolons++;
                    case '\t' -> tabs++;
                    default -> {
                    }
                }
            }
        }
        if (semicolons > commas && semicolons >= tabs) {
            return ';';
        }
        if (tabs > commas && tabs > semicolons) {
            return '\t';
        }
        return ',';
    }

    /** One CSV record: the line it starts on, its values, and why it cannot be used (or null). */
    public record CsvRecord(int line, List<String> fields, String error) {
        public boolean isBlank() {
            return error == null && fields.size() == 1 && fields.get(0).isBlank();
        }
    }

    /** RFC 4180 records, counting physical lines so a record is reported where it starts. */
    public static final class Tokenizer {

        private final String text;
        private final char delimiter;
        private int pos;
        private int line = 1;

        public Tokenizer(String text, char delimiter) {
            this.text = text;
            this.delimiter = delimiter;
        }

        public List<CsvRecord> records() {
            List<CsvRecord> records = new ArrayList<>();
            while (pos < text.length()) {
                records.add(next());
            }
            return records;
        }

        private CsvRecord next() {
            int start = line;
            List<String> fields = new ArrayList<>();
            String error = null;
            StringBuilder field = new StringBuilder();
            while (true) {
                if (pos < text.length() && text.charAt(pos) == '"') {
                    int quoteLine = line;
                    pos++;
                    boolean closed = false;
                    while (pos < text.length()) {
                        char c = text.charAt(pos);
                        if (c == '"') {
                            if (pos + 1 < text.length() && text.charAt(pos + 1) == '"') {
                                field.append('"');
                                pos += 2;
                                continue;
                            }
                            pos++;
                            closed = true;
                            break;
                        }
                        countLineBreak(c);
                        field.append(c);
                        pos++;
                    }
                    if (!closed) {
                        throw new CsvFormatException(quoteLine, "a quoted value starting on this line is never closed");
                    }
                    if (pos < text.length() && !atDelimiterOrLineEnd() && error == null) {
                        error = "text after the closing quote of value " + (fields.size() + 1)
                                + " (a quote inside a quoted value is written twice: \"\")";
                        skipToLineEnd();
                    }
                } else {
                    while (pos < text.length() && !atDelimiterOrLineEnd()) {
                        field.append(text.charAt(pos++));
                    }
                }
                fields.add(field.toString());
                field.setLength(0);
                if (pos >= text.length()) {
                    break;
                }
                char c = text.charAt(pos);
                if (c == delimiter) {
                    pos++;
                    continue;
                }
                // line end: \n, \r\n or \r
                pos++;
                if (c == '\r' && pos < text.length() && text.charAt(pos) == '\n') {
                    pos++;
                }
                line++;
                break;
            }
            return new CsvRecord(start, fields, error);
        }

        private boolean atDelimiterOrLineEnd() {
            char c = text.charAt(pos);
            return c == delimiter || c == '\n' || c == '\r';
        }

        private void skipToLineEnd() {
            while (pos < text.length() && text.charAt(pos) != '\n' && text.charAt(pos) != '\r') {
                pos++;
            }
        }

        /** A line break inside a quoted value: \n, or \r not followed by \n. */
        private void countLineBreak(char c) {
            if (c == '\n' || (c == '\r' && (pos + 1 >= text.length() || text.charAt(pos + 1) != '\n'))) {
                line++;
            }
        }
    }
}
