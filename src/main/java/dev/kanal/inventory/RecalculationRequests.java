package dev.kanal.inventory;

import dev.kanal.support.ArrayParameters;
import dev.kanal.support.JdbcBatches;
import java.sql.PreparedStatement;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Records that SKUs' listings need recalculating, in the caller's database transaction: the
 * calculator's table ({@code stock_recalculation}, read by the calculator's ticker) then commits
 * or rolls back with the stock change it is about. Every transaction that changes units or
 * allocations calls this, so a crash between its commit and its stock-changed messages loses
 * nothing, and the messages are notifications only ({@link StockChanged#recorded()}).
 */
public final class RecalculationRequests {

    private static final String ROW = "INSERT INTO stock_recalculation (client_code, sku) VALUES (?, ?)";
    private static final String SET_BASED = "INSERT INTO stock_recalculation (client_code, sku) SELECT ?, s FROM unnest(?::varchar[]) WITH ORDINALITY AS u(s, n) ORDER BY n";

    private RecalculationRequests() {
    }

    public static void record(JdbcTemplate jdbc, String clientCode, Collection<String> skus) {
        record(jdbc, clientCode, skus, ArrayParameters.supported(jdbc));
    }

    /** @param setBased one statement over an array (PostgreSQL), else a batch of single-row inserts */
    static void record(JdbcTemplate jdbc, String clientCode, Collection<String> skus, boolean setBased) {
        List<String> distinct = skus.stream().distinct().toList();
        if (distinct.isEmpty()) {
            return;
        }
        if (setBased) {
            jdbc.update(con -> {
                PreparedStatement ps = con.prepareStatement(SET_BASED);
                ps.setString(1, clientCode);
                ps.setArray(2, ArrayParameters.texts(con, distinct));
                return ps;
            });
            return;
        }
        JdbcBatches.update(jdbc, ROW, distinct.stream().map(sku -> new Object[] {clientCode, sku}).toList());
    }
}
