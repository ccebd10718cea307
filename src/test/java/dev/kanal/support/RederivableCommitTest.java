package dev.kanal.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.TestEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/** On PostgreSQL: the relaxed commit holds for the calling transaction only, and never outside one. */
class RederivableCommitTest {

    final SingleConnectionDataSource db = new SingleConnectionDataSource(
            TestEnvironment.dbUrl(), TestEnvironment.dbUser(), TestEnvironment.dbPassword(), true);
    final JdbcTemplate jdbc = new JdbcTemplate(db);

    @AfterEach
    void close() {
        db.destroy();
    }

    @Test
    void theTransactionCommitsWithoutWaitingForTheDiskAndTheSessionKeepsItsSetting() {
        String before = synchronousCommit();
        assertThat(before).isNotEqualTo("off");

        String inside = new TransactionTemplate(new DataSourceTransactionManager(db)).execute(tx -> {
            RederivableCommit.forThisTransaction(jdbc);
            return synchronousCommit();
        });

        assertThat(inside).isEqualTo("off");
        assertThat(synchronousCommit()).as("the same connection after the commit").isEqualTo(before);
    }

    @Test
    void outsideATransactionNothingChanges() {
        String before = synchronousCommit();

        RederivableCommit.forThisTransaction(jdbc);

        assertThat(synchronousCommit()).isEqualTo(before);
    }

    private String synchronousCommit() {
        return jdbc.queryForObject("SHOW synchronous_commit", String.class);
    }
}
