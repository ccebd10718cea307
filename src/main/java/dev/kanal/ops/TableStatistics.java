package dev.kanal.ops;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes the planner's statistics of tables that just grew in bulk (a first poll of a
 * 100,000-SKU ERP, a catalogue import). PostgreSQL's autovacuum would get there eventually, up
 * to a minute later, and only where it is switched on; until then queries are planned for the
 * empty tables they were, which at that size costs seconds per burst (see
 * docs/decisions/0010-database-sessions-and-statistics.md). A failure is logged, never thrown:
 * statistics are an optimisation, the data is already committed. Runs on a connection of its
 * own, so it can be called after a commit while that transaction's connection is still bound.
 */
public class TableStatistics {

    /** Rows written at once from which a table's statistics are refreshed. */
    public static final int BULK_ROWS = 1000;

    private static final Logger log = LoggerFactory.getLogger(TableStatistics.class);
    private static final Pattern TABLE = Pattern.compile("[a-z_][a-z0-9_]*");

    private final DataSource dataSource;

    public TableStatistics(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** After {@code rows} rows were written to these tables: refresh their statistics if that was a bulk change. */
    public void afterBulkWrite(int rows, String... tables) {
        if (rows >= BULK_ROWS) {
            run(rows, false, tables);
        }
    }

    /**
     * After {@code rows} rows were deleted from a work table (one filled and emptied again and
     * again), or rewritten in a table whose updates leave a dead version behind: on PostgreSQL,
     * vacuum it. Without autovacuum its dead rows are never reclaimed, the
     * table only grows, and every look into it (is a burst still being calculated?) reads them
     * all again. Elsewhere nothing: H2 and SQL Server reclaim deleted rows on their own.
     */
    public void afterBulkDelete(long rows, String... tables) {
        if (rows >= BULK_ROWS) {
            run(rows, true, tables);
        }
    }

    private void run(long rows, boolean vacuum, String... tables) {
        for (String table : tables) {
            if (!TABLE.matcher(table).matches()) {
                throw new IllegalArgumentException("Not a table name: " + table);
            }
        }
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(true);
            boolean postgres = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
            String command = vacuum ? (postgres ? "VACUUM (ANALYZE) " : null) : (postgres ? "ANALYZE " : "ANALYZE TABLE ");
            if (command == null) {
                return; // only PostgreSQL needs deleted rows reclaimed by hand
            }
            for (String table : tables) {
                statement.execute(command + table);
            }
        } catch (SQLException | RuntimeException e) {
            log.warn("Could not {} {} after {} rows were {}: {}", vacuum ? "vacuum" : "refresh the statistics of",
                    String.join(", ", tables), rows, vacuum ? "deleted" : "written", e.getMessage());
        }
    }
}
