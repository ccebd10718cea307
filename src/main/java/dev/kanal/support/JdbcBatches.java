package dev.kanal.support;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * JDBC batches in slices. The PostgreSQL driver keeps every parameter set of a batch in memory
 * until it is sent, so one batch of 100,000 rows (a first poll, a large listing import) costs
 * hundreds of MB of heap; slices of {@link #SLICE} cost a few.
 */
public final class JdbcBatches {

    public static final int SLICE = 1000;

    private JdbcBatches() {
    }

    /** Runs {@code sql} once per row, {@link #SLICE} rows per batch; answers the rows affected in all. */
    public static long update(JdbcTemplate jdbc, String sql, List<Object[]> rows) {
        long affected = 0;
        for (int from = 0; from < rows.size(); from += SLICE) {
            for (int count : jdbc.batchUpdate(sql, rows.subList(from, Math.min(rows.size(), from + SLICE)))) {
                affected += Math.max(count, 0);
            }
        }
        return affected;
    }
}
