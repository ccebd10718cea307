package dev.kanal.connector.subiekt;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.kanal.TestEnvironment;
import dev.kanal.sandbox.subiekt.SubiektSandboxDatabase;
import dev.kanal.sandbox.subiekt.SubiektSandboxDatabase.StockRow;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** The ERP read on PostgreSQL: every row, streamed a fetch at a time, the pooled connection left as it was. */
class SubiektStockReaderTest {

    static final int PRODUCTS = SubiektStockReader.FETCH_SIZE + 500;

    final String schema = "erp_reader_" + UUID.randomUUID().toString().substring(0, 8);
    final String application = "kanal-reader-" + UUID.randomUUID().toString().substring(0, 8);
    HikariDataSource erp;
    JdbcTemplate observer;

    @BeforeEach
    void erp() {
        TestEnvironment.ErpDatabase db = TestEnvironment.sandboxErpSchema(schema, application);
        erp = new HikariDataSource();
        erp.setJdbcUrl(db.url());
        erp.setUsername(db.user());
        erp.setPassword(db.password());
        erp.setMaximumPoolSize(1);
        observer = new JdbcTemplate(new org.springframework.jdbc.datasource.DriverManagerDataSource(db.url(), db.user(), db.password()));
        List<StockRow> stock = new ArrayList<>();
        IntStream.range(0, PRODUCTS).forEach(i -> stock.add(new StockRow("P" + i, null, "MAG", i, i % 3, false)));
        stock.add(new StockRow("P0", null, "WRO", 7, 0, false));
        stock.add(new StockRow("BLOCKED", null, "MAG", 4, 0, true));
        new SubiektSandboxDatabase().setStock(erp, stock);
    }

    @AfterEach
    void drop() {
        erp.close();
        observer.execute("DROP SCHEMA " + schema + " CASCADE");
    }

    @Test
    void readsEveryRowWithItsSellableUnitsAndFingerprint() {
        List<SourceStockRow> rows = new SubiektStockReader().readStock(erp);

        assertThat(rows).hasSize(PRODUCTS + 2);
        assertThat(rows).filteredOn(r -> r.symbol().equals("P5") && r.warehouse().equals("MAG")).singleElement()
                .satisfies(r -> {
                    assertThat(r.sellable()).isEqualTo(3);
                    assertThat(r.fingerprint()).isEqualTo("5/2");
                });
        assertThat(rows).filteredOn(r -> r.symbol().equals("P0")).extracting(SourceStockRow::warehouse).containsExactlyInAnyOrder("MAG", "WRO");
        assertThat(rows).filteredOn(r -> r.symbol().equals("BLOCKED")).singleElement()
                .satisfies(r -> assertThat(r.sellable()).isZero());
    }

    @Test
    void decimalQuantitiesCountInWholeUnitsRoundedDown() {
        observer.update("UPDATE " + schema + ".tw_Stan SET st_Stan = 2.75, st_StanRez = 0.5 WHERE st_TowId = "
                + "(SELECT tw_Id FROM " + schema + ".tw__Towar WHERE tw_Symbol = 'P7')");

        SourceStockRow row = new SubiektStockReader().readStock(erp).stream().filter(r -> r.symbol().equals("P7")).findFirst().orElseThrow();

        assertThat(row.onHand()).isEqualTo(2);
        assertThat(row.reserved()).isZero();
        assertThat(row.sellable()).isEqualTo(2);
    }

    @Test
    void streamsTheResultAFetchAtATimeAndHandsTheConnectionBackInAutoCommit() throws Exception {
        List<String> stateAtFirstRow = new ArrayList<>();
        int[] seen = {0};
        new SubiektStockReader().readStock(erp, row -> {
            if (seen[0]++ == 0) {
                // the rest of the result is still on the server: its transaction holds the open portal
                stateAtFirstRow.addAll(observer.queryForList(
                        "SELECT state FROM pg_stat_activity WHERE application_name = ? AND pid <> pg_backend_pid()", String.class, application));
            }
        });

        assertThat(seen[0]).isEqualTo(PRODUCTS + 2);
        // the pool may hold a second, idle connection of its own (it fills up in the background)
        assertThat(stateAtFirstRow).containsOnlyOnce("idle in transaction");
        assertThat(observer.queryForList("SELECT state FROM pg_stat_activity WHERE application_name = ? AND pid <> pg_backend_pid()", String.class, application))
                .isNotEmpty().containsOnly("idle");
        try (Connection con = erp.getConnection()) {
            assertThat(con.getAutoCommit()).isTrue();
        }
    }
}
