package dev.kanal.inventory.serialized;

import dev.kanal.support.PermanentFailure;

/** A CSV file that cannot be read at all: no header, a missing column, a quote never closed. */
public class CsvFormatException extends RuntimeException implements PermanentFailure {

    private final int line;

    public CsvFormatException(int line, String message) {
        super("line " + line + ": " + message);
        this.line = line;
    }

    /** The file line the problem was found on (1 = the header). */
    public int line() {
        return line;
    }
}
