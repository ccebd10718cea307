package dev.kanal.support;

import java.util.List;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Where a poll of one kind of ERP document got to for each client: the highest document id it
 * read to the end. The ERP's document polls (shipments, invoices, corrections) read from a
 * little before it, because documents can commit out of id order; re-read documents are no-ops.
 * The cursor only moves forward, and only after a poll read everything, so a poll that fails
 * half-way reads the same documents again.
 *
 * <p>One table per kind of document, each {@code (client_id PRIMARY KEY, last_document_id,
 * updated_at)}. Each client's poll runs once per cluster (clustered Quartz), so two writers of
 * one client's row never meet.
 */
public final class DocumentCursor {

    private static final Pattern TABLE = Pattern.compile("[a-z_]+");

    private final JdbcTemplate jdbc;
    private final String table;

    public DocumentCursor(JdbcTemplate jdbc, String table) {
        if (!TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException("Not a cursor table name: " + table);
        }
        this.jdbc = jdbc;
        this.table = table;
    }

    /** The highest document id the client's polls have read to the end; 0 before the first. */
    public long position(long clientId) {
        List<Long> at = jdbc.queryForList("SELECT last_document_id FROM " + table + " WHERE client_id = ?", Long.class, clientId);
        return at.isEmpty() ? 0 : at.get(0);
    }

    /** Moves the client's cursor on to {@code highest}; never back. */
    public void advanceTo(long clientId, long highest) {
        int moved = jdbc.update("UPDATE " + table + " SET last_document_id = ?, updated_at = CURRENT_TIMESTAMP"
                + " WHERE client_id = ? AND last_document_id < ?", highest, clientId, highest);
        if (moved == 0) {
            jdbc.update("INSERT INTO " + table + " (client_id, last_document_id) SELECT ?, ? WHERE NOT EXISTS"
                    + " (SELECT 1 FROM " + table + " WHERE client_id = ?)", clientId, highest, clientId);
        }
    }
}
