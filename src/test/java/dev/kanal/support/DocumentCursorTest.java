package dev.kanal.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kanal.TestEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** The document cursor on real PostgreSQL, in a temporary table shaped like the cursor tables. */
class DocumentCursorTest {

    private SingleConnectionDataSource dataSource;
    private JdbcTemplate jdbc;
    private DocumentCursor cursor;

    @BeforeEach
    void temporaryCursorTable() {
        dataSource = new SingleConnectionDataSource(TestEnvironment.dbUrl(), TestEnvironment.dbUser(), TestEnvironment.dbPassword(), true);
        jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("""
                CREATE TEMPORARY TABLE test_document_cursor (
                    client_id BIGINT PRIMARY KEY, last_document_id BIGINT NOT NULL,
                    updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP)""");
        cursor = new DocumentCursor(jdbc, "test_document_cursor");
    }

    @AfterEach
    void close() {
        dataSource.destroy();
    }

    @Test
    void startsAtZeroMovesForwardAndNeverBack() {
        assertThat(cursor.position(7)).isZero();

        cursor.advanceTo(7, 120);
        cursor.advanceTo(7, 80); // a poll that read only the margin again
        assertThat(cursor.position(7)).isEqualTo(120);

        cursor.advanceTo(7, 150);
        assertThat(cursor.position(7)).isEqualTo(150);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM test_document_cursor", Integer.class)).isEqualTo(1);
    }

    @Test
    void eachClientHasItsOwnPosition() {
        cursor.advanceTo(1, 10);
        cursor.advanceTo(2, 30);

        assertThat(cursor.position(1)).isEqualTo(10);
        assertThat(cursor.position(2)).isEqualTo(30);
    }

    @Test
    void refusesATableNameThatIsNotOne() {
        assertThatThrownBy(() -> new DocumentCursor(jdbc, "cursor; DROP TABLE client"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
