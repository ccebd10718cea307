package dev.kanal.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.KanalIntegrationTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Recalculation requests on real PostgreSQL: over an array (PostgreSQL) and in a batch (what H2 runs), the same rows. */
class RecalculationRequestsTest extends KanalIntegrationTest {

    @Autowired JdbcTemplate jdbc;
    @Autowired TransactionTemplate tx;

    @ParameterizedTest(name = "set-based: {0}")
    @ValueSource(booleans = {true, false})
    void eachSkuIsRequestedOnceInTheOrderGiven(boolean setBased) {
        String client = "req-" + UUID.randomUUID().toString().substring(0, 8);
        // uncommitted, so the running calculator never takes these rows away before they are read
        tx.executeWithoutResult(status -> {
            RecalculationRequests.record(jdbc, client, List.of("B", "A", "B", "C"), setBased);
            RecalculationRequests.record(jdbc, client, List.of(), setBased);

            assertThat(jdbc.queryForList("SELECT sku FROM stock_recalculation WHERE client_code = ? ORDER BY id", String.class, client))
                    .containsExactly("B", "A", "C");
            status.setRollbackOnly();
        });
    }
}
