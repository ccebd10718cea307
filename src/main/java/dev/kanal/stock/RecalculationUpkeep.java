package dev.kanal.stock;

import dev.kanal.ops.TableStatistics;

/**
 * Keeps the calculator's work table small. {@code stock_recalculation} is filled by every poll
 * and emptied by every slice; after a burst has been worked off (thousands of requests since
 * the last upkeep) it is vacuumed, so the writers' look into it while they gather a burst stays
 * a look at a few pages, wherever autovacuum is off or slow to visit an empty table.
 */
public class RecalculationUpkeep {

    private final StockCalculation calculation;
    private final TableStatistics statistics;
    private long workedOffAtLastUpkeep;

    public RecalculationUpkeep(StockCalculation calculation, TableStatistics statistics) {
        this.calculation = calculation;
        this.statistics = statistics;
    }

    /** Called once a burst is worked off (the calculator's loop ended, its slices committed). */
    public synchronized void afterBurst() {
        long workedOff = calculation.requestsWorkedOff();
        long since = workedOff - workedOffAtLastUpkeep;
        if (since >= TableStatistics.BULK_ROWS) {
            statistics.afterBulkDelete(since, "stock_recalculation");
            workedOffAtLastUpkeep = workedOff;
        }
    }
}
