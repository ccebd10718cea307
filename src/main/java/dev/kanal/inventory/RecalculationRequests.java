package dev.kanal.inventory;

import dev.kanal.support.JdbcBatches;
import java.util.Collection;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Records that SKUs' listings need recalculating, in the caller's database transaction: the
 * calculator's table ({@code stock_recalculation}, read by the calculator's ticker) then commits
 * or rolls back with the stock change it is about. Every transaction that changes units or
 * allocations calls this, so a crash between its commit and its stock-changed messages loses
 * nothing, and the messages are notifications only ({@link StockChanged#recorded()}).
 */
public final class RecalculationRequests {

    private RecalculationRequests() {
    }

    public static void record(JdbcTemplate jdbc, String clientCode, Collection<String> skus) {
        JdbcBatches.update(jdbc, "INSERT INTO stock_recalculation (client_code, sku) VALUES (?, ?)",
                skus.stream().distinct().map(sku -> new Object[] {clientCode, sku}).toList());
    }
}
