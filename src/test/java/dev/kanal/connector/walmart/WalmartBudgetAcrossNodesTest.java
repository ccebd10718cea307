package dev.kanal.connector.walmart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.KanalIntegrationTest;
import dev.kanal.connector.CallBudgets;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.QuantityUpdate;
import dev.kanal.connector.TwoNodes;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Two Kanal nodes pushing stock to one Walmart seller at once, token requests included, stay
 * within the account's budget when their budgets are shared in the database (the default), and
 * pass it when each node counts in its own memory, which is what makes the first test able to fail.
 * The Walmart sandbox counts every request of a seller and the most it saw in any 60 s.
 */
class WalmartBudgetAcrossNodesTest extends KanalIntegrationTest {

    private static final int BUDGET = 10;
    /** What the connector lets itself spend of {@link #BUDGET}: it keeps one call in a hundred, at least one, in hand. */
    private static final int SPENT = BUDGET - 1;

    @Autowired
    DataSource database;

    private WalmartSandboxClient seller;
    private TwoNodes nodes;

    @BeforeEach
    void newSeller() {
        seller = WalmartSandboxClient.newSeller(URI.create(baseUrl() + "/sandbox/walmart"));
        seller.items("NODE", 30, 0);
        nodes = new TwoNodes(database);
    }

    @AfterEach
    void stop() throws InterruptedException {
        nodes.close();
    }

    @Test
    void twoNodesPushingToOneSellerNeverPassItsBudget() {
        pushFromTwoNodes(nodes.sharedBudgets());

        Awaitility.await("the minute's budget is spent").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(nodes.failures()).isEmpty();
            assertThat(totalCalls()).isGreaterThanOrEqualTo(SPENT);
        });
        Awaitility.await("no node makes another call within the minute").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> totalCalls() == SPENT);
        assertThat(seller.stats().path("maxCallsPer60s").asInt()).isEqualTo(SPENT).isLessThanOrEqualTo(BUDGET);
    }

    @Test
    void twoNodesWithBudgetsInTheirOwnMemoryPassIt() {
        pushFromTwoNodes(TwoNodes.inJvmBudgets());

        Awaitility.await("each node spends a whole budget").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(nodes.failures()).isEmpty();
            assertThat(totalCalls()).isGreaterThanOrEqualTo(2 * SPENT);
        });
        assertThat(seller.stats().path("maxCallsPer60s").asInt()).isEqualTo(2 * SPENT).isGreaterThan(BUDGET);
    }

    /** Each node pushes 15 SKUs of its own, one call per SKU (below the feed threshold), on its own token. */
    private void pushFromTwoNodes(List<CallBudgets> budgets) {
        String account = "budget-nodes/" + UUID.randomUUID();
        ChannelConnection connection = new ChannelConnection(account, URI.create(baseUrl() + "/sandbox/walmart"),
                Map.of("client-id", seller.clientId(), "client-secret", seller.secret()), BUDGET);
        for (int n = 0; n < 2; n++) {
            WalmartStock node = new WalmartStock(new WalmartHttp(Duration.ofSeconds(5), budgets.get(n)),
                    new WalmartStock.FeedSettings(50, 1_000, 10, Duration.ofSeconds(20), Duration.ofMillis(50)));
            List<QuantityUpdate> updates = IntStream.rangeClosed(n * 15 + 1, n * 15 + 15)
                    .mapToObj(i -> new QuantityUpdate("NODE-" + i, 1)).toList();
            nodes.push(() -> node.pushQuantities(connection, updates));
        }
    }

    private int totalCalls() {
        return seller.stats().path("totalCalls").asInt();
    }
}
