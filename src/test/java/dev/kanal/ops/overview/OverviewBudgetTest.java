package dev.kanal.ops.overview;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.KanalIntegrationTest;
import dev.kanal.connector.AccountCallBudget;
import dev.kanal.connector.CallBudgets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The overview shows each account's call budget in use: the calls every node was granted in the
 * last minute (read from the shared budgets in the database) and a 429's pause while it runs.
 */
class OverviewBudgetTest extends KanalIntegrationTest {

    @Autowired Overview overview;
    @Autowired CallBudgets budgets;
    @Autowired org.springframework.jdbc.core.JdbcTemplate jdbc;

    @Test
    void anAccountsCallsOfTheLastMinuteAndItsPauseAreShown() throws Exception {
        // bm-strict: pushes only what its tests push; 600 calls a minute
        AccountOverview before = account("bm-strict");
        AccountCallBudget budget = budgets.of(CLIENT + "/bm-strict", 600);
        for (int i = 0; i < 7; i++) {
            budget.acquire();
        }
        budget.pause(Duration.ofSeconds(30));

        AccountOverview after = account("bm-strict");
        assertThat(after.callsPerMinute()).isEqualTo(600);
        assertThat(after.callsLastMinute()).isGreaterThanOrEqualTo(before.callsLastMinute() + 7);
        assertThat(after.budgetUsePercent()).isEqualTo(after.callsLastMinute() * 100 / 600);
        assertThat(after.budgetPausedUntil()).isAfter(Instant.now().plusSeconds(20)).isBefore(Instant.now().plusSeconds(31));
        budget.pause(Duration.ZERO);
    }

    @Test
    void anAccountWithoutABudgetRowShowsNoCallsAndNoPause() {
        jdbc.update("DELETE FROM channel_call_budget WHERE account = ?", CLIENT + "/woo-remote"); // its grants go with it
        AccountOverview unused = account("woo-remote");
        assertThat(unused.callsLastMinute()).isZero();
        assertThat(unused.budgetPausedUntil()).isNull();
    }

    private AccountOverview account(String account) {
        return overview.read().accounts().stream().filter(a -> a.client().equals(CLIENT) && a.account().equals(account))
                .findFirst().orElseThrow();
    }
}
