package dev.kanal.orders;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One writer per client ERP, across every Kanal node: the caller's transaction locks the
 * client's {@code erp_writer_lock} row and holds it until it commits or rolls back, gateway call
 * included. A plain row lock, so it works on PostgreSQL and on the demo's H2 alike, and dies
 * with the connection if a node dies (docs/decisions/0006).
 */
public class ErpWriterLock {

    private final JdbcTemplate jdbc;

    public ErpWriterLock(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Creates the client's lock row if needed; call outside the locking transaction. */
    public void ensureRow(long clientId) {
        if (jdbc.queryForList("SELECT client_id FROM erp_writer_lock WHERE client_id = ?", Long.class, clientId).isEmpty()) {
            try {
                jdbc.update("INSERT INTO erp_writer_lock (client_id) VALUES (?)", clientId);
            } catch (DuplicateKeyException raced) {
                // another node created it first: fine
            }
        }
    }

    /** Waits for and takes the client's writer lock in the current transaction. */
    public void lock(long clientId) {
        jdbc.queryForList("SELECT client_id FROM erp_writer_lock WHERE client_id = ? FOR UPDATE", Long.class, clientId);
    }
}
