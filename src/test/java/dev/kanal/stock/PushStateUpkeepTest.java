package dev.kanal.stock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.KanalIntegrationTest;
import dev.kanal.ops.TableStatistics;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** listing_push is vacuumed between bursts, never during one, on PostgreSQL. */
class PushStateUpkeepTest extends KanalIntegrationTest {

    @Autowired CamelContext camel;
    @Autowired JdbcTemplate jdbc;
    @Autowired TableStatistics statistics;

    private final AtomicLong recorded = new AtomicLong();
    private final AtomicBoolean draining = new AtomicBoolean();
    private PushStateUpkeep upkeep;

    @BeforeEach
    void onlyThisUpkeep() throws Exception {
        // this test is both the upkeep's ticker and the calculator (whose requests say "busy")
        camel.getRouteController().stopRoute("stock-push-upkeep");
        camel.getRouteController().stopRoute("stock-recalculate");
        jdbc.update("DELETE FROM stock_recalculation");
        upkeep = new PushStateUpkeep(jdbc, recorded::get, draining::get, statistics);
    }

    @AfterEach
    void routesBack() throws Exception {
        jdbc.update("DELETE FROM stock_recalculation");
        camel.getRouteController().startRoute("stock-recalculate");
        camel.getRouteController().startRoute("stock-push-upkeep");
    }

    @Test
    void vacuumsOnceAfterABurstOnlyWhenNothingIsCalculatedOrPushed() {
        long before = vacuums();

        recorded.set(TableStatistics.BULK_ROWS - 1);
        assertThat(upkeep.whenQuiet()).as("fewer pushes than a burst's").isFalse();

        recorded.set(1500);
        draining.set(true);
        assertThat(upkeep.whenQuiet()).as("a writer is pushing").isFalse();
        draining.set(false);
        jdbc.update("INSERT INTO stock_recalculation (client_code, sku) VALUES (?, 'A')", "upkeep-" + UUID.randomUUID());
        assertThat(upkeep.whenQuiet()).as("the calculator has requests").isFalse();
        assertThat(vacuums()).isEqualTo(before);

        jdbc.update("DELETE FROM stock_recalculation");
        assertThat(upkeep.whenQuiet()).as("quiet after a burst").isTrue();
        assertThat(vacuums()).isEqualTo(before + 1);

        assertThat(upkeep.whenQuiet()).as("no pushes since").isFalse();
        recorded.addAndGet(TableStatistics.BULK_ROWS);
        assertThat(upkeep.whenQuiet()).as("the next burst").isTrue();
        assertThat(vacuums()).isEqualTo(before + 2);
    }

    private long vacuums() {
        return jdbc.queryForObject("SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'listing_push'", Long.class);
    }
}
