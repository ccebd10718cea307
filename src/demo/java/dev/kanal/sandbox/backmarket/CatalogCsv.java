package dev.kanal.sandbox.backmarket;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code catalog} of {@code POST /ws/listings}: CSV text with a header line, read with the
 * request's own {@code delimiter} and {@code quotechar}. A quoted field may hold the delimiter,
 * line breaks and the quote character doubled. Blank lines are skipped.
 *
 * @param header column names, lower-cased and trimmed
 * @param rows   data rows, each with its line number in the file (the header is line 1)
 */
record CatalogCsv(List<String> header, List<Row> rows) {

    /** One data row: its line number in the file and its fields as written. */
    record Row(int line, List<String> fields) {
    }

    /** Lines of the file, header included: what Back Market's 15,000-line limit counts. */
    int lines() {
        return 1 + rows.size();
    }

    int column(String name) {
        return header.indexOf(name);
    }

    /**
     * @throws IllegalArgumentException with the bare message the API answers (400) when the
     *                                  text is not CSV (an unterminated quote) or has no header
     */
    static CatalogCsv parse(String text, char delimiter, char quote) {
        List<List<String>> records = new ArrayList<>();
        List<Integer> startLines = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean fieldStarted = false;
        int line = 1;
        int recordLine = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == quote) {
                    if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                        field.append(quote);
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
            } else if (c == quote && field.isEmpty()) {
                quoted = true;
                fieldStarted = true;
            } else if (c == delimiter) {
                record.add(field.toString());
                field.setLength(0);
                fieldStarted = true;
            } else if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                end(records, startLines, record, field, fieldStarted, recordLine);
                record = new ArrayList<>();
                field.setLength(0);
                fieldStarted = false;
                line++;
                recordLine = line;
            } else {
                field.append(c);
                fieldStarted = true;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("catalog: a quoted field opened on line " + recordLine + " is never closed");
        }
        end(records, startLines, record, field, fieldStarted, recordLine);
        if (records.isEmpty()) {
            throw new IllegalArgumentException("catalog: the header line is missing");
        }
        List<String> header = records.get(0).stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
        List<Row> rows = new ArrayList<>(records.size() - 1);
        for (int r = 1; r < records.size(); r++) {
            rows.add(new Row(startLines.get(r), records.get(r)));
        }
        return new CatalogCsv(header, rows);
    }

    private static void end(List<List<String>> records, List<Integer> startLines, List<String> record,
                            StringBuilder field, boolean fieldStarted, int recordLine) {
        if (!fieldStarted && record.isEmpty() && field.isEmpty()) {
            return; // a blank line
        }
        record.add(field.toString());
        records.add(record);
        startLines.add(recordLine);
    }
}
