package dev.kanal.stock;

import dev.kanal.ops.TableStatistics;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Keeps {@code listing_push} lean between bursts. Every target the calculator moves and every
 * quantity a writer records rewrites a push row, and neither write can stay on its page (the
 * writer's pending index reads those very columns), so a burst of 10,000 SKUs on two channels
 * leaves 40,000 dead rows and as many dead index entries. The pending index keeps them at the
 * front of each account's range (the oldest targets), where every look for pending listings
 * walks them again: without autovacuum, a count of an account's pending rows took 15 ms after
 * ten bursts. Once the stock flow is quiet (no recalculation requests, no drain running on this
 * node) after 1,000 or more recorded pushes, the table is vacuumed; during a burst it is not.
 * Quiet is a matter of cost only: a vacuum blocks no write.
 */
public class PushStateUpkeep {

    private final JdbcTemplate jdbc;
    private final LongSupplier recordedPushes;
    private final BooleanSupplier draining;
    private final TableStatistics statistics;
    private long recordedAtLastUpkeep;

    /**
     * @param recordedPushes push rows the writers have rewritten so far ({@link ChannelStockWriter#listingsRecorded})
     * @param draining       whether a writer is pushing now ({@link ChannelStockWriter#draining})
     */
    public PushStateUpkeep(JdbcTemplate jdbc, LongSupplier recordedPushes, BooleanSupplier draining, TableStatistics statistics) {
        this.jdbc = jdbc;
        this.recordedPushes = recordedPushes;
        this.draining = draining;
        this.statistics = statistics;
    }

    /** Called periodically; vacuums only when enough was rewritten and the stock flow is quiet. Returns whether it did. */
    public synchronized boolean whenQuiet() {
        long recorded = recordedPushes.getAsLong();
        long since = recorded - recordedAtLastUpkeep;
        if (since < TableStatistics.BULK_ROWS || busy()) {
            return false;
        }
        statistics.afterBulkDelete(since, "listing_push");
        recordedAtLastUpkeep = recorded;
        return true;
    }

    /** A burst is still being calculated or pushed. */
    private boolean busy() {
        return draining.getAsBoolean()
                || !jdbc.queryForList("SELECT id FROM stock_recalculation FETCH FIRST 1 ROWS ONLY", Long.class).isEmpty();
    }
}
