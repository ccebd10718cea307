package dev.kanal.stock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.KanalIntegrationTest;
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

    private List<String> pending() {
        return jdbc.queryForList("SELECT sku FROM stock_recalculation ORDER BY id", String.class);
    }
}
