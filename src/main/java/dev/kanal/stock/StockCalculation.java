package dev.kanal.stock;

import dev.kanal.inventory.StockChanged;
import dev.kanal.support.RederivableCommit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

/**
 * The calculator: a SKU changed, so every listing that depends on it is recalculated and the
 * channel accounts whose targets moved are named for their writers.
 *
 * <p>In two steps, for throughput: the transaction that changed the stock records the SKU in
 * {@code stock_recalculation} ({@link dev.kanal.inventory.RecalculationRequests}), and a ticker
 * recalculates the recorded SKUs a slice at a time with the set-based SQL of {@link QuantityCalculator}.
 * Ten thousand changed SKUs then cost a handful of queries instead of ten thousand rounds of
 * them. The stock-changed hop only records SKUs of messages from older versions
 * (docs/decisions/0009).
 */
public class StockCalculation {

    /**
     * Requests one slice takes by default: about 0.1 s of work on two cores for 2,000 SKUs sold on
     * two channels, and 2,000 listings of an account, a WooCommerce writer's whole push.
     */
    public static final int DEFAULT_REQUESTS_PER_TICK = 2000;

    private static final Logger log = LoggerFactory.getLogger(StockCalculation.class);

    private final QuantityCalculator calculator;
    private final JdbcTemplate jdbc;
    private final ChannelAccounts accounts;
    private final WriterGate gate;
    private final int requestsPerTick;
    private final AtomicLong requestsWorkedOff = new AtomicLong();

    public StockCalculation(QuantityCalculator calculator, JdbcTemplate jdbc, ChannelAccounts accounts, WriterGate gate) {
        this(calculator, jdbc, accounts, gate, DEFAULT_REQUESTS_PER_TICK);
    }

    /**
     * @param requestsPerTick the oldest this many requests are recalculated and committed per
     *                        tick; a burst of 10,000 SKUs becomes ten ticks, so the writers
     *                        start pushing after the first instead of after all ten
     */
    public StockCalculation(QuantityCalculator calculator, JdbcTemplate jdbc, ChannelAccounts accounts, WriterGate gate,
                            int requestsPerTick) {
        if (requestsPerTick < 1) {
            throw new IllegalArgumentException("requestsPerTick must be at least 1");
        }
        this.calculator = calculator;
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.gate = gate;
        this.requestsPerTick = requestsPerTick;
    }

    /**
     * The stock-changed hop: remember that this SKU's listings need recalculating, unless the
     * publisher already did in the transaction that changed the stock (every current one does).
     */
    public void request(StockChanged change) {
        if (change.recorded()) {
            return;
        }
        jdbc.update("INSERT INTO stock_recalculation (client_code, sku) VALUES (?, ?)", change.client(), change.sku());
    }

    /**
     * What one slice did: the accounts to nudge (a changed target and no nudge already queued),
     * and whether it took a full slice, so more requests are probably waiting and the calculator
     * goes on at once instead of at its next tick.
     */
    public record Slice(List<AccountRef> accounts, boolean full) {
    }

    /**
     * Recalculates the oldest recorded SKUs (at most {@code requestsPerTick} requests) in one
     * transaction. The route runs slices back to back while they come full, so a large burst is
     * worked off slice by slice, each reaching the writers as soon as it commits.
     */
    @Transactional
    public Slice recalculateSlice() {
        // The rows read are the rows deleted, by id. Not "id <= MAX(id)": a row with a smaller id
        // can commit after MAX was read (another stock-changed consumer, a long source poll), and
        // a range delete would remove it unread, losing that SKU's change.
        long started = System.nanoTime();
        List<Long> ids = jdbc.queryForList("SELECT id FROM stock_recalculation ORDER BY id FETCH FIRST " + requestsPerTick + " ROWS ONLY",
                Long.class);
        if (ids.isEmpty()) {
            return new Slice(List.of(), false);
        }
        // targets and the requests they work off are lost together or kept together: no disk wait
        RederivableCommit.forThisTransaction(jdbc);
        // the requests drive the calculation from first to last id; one that commits late inside
        // that range is calculated too, is not deleted below, and is calculated again next tick
        Set<Long> changed = calculator.recalculateRequested(ids.get(0), ids.get(ids.size() - 1));
        jdbc.batchUpdate("DELETE FROM stock_recalculation WHERE id BETWEEN ? AND ?", idRanges(ids));
        requestsWorkedOff.addAndGet(ids.size());
        if (log.isDebugEnabled()) {
            log.debug("Recalculated {} requests in {} ms (before commit); accounts moved: {}", ids.size(),
                    (System.nanoTime() - started) / 1_000_000, changed);
        }
        return new Slice(changed.stream().map(accounts::ref).filter(gate::shouldNudge).toList(), ids.size() == requestsPerTick);
    }

    /** Requests this calculator has taken off {@code stock_recalculation} since it started. */
    public long requestsWorkedOff() {
        return requestsWorkedOff.get();
    }

    /** Consecutive runs of ids as [first, last] pairs, so a delete takes a few statements, not one per row. */
    static List<Object[]> idRanges(List<Long> sortedIds) {
        List<Object[]> ranges = new ArrayList<>();
        for (int i = 0; i < sortedIds.size(); ) {
            int j = i;
            while (j + 1 < sortedIds.size() && sortedIds.get(j + 1) == sortedIds.get(j) + 1) {
                j++;
            }
            ranges.add(new Object[] {sortedIds.get(i), sortedIds.get(j)});
            i = j + 1;
        }
        return ranges;
    }

    /** Recalculates every listing of an account (after a settings change, an import, or reconciliation). */
    public List<AccountRef> recalculateAccount(AccountRef account) {
        Set<Long> changed = calculator.recalculate(calculator.listingsOf(accounts.id(account)));
        return changed.isEmpty() ? List.of() : List.of(account);
    }

    /** Recalculates one listing (after its mapping changed). */
    public List<AccountRef> recalculateListing(AccountRef account, long listingId) {
        jdbc.update("UPDATE listing_push SET target_quantity = NULL WHERE listing_id = ? AND NOT EXISTS "
                + "(SELECT 1 FROM listing_mapping m WHERE m.listing_id = ?) AND NOT EXISTS "
                + "(SELECT 1 FROM bundle_component bc WHERE bc.listing_id = ?)", listingId, listingId, listingId);
        return calculator.recalculate(List.of(listingId)).isEmpty() ? List.of() : List.of(account);
    }
}
