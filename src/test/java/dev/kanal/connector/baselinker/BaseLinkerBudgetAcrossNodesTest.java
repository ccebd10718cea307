package dev.kanal.connector.baselinker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.KanalIntegrationTest;
import dev.kanal.connector.CallBudgets;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.QuantityUpdate;
import dev.kanal.connector.TestTransports;
import dev.kanal.connector.TwoNodes;
import dev.kanal.sandbox.baselinker.BaseLinkerSandboxDriver;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Two Kanal nodes writing stock to one BaseLinker token at once stay within the account's budget
 * when their budgets are shared in the database (the default), and pass it when each node counts
 * in its own memory, which is what makes the first test able to fail. The sandbox counts every
 * call of a token and the most it saw in any 60 s.
 */
class BaseLinkerBudgetAcrossNodesTest extends KanalIntegrationTest {

    private static final int BUDGET = 10;

    @Autowired
    DataSource database;

    private BaseLinkerSandboxDriver sandbox;
    private List<JsonNode> products;
    private TwoNodes nodes;

    @BeforeEach
    void newAccount() {
        sandbox = BaseLinkerSandboxDriver.newAccount(URI.create(baseUrl() + "/sandbox/baselinker"));
        products = sandbox.seed("NODE", 30, 1);
        nodes = new TwoNodes(database);
    }

    @AfterEach
    void stop() throws InterruptedException {
        nodes.close();
    }

    @Test
    void twoNodesWritingToOneTokenNeverPassItsBudget() {
        pushFromTwoNodes(nodes.sharedBudgets());

        Awaitility.await("the minute's budget is spent").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(nodes.failures()).isEmpty();
            assertThat(totalCalls()).isGreaterThanOrEqualTo(BUDGET);
        });
        Awaitility.await("no node makes another call within the minute").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> totalCalls() == BUDGET);
        assertThat(sandbox.stats().path("maxCallsPer60s").asInt()).isEqualTo(BUDGET);
        assertThat(sandbox.stats().path("blockedAnswers").asInt()).isZero();
    }

    @Test
    void twoNodesWithBudgetsInTheirOwnMemoryPassIt() {
        pushFromTwoNodes(TwoNodes.inJvmBudgets());

        Awaitility.await("each node spends a whole budget").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(nodes.failures()).isEmpty();
            assertThat(totalCalls()).isGreaterThanOrEqualTo(2 * BUDGET);
        });
        assertThat(sandbox.stats().path("maxCallsPer60s").asInt()).isEqualTo(2 * BUDGET);
    }

    /** Each node writes 15 products of its own, one call per product (catalog and warehouse named, so nothing is looked up). */
    private void pushFromTwoNodes(List<CallBudgets> budgets) {
        String account = "budget-nodes/" + UUID.randomUUID();
        ChannelConnection connection = new ChannelConnection(account, sandbox.endpoint(), Map.of("token", sandbox.token()),
                Map.of("inventory-id", sandbox.inventory().path("inventory_id").asText(), "warehouse", "bl_1"), BUDGET, null);
        for (int n = 0; n < 2; n++) {
            BaseLinkerClient node = new BaseLinkerClient(new BaseLinkerHttp(Duration.ofSeconds(5), budgets.get(n), TestTransports.selected()));
            List<JsonNode> own = products.subList(n * 15, n * 15 + 15);
            nodes.push(() -> own.forEach(p -> node.pushQuantities(connection, List.of(new QuantityUpdate(p.path("id").asText(), 2)))));
        }
    }

    private int totalCalls() {
        return sandbox.stats().path("totalCalls").asInt();
    }
}
