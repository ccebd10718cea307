package dev.kanal.connector.backmarket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import dev.kanal.KanalIntegrationTest;
import dev.kanal.TestEnvironment;
import dev.kanal.connector.CallBudgets;
import dev.kanal.connector.CountingCallBudgets;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelOrderAcknowledger.OrderAcknowledgementRefusedException;
import dev.kanal.connector.QuantityUpdate;
import dev.kanal.connector.RateLimitedException;
import dev.kanal.connector.SharedCallBudgets;
import dev.kanal.sandbox.backmarket.BackMarketSandboxControl;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The call budget against the Back Market sandbox, which counts every API request of a seller
 * ({@code totalCalls}) and the most it saw in any 60 s ({@code maxCallsPer60s}).
 * <ul>
 *   <li>No call bypasses the budget: listings, pushes, 429s and acknowledgements, each request
 *       the sandbox saw took one call from the account's budget.</li>
 *   <li>Two nodes, one account: two Back Market clients, each with its own
 *       {@link SharedCallBudgets} on its own connection pool to the one database (what two Kanal
 *       processes hold), push to one seller at once; together they never pass the budget. The
 *       same two clients on budgets in their own memory pass it, which is what the test would
 *       catch.</li>
 * </ul>
 */
class BackMarketBudgetAcrossNodesTest extends KanalIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BUDGET = 10;

    @Autowired
    DataSource database;

    private BackMarketSandboxControl sandbox;
    private HikariDataSource secondNode;
    private ExecutorService pushers;

    @BeforeEach
    void newSeller() {
        sandbox = BackMarketSandboxControl.newSeller(URI.create(baseUrl() + "/sandbox/backmarket"));
        secondNode = new HikariDataSource();
        secondNode.setJdbcUrl(TestEnvironment.dbUrl());
        secondNode.setUsername(TestEnvironment.dbUser());
        secondNode.setPassword(TestEnvironment.dbPassword());
        secondNode.setMaximumPoolSize(2);
        pushers = Executors.newFixedThreadPool(4);
    }

    @AfterEach
    void stop() throws InterruptedException {
        pushers.shutdownNow(); // a push waiting for the budget is interrupted
        pushers.awaitTermination(10, TimeUnit.SECONDS);
        secondNode.close();
    }

    private ChannelConnection connection(String account, int callsPerMinute) {
        return new ChannelConnection(account, URI.create(baseUrl() + "/sandbox/backmarket"), Map.of(
                "token", sandbox.token(),
                "user-agent", "BM-Kanal-Tests;dev@kanal.dev",
                "accept-language", "fr-fr"), callsPerMinute);
    }

    private long totalCalls() {
        return sandbox.stats().path("totalCalls").asLong();
    }

    @Test
    void everyRequestTheChannelSawTookOneCallFromTheBudgetAcknowledgementsIncluded() {
        CountingCallBudgets budgets = new CountingCallBudgets(new SharedCallBudgets(database));
        BackMarketClient client = new BackMarketClient(Duration.ofSeconds(5), 4, BackMarketClient.TaskSettings.DEFAULT, budgets);
        BackMarketOrderAcknowledger acknowledger = new BackMarketOrderAcknowledger(client);
        ChannelConnection connection = connection("budget-acks/" + UUID.randomUUID(), 600);
        List<JsonNode> listings = sandbox.seed("ACKB", 6, 5);

        client.fetchListings(connection);
        sandbox.fault(429, 1, 1, 2); // the third call is refused: it counts too, and pauses the account
        List<QuantityUpdate> updates = listings.stream()
                .map(l -> new QuantityUpdate(l.path("id").asText(), 2, l.path("sku").asText())).toList();
        try {
            client.pushQuantities(connection, updates);
        } catch (RateLimitedException expected) {
            client.pushQuantities(connection, updates); // the writer's next attempt, after the pause
        }
        long order = placeOrder(List.of("ACKB-1", "ACKB-2")).path("order_id").asLong();
        acknowledger.accept(connection, Long.toString(order), "ACKB-1");
        acknowledger.refuse(connection, Long.toString(order), "ACKB-2");
        assertThatThrownBy(() -> acknowledger.accept(connection, Long.toString(order), "ACKB-1"))
                .isInstanceOf(OrderAcknowledgementRefusedException.class);

        JsonNode stats = sandbox.stats();
        assertThat(stats.path("calls").path("POST /ws/orders/{orderId}").asInt()).as("acknowledgements sent").isEqualTo(3);
        assertThat(stats.path("tooManyRequests").asInt()).isEqualTo(1);
        assertThat(budgets.acquired.get()).as("budget calls taken = requests the sandbox saw")
                .isEqualTo(stats.path("totalCalls").asInt());
    }

    @Test
    void twoNodesPushingToOneAccountNeverPassItsBudget() {
        String account = "budget-nodes/" + UUID.randomUUID();
        pushFromTwoNodes(account, new SharedCallBudgets(database), new SharedCallBudgets(secondNode));

        Awaitility.await("the first minute's budget is spent").atMost(Duration.ofSeconds(30)).until(() -> totalCalls() >= BUDGET);
        Awaitility.await("no node makes another call within the minute").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> totalCalls() == BUDGET);
        assertThat(sandbox.stats().path("maxCallsPer60s").asInt()).isEqualTo(BUDGET);
    }

    @Test
    void twoNodesWithBudgetsInTheirOwnMemoryPassIt() {
        String account = "budget-nodes/" + UUID.randomUUID();
        pushFromTwoNodes(account, CallBudgets.inJvm(), CallBudgets.inJvm());

        Awaitility.await("each node spends a whole budget").atMost(Duration.ofSeconds(30)).until(() -> totalCalls() >= 2 * BUDGET);
        assertThat(sandbox.stats().path("maxCallsPer60s").asInt()).isEqualTo(2 * BUDGET);
    }

    /** Each node pushes its own 15 listings of the seller's 30, four calls in flight, on a budget of {@value #BUDGET} a minute. */
    private void pushFromTwoNodes(String account, CallBudgets nodeA, CallBudgets nodeB) {
        List<JsonNode> listings = sandbox.seed("NODE", 30, 5);
        List<BackMarketClient> nodes = List.of(
                new BackMarketClient(Duration.ofSeconds(5), 4, BackMarketClient.TaskSettings.DEFAULT, nodeA),
                new BackMarketClient(Duration.ofSeconds(5), 4, BackMarketClient.TaskSettings.DEFAULT, nodeB));
        for (int n = 0; n < 2; n++) {
            BackMarketClient node = nodes.get(n);
            List<QuantityUpdate> updates = listings.subList(n * 15, n * 15 + 15).stream()
                    .map(l -> new QuantityUpdate(l.path("id").asText(), 1, l.path("sku").asText())).toList();
            pushers.submit(() -> node.pushQuantities(connection(account, BUDGET), updates));
        }
    }

    private JsonNode placeOrder(List<String> skus) {
        ObjectNode order = JSON.createObjectNode().put("state", 1).put("currency", "EUR").put("country_code", "fr-fr");
        order.putObject("shipping_address").put("firstName", "Luc").put("lastName", "Martin").put("street", "3 rue de la Paix")
                .put("postalCode", "75002").put("city", "Paris").put("country", "FR").put("phoneNumber", "+33639981234");
        skus.forEach(sku -> order.withArray("orderlines").addObject().put("listing", sku).put("quantity", 1).put("price", "199.00"));
        return sandbox.placeOrder(order);
    }

}
