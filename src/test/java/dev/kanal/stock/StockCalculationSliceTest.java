package dev.kanal.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kanal.KanalIntegrationTest;
import dev.kanal.ops.TableStatistics;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** A burst of recalculation requests is worked off oldest first, a slice per tick, on PostgreSQL. */
class StockCalculationSliceTest extends KanalIntegrationTest {

    @Autowired CamelContext camel;
    @Autowired JdbcTemplate jdbc;
    @Autowired QuantityCalculator calculator;
    @Autowired ChannelAccounts accounts;
    @Autowired WriterGate gate;
    @Autowired TableStatistics statistics;

    @BeforeEach
    void stopTheTicker() throws Exception {
        camel.getRouteController().stopRoute("stock-recalculate"); // this test is the ticker
        jdbc.update("DELETE FROM stock_recalculation");
    }

    @AfterEach
    void startTheTicker() throws Exception {
        camel.getRouteController().startRoute("stock-recalculate");
    }

    @Test
    void eachTickTakesTheOldestSliceAndLeavesTheRestForTheNext() {
        String client = "slice-" + UUID.randomUUID().toString().substring(0, 8);
        for (String sku : List.of("A", "B", "C", "D", "E")) {
            jdbc.update("INSERT INTO stock_recalculation (client_code, sku) VALUES (?, ?)", client, sku);
        }
        StockCalculation calculation = new StockCalculation(calculator, jdbc, accounts, gate, 2);

        assertThat(calculation.recalculateSlice().full()).as("a full slice: go on at once").isTrue();
        assertThat(pending()).containsExactly("C", "D", "E");
        assertThat(calculation.recalculateSlice().full()).isTrue();
        assertThat(pending()).containsExactly("E");
        assertThat(calculation.recalculateSlice().full()).as("the last requests: wait for the next tick").isFalse();
        assertThat(pending()).isEmpty();
        assertThat(calculation.recalculateSlice()).isEqualTo(new StockCalculation.Slice(List.of(), false));
    }

    @Test
    void aBurstWorkedOffLeavesTheRequestsTableVacuumedAndALaterQuietTickDoesNot() {
        String client = "upkeep-" + UUID.randomUUID().toString().substring(0, 8);
        jdbc.update("INSERT INTO stock_recalculation (client_code, sku) SELECT ?, 'SKU-' || n FROM generate_series(1, 1500) n", client);
        StockCalculation calculation = new StockCalculation(calculator, jdbc, accounts, gate, 1000);
        RecalculationUpkeep upkeep = new RecalculationUpkeep(calculation, statistics);
        long vacuumsBefore = vacuums();

        upkeep.afterBurst();
        assertThat(vacuums()).as("nothing worked off yet").isEqualTo(vacuumsBefore);
        while (calculation.recalculateSlice().full()) {
            // work the burst off, as the route's loop does
        }
        assertThat(calculation.requestsWorkedOff()).isEqualTo(1500);
        // a snapshot taken before the deletes (another test's poll, a slice of the stopped route still
        // finishing), or a transaction that wrote before them and is still open between its
        // statements (no snapshot then, but its xid holds the horizon just the same), would keep the
        // deleted rows from any vacuum: start when none is left
        long deletedBefore = jdbc.queryForObject("SELECT txid_current() % 4294967296", Long.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("""
                SELECT count(*) FROM pg_stat_activity
                 WHERE datname = current_database() AND pid <> pg_backend_pid()
                   AND (backend_xmin::text::bigint < ? OR backend_xid::text::bigint < ?)""",
                Long.class, deletedBefore, deletedBefore) == 0);
        upkeep.afterBurst();

        assertThat(vacuums()).isEqualTo(vacuumsBefore + 1);
        assertThat(jdbc.queryForObject("SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'stock_recalculation'", Long.class))
                .as("the burst's deleted requests are reclaimed").isZero();
        upkeep.afterBurst();
        assertThat(vacuums()).as("no new burst, no new vacuum").isEqualTo(vacuumsBefore + 1);
    }

    private long vacuums() {
        return jdbc.queryForObject("SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'stock_recalculation'", Long.class);
    }

    private List<String> pending() {
        return jdbc.queryForList("SELECT sku FROM stock_recalculation ORDER BY id", String.class);
    }
}
