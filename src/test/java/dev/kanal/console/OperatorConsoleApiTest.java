package dev.kanal.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.KanalIntegrationTest;
import dev.kanal.ops.deadletters.DeadLetters;
import jakarta.jms.Message;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;

/**
 * The console's API on the whole application (real PostgreSQL, embedded Artemis, sandboxes):
 * dead letters grouped by cause, a group replayed to the queue it failed on (operator) or deleted
 * (admin), both audited; an order's timeline; the OpenAPI description; the operations gauges.
 */
class OperatorConsoleApiTest extends KanalIntegrationTest {

    /** A hop queue nobody consumes (application-test.yaml) and its dead-letter queue. */
    private static final String PARKED = "kanal.test.parked";
    private static final String PARKED_DLQ = PARKED + ".dlq";

    @Autowired JdbcTemplate jdbc;
    @Autowired JmsTemplate jms;
    @Autowired DeadLetters deadLetters;
    ConsoleScenario scenario;

    @BeforeEach
    void scenario() {
        scenario = new ConsoleScenario(baseUrl(), CLIENT, RUN, jdbc);
    }

    @Test
    void deadLettersAreGroupedByCauseAndAGroupIsReplayedToTheQueueItFailedOnAndAudited() throws Exception {
        String cause = "SKU-" + UUID.randomUUID().toString().substring(0, 8);
        String other = "SKU-" + UUID.randomUUID().toString().substring(0, 8);
        for (int order = 1; order <= 3; order++) {
            park("unknown SKU '" + cause + "' in order " + (1000 + order), "{\"order\":" + order + "}");
        }
        park("unknown SKU '" + other + "' in order 2001", "{\"order\":4}");

        JsonNode listed = scenario.json("GET", "/admin/dead-letters", ConsoleScenario.VIEWER, 200);
        assertThat(listed.path("broker").asText()).isEqualTo("embedded");
        assertThat(listed.path("queues").path(PARKED_DLQ).asLong()).isGreaterThanOrEqualTo(4);
        JsonNode group = groupNaming(listed, cause);
        assertThat(group.path("count").asInt()).isEqualTo(3);
        assertThat(group.path("queue").asText()).isEqualTo(PARKED_DLQ);
        assertThat(group.path("originalQueue").asText()).isEqualTo(PARKED);
        assertThat(group.path("errorClass").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(group.path("reason").asText()).isEqualTo("unknown SKU '" + cause + "' in order <n>");
        assertThat(group.path("clients").get(0).asText()).isEqualTo(CLIENT);
        assertThat(group.path("sample").path("body").asText()).isEqualTo("{\"order\":3}");
        assertThat(groupNaming(listed, other).path("count").asInt()).isEqualTo(1);
        String id = group.path("id").asText();

        JsonNode detail = scenario.json("GET", "/admin/dead-letters/" + id, ConsoleScenario.VIEWER, 200);
        assertThat(detail.path("messages")).hasSize(3);

        scenario.json("POST", "/admin/dead-letters/" + id + "/replay", ConsoleScenario.VIEWER, 403);
        JsonNode replayed = scenario.json("POST", "/admin/dead-letters/" + id + "/replay", ConsoleScenario.OPERATOR, 200);
        assertThat(replayed.path("matched").asInt()).isEqualTo(3);
        assertThat(replayed.path("done").asInt()).isEqualTo(3);
        assertThat(replayed.path("sentTo").asText()).isEqualTo(PARKED);

        assertThat(receiveFromParked(cause)).containsExactlyInAnyOrder("{\"order\":1}", "{\"order\":2}", "{\"order\":3}");
        JsonNode after = scenario.json("GET", "/admin/dead-letters", ConsoleScenario.VIEWER, 200);
        assertThat(groupNamingOrNull(after, cause)).isNull();
        assertThat(groupNaming(after, other).path("count").asInt()).isEqualTo(1);

        JsonNode audit = scenario.json("GET", "/admin/audit?limit=20", ConsoleScenario.ADMIN, 200);
        JsonNode entry = StreamSupport.stream(audit.spliterator(), false)
                .filter(a -> a.path("action").asText().equals("dead-letters.replay") && a.path("target").asText().contains(id))
                .findFirst().orElseThrow();
        assertThat(entry.path("actor").asText()).isEqualTo("operator");
        assertThat(entry.path("outcome").asText()).isEqualTo("succeeded");
        assertThat(entry.path("client").asText()).isEqualTo(CLIENT);
        assertThat(entry.path("detail").asText()).startsWith("3 of 3 message(s) sent back to " + PARKED);

        // the group is gone: a second replay finds nothing, and says so in the audit too
        scenario.json("POST", "/admin/dead-letters/" + id + "/replay", ConsoleScenario.OPERATOR, 404);
        assertThat(scenario.json("GET", "/admin/audit?limit=5", ConsoleScenario.ADMIN, 200).get(0).path("outcome").asText())
                .isEqualTo("refused");
    }

    @Test
    void deletingAGroupIsTheAdminsAndIsAudited() throws Exception {
        String cause = "SKU-" + UUID.randomUUID().toString().substring(0, 8);
        park("unknown SKU '" + cause + "' in order 3001", "{\"order\":5}");
        park("unknown SKU '" + cause + "' in order 3002", "{\"order\":6}");
        String id = groupNaming(scenario.json("GET", "/admin/dead-letters", ConsoleScenario.VIEWER, 200), cause).path("id").asText();
        long depth = deadLetters.depth(PARKED_DLQ);

        scenario.json("DELETE", "/admin/dead-letters/" + id, ConsoleScenario.OPERATOR, 403);
        JsonNode deleted = scenario.json("DELETE", "/admin/dead-letters/" + id, ConsoleScenario.ADMIN, 200);
        assertThat(deleted.path("done").asInt()).isEqualTo(2);

        assertThat(deadLetters.depth(PARKED_DLQ)).isEqualTo(depth - 2);
        assertThat(groupNamingOrNull(scenario.json("GET", "/admin/dead-letters", ConsoleScenario.VIEWER, 200), cause)).isNull();
        JsonNode newest = scenario.json("GET", "/admin/audit?limit=1", ConsoleScenario.ADMIN, 200).get(0);
        assertThat(newest.path("action").asText()).isEqualTo("dead-letters.delete");
        assertThat(newest.path("actor").asText()).isEqualTo("admin");
        assertThat(newest.path("detail").asText()).startsWith("2 of 2 message(s) deleted");
        scenario.json("DELETE", "/admin/dead-letters/" + id, ConsoleScenario.ADMIN, 404);
    }

    @Test
    void anOrdersTimelineListsEveryHopWithItsTimeAndTheChannelPayload() throws Exception {
        String sku = scenario.stockInErp(3);
        String channelOrderId = scenario.backMarketOrder(BM_ORDERS_TOKEN, sku);
        long orderId = scenario.imported("bm-orders", channelOrderId);
        org.awaitility.Awaitility.await("order in the ERP").atMost(java.time.Duration.ofSeconds(40))
                .until(() -> "IN_ERP".equals(scenario.status(orderId)));

        JsonNode timeline = scenario.json("GET", "/admin/clients/" + CLIENT + "/orders/" + orderId + "/timeline",
                ConsoleScenario.VIEWER, 200);
        List<String> hops = new ArrayList<>();
        timeline.path("hops").forEach(h -> hops.add(h.path("hop").asText()));
        assertThat(hops).containsSubsequence("received", "translated", "allocated", "in ERP");
        assertThat(hops).contains("acknowledged (accepted on the channel)");
        List<Instant> times = new ArrayList<>();
        timeline.path("hops").forEach(h -> times.add(Instant.parse(h.path("at").asText())));
        assertThat(times).isSorted();
        assertThat(timeline.path("order").path("status").asText()).isEqualTo("IN_ERP");
        assertThat(timeline.path("channelPayload").path("order_id").asText()).isEqualTo(channelOrderId);

        scenario.json("GET", "/admin/clients/" + CLIENT + "/orders/999999999/timeline", ConsoleScenario.VIEWER, 404);
        scenario.json("GET", "/admin/clients/no-such-client/orders/" + orderId + "/timeline", ConsoleScenario.VIEWER, 404);
    }

    @Test
    void theOpenApiDescriptionListsTheAdminEndpointsBehindLogin() throws Exception {
        assertThat(scenario.send("GET", "/v3/api-docs", null, null).statusCode()).isEqualTo(401);
        JsonNode docs = scenario.json("GET", "/v3/api-docs", ConsoleScenario.VIEWER, 200);
        JsonNode paths = docs.path("paths");
        assertThat(paths.path("/admin/dead-letters").has("get")).isTrue();
        assertThat(paths.path("/admin/dead-letters/{group}/replay").has("post")).isTrue();
        assertThat(paths.path("/admin/dead-letters/{group}").has("delete")).isTrue();
        assertThat(paths.path("/admin/clients/{client}/orders/{orderId}/timeline").has("get")).isTrue();
        assertThat(paths.path("/admin/clients/{client}/listings").has("get")).isTrue();
        assertThat(paths.path("/admin/audit").has("get")).isTrue();
        assertThat(paths.path("/admin/clients/{client}/accounts/{account}/offers").has("post")).isTrue();
        assertThat(paths.path("/admin/clients/{client}/accounts/{account}/offers").has("get")).isTrue();
        assertThat(paths.fieldNames()).toIterable().allMatch(path -> path.startsWith("/admin/"));
    }

    @Test
    void prometheusHasTheOperationsGauges() throws Exception {
        park("unknown SKU 'GAUGE' in order 1", "{}");
        String text = scenario.send("GET", "/actuator/prometheus", null, ConsoleScenario.VIEWER).body(); // a scrape login that changes nothing
        assertThat(text).containsPattern("kanal_dead_letters\\{queue=\"" + PARKED_DLQ.replace(".", "\\.") + "\"} [1-9]");
        assertThat(text).contains("kanal_orders_held{account=\"bm-orders\",client=\"" + CLIENT + "\"}");
        assertThat(text).contains("kanal_listings_unmapped{account=\"bm\",client=\"" + CLIENT + "\"}");
        assertThat(text).contains("kanal_sync_latency_seconds{account=\"bm\",client=\"" + CLIENT + "\",quantile=\"0.99\"}");
        assertThat(text).contains("kanal_sync_latency_target_seconds{account=\"bm\",client=\"" + CLIENT + "\"} 60.0");
        assertThat(text).contains("kanal_call_budget_limit{account=\"bm-slow\",client=\"" + CLIENT + "\"} 20.0");
        assertThat(text).containsPattern("kanal_call_budget_used\\{account=\"bm-slow\",client=\"" + CLIENT + "\"} [0-9]+\\.0");
    }

    /** A dead letter as Kanal's error handler parks one: error headers and the queue it failed on. */
    private void park(String error, String body) {
        jms.convertAndSend(PARKED_DLQ, body, m -> {
            m.setStringProperty("kanalErrorClass", "java.lang.IllegalStateException");
            m.setStringProperty("kanalErrorMessage", error);
            m.setStringProperty("kanalErrorRoute", "test-route");
            m.setStringProperty("kanalErrorTime", Instant.now().toString());
            m.setStringProperty("kanalClient", CLIENT);
            m.setStringProperty("_AMQ_ORIG_ADDRESS", PARKED);
            m.setStringProperty("_AMQ_ORIG_QUEUE", PARKED);
            return m;
        });
    }

    private List<String> receiveFromParked(String cause) throws Exception {
        List<String> bodies = new ArrayList<>();
        jms.setReceiveTimeout(5000);
        Message message;
        while (bodies.size() < 3
                && (message = jms.receiveSelected(PARKED, "kanalErrorMessage LIKE '%" + cause + "%'")) != null) {
            bodies.add(((jakarta.jms.TextMessage) message).getText());
        }
        return bodies;
    }

    private static JsonNode groupNaming(JsonNode listed, String cause) {
        JsonNode group = groupNamingOrNull(listed, cause);
        assertThat(group).as("a group naming " + cause + " in " + listed).isNotNull();
        return group;
    }

    private static JsonNode groupNamingOrNull(JsonNode listed, String cause) {
        return StreamSupport.stream(listed.path("groups").spliterator(), false)
                .filter(g -> g.path("reason").asText().contains(cause)).findFirst().orElse(null);
    }
}
