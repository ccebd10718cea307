package dev.kanal.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.kanal.KanalIntegrationTest;
import dev.kanal.TestEnvironment;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Kanal's own PostgreSQL sessions and table statistics, on real PostgreSQL. */
class DatabaseSessionsTest extends KanalIntegrationTest {

    @Autowired JdbcTemplate jdbc;
    @Autowired TableStatistics statistics;

    @Test
    void kanalsSessionsRunWithoutJit() {
        assertThat(jdbc.queryForObject("SHOW jit", String.class)).isEqualTo("off");
    }

    @Test
    void onlyPostgresPoolsWithoutAnInitSqlOfTheirOwnAreSetUp() {
        try (HikariDataSource postgres = pool(TestEnvironment.dbUrl(), null);
             HikariDataSource h2 = pool("jdbc:h2:mem:kanal", null);
             HikariDataSource configured = pool(TestEnvironment.dbUrl(), "SET search_path = kanal")) {
            assertThat(postgres.getConnectionInitSql()).isEqualTo("SET jit = off");
            assertThat(h2.getConnectionInitSql()).isNull();
            assertThat(configured.getConnectionInitSql()).isEqualTo("SET search_path = kanal");
        }
    }

    @Test
    void aBulkWriteRefreshesTheTablesStatisticsAndASmallOneDoesNot() {
        String table = "stats_probe_" + UUID.randomUUID().toString().substring(0, 8);
        jdbc.execute("CREATE TABLE " + table + " (id INTEGER)");
        try {
            statistics.afterBulkWrite(TableStatistics.BULK_ROWS - 1, table);
            assertThat(lastAnalyze(table)).as("under the bulk size: left to autovacuum").isNull();

            statistics.afterBulkWrite(TableStatistics.BULK_ROWS, table);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(lastAnalyze(table)).isNotNull());
        } finally {
            jdbc.execute("DROP TABLE " + table);
        }
    }

    @Test
    void aTableNameThatIsNotOneIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> statistics.afterBulkWrite(TableStatistics.BULK_ROWS, "listing; DROP TABLE listing"));
    }

    private Timestamp lastAnalyze(String table) {
        // the statistics collector reports with a small delay: read it fresh each time
        jdbc.execute("SELECT pg_stat_clear_snapshot()");
        return jdbc.queryForObject("SELECT last_analyze FROM pg_stat_user_tables WHERE relname = ?", Timestamp.class, table);
    }

    private static HikariDataSource pool(String url, String initSql) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        pool.setConnectionInitSql(initSql);
        new PostgresSessionSettings().postProcessAfterInitialization(pool, "dataSource");
        return pool;
    }
}
