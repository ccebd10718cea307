package dev.kanal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.KanalIntegrationTest;
import dev.kanal.messaging.FailingStep;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;

/**
 * Every operator action lands in the audit with who, what, which client and target, and how it
 * ended: admin API calls (release, allocate, ERP retry, cancel, mapping) and Jolokia changes
 * (a dead letter replayed, one deleted). GET /admin/audit lists the newest first.
 */
class OperatorAuditTest extends KanalIntegrationTest {

    private static final String OPERATOR = ConsoleClient.basic("operator", "test-operator-secret");
    private static final String ADMIN = ConsoleClient.basic("admin", "test-secret");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConsoleClient console = new ConsoleClient(baseUrl());
    private final String client = "/admin/clients/" + CLIENT;

    @Autowired JmsTemplate jms;
    @Autowired FailingStep failingStep;

    @Test
    void adminApiActionsAreAuditedWithWhoWhatAndOutcome() throws Exception {
        String reason = "unknown SKU 'AUDIT-" + RUN + "'";
        assertThat(console.send("POST", client + "/orders/held/release?reason=" + ConsoleClient.enc(reason), OPERATOR, null)
                .statusCode()).isEqualTo(200);
        assertThat(console.send("POST", client + "/orders/987654321/allocate", OPERATOR, null).statusCode()).isEqualTo(404);
        assertThat(console.send("POST", client + "/orders/987654322/erp", OPERATOR, null).statusCode()).isEqualTo(404);
        assertThat(console.send("POST", client + "/orders/987654323/cancel", ADMIN, "{\"reason\":\"test\"}").statusCode()).isEqualTo(404);
        assertThat(console.send("PUT", client + "/listings/987654324/mapping", ADMIN, "{\"sku\":\"X\"}").statusCode()).isEqualTo(404);
        assertThat(console.send("POST", client + "/orders/987654325/cancel", OPERATOR, null).statusCode())
                .as("refused by role: never reaches the action, so nothing to audit").isEqualTo(403);

        List<JsonNode> entries = audit("?client=" + CLIENT + "&limit=1000");
        JsonNode release = entry(entries, "orders.release", "reason=" + reason);
        assertThat(release.path("actor").asText()).isEqualTo("operator");
        assertThat(release.path("client").asText()).isEqualTo(CLIENT);
        assertThat(release.path("outcome").asText()).isEqualTo("succeeded");
        assertThat(release.path("status").asInt()).isEqualTo(200);
        assertThat(release.path("address").asText()).isEqualTo("127.0.0.1");
        assertThat(release.path("at").isNull()).isFalse();
        JsonNode allocate = entry(entries, "orders.allocate", "orderId=987654321");
        assertThat(allocate.path("actor").asText()).isEqualTo("operator");
        assertThat(allocate.path("outcome").asText()).isEqualTo("refused");
        assertThat(allocate.path("status").asInt()).isEqualTo(404);
        assertThat(entry(entries, "orders.erp-retry", "orderId=987654322").path("actor").asText()).isEqualTo("operator");
        assertThat(entry(entries, "orders.cancel", "orderId=987654323").path("actor").asText()).isEqualTo("admin");
        assertThat(entry(entries, "listings.map", "listingId=987654324").path("actor").asText()).isEqualTo("admin");
        assertThat(entries).noneMatch(e -> e.path("target").asText().equals("orderId=987654325"));
    }

    @Test
    void aDeadLetterReplayedAndOneDeletedThroughJolokiaAreAudited() throws Exception {
        String body = "audit-" + UUID.randomUUID();
        String tag = "t" + UUID.randomUUID().toString().replace("-", "");
        jms.convertAndSend("kanal.test.always-fails", body, m -> {
            m.setStringProperty("kanalAuditTag", tag);
            return m;
        });
        String dlq = OperatorRolesTest.dlq();
        await().atMost(Duration.ofSeconds(30)).until(() -> messageIds(dlq, tag).size() == 1);
        long messageId = messageIds(dlq, tag).get(0);

        HttpResponse<String> replay = console.send("POST", "/actuator/jolokia", OPERATOR,
                OperatorRolesTest.exec(dlq, "retryMessage(long)", messageId));
        assertThat(JSON.readTree(replay.body()).path("value").asBoolean()).as(replay.body()).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> failingStep.attemptsFor(body).size() == 6);

        String queueTarget = "queue kanal.test.always-fails.dlq message " + messageId;
        JsonNode replayed = entry(audit("?limit=200"), "messages.replay", queueTarget);
        assertThat(replayed.path("actor").asText()).isEqualTo("operator");
        assertThat(replayed.path("client").isNull()).isTrue();
        assertThat(replayed.path("outcome").asText()).isEqualTo("succeeded");
        assertThat(replayed.path("detail").asText()).contains("retryMessage(" + messageId + ")", "= true");

        // back in the dead-letter queue after three more attempts: the admin deletes it
        await().atMost(Duration.ofSeconds(30)).until(() -> messageIds(dlq, tag).size() == 1);
        long again = messageIds(dlq, tag).get(0);
        HttpResponse<String> delete = console.send("POST", "/actuator/jolokia", ADMIN,
                OperatorRolesTest.exec(dlq, "removeMessage(long)", again));
        assertThat(JSON.readTree(delete.body()).path("value").asBoolean()).as(delete.body()).isTrue();
        assertThat(messageIds(dlq, tag)).isEmpty();
        assertThat(entry(audit("?limit=200"), "messages.delete", "queue kanal.test.always-fails.dlq message " + again)
                .path("actor").asText()).isEqualTo("admin");
    }

    @Test
    void theAuditListsTheNewestFirstNarrowedByClientAndLimit() throws Exception {
        for (String reason : List.of("first-" + RUN, "second-" + RUN)) {
            console.send("POST", client + "/orders/held/release?reason=" + reason, OPERATOR, null);
        }
        List<JsonNode> newest = audit("?client=" + CLIENT + "&limit=2");
        assertThat(newest).extracting(e -> e.path("target").asText())
                .containsExactly("reason=second-" + RUN, "reason=first-" + RUN);
        assertThat(audit("?client=never-acted-on-" + RUN)).isEmpty(); // a client no test calls
        assertThat(audit("?limit=1")).hasSize(1);
    }

    private List<JsonNode> audit(String query) throws Exception {
        HttpResponse<String> answer = console.send("GET", "/admin/audit" + query, OPERATOR, null);
        assertThat(answer.statusCode()).isEqualTo(200);
        List<JsonNode> entries = new ArrayList<>();
        JSON.readTree(answer.body()).forEach(entries::add);
        return entries;
    }

    private static JsonNode entry(List<JsonNode> entries, String action, String target) {
        return entries.stream().filter(e -> e.path("action").asText().equals(action) && e.path("target").asText().equals(target))
                .findFirst().orElseThrow(() -> new AssertionError("no audit entry " + action + " " + target + " in " + entries));
    }

    private static List<Long> messageIds(String queue, String tag) throws Exception {
        Object listed = ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName(queue), "listMessages",
                new Object[] {"kanalAuditTag = '" + tag + "'"}, new String[] {String.class.getName()});
        List<Long> ids = new ArrayList<>();
        for (Map<?, ?> message : (Map<?, ?>[]) listed) {
            ids.add(((Number) message.get("messageID")).longValue());
        }
        return ids;
    }
}
