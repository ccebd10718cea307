package dev.kanal.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.KanalIntegrationTest;
import dev.kanal.client.config.ClientConfigLoader;
import dev.kanal.client.config.ClientConfigException;
import dev.kanal.client.config.ClientRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Onboarding through the API (docs/onboarding.md, decision 0036): a broken client file is
 * refused with validate's messages and nothing changes; the fixed file reloads a new client
 * with a dry-run account (its source polled, no order poll); its listings import as a job with
 * progress; the preview says what would be pushed and what is unmapped while the sandbox seller
 * receives no write; switched live, exactly the previewed change is pushed, recalculated after the
 * stock moved; removed, its schedules are gone from Camel and from the Quartz store.
 */
class OnboardingApiTest extends KanalIntegrationTest {

    private static final String ADMIN = basic("admin", "test-secret");

    @Autowired JdbcTemplate jdbc;
    @Autowired ClientRegistry registry;
    @Autowired CamelContext camel;
    @Autowired ProducerTemplate producer;
    @Autowired ClientReloadBroadcast broadcast;
    DryRunClient newClient;

    @AfterEach
    void removeClient() throws Exception {
        if (newClient != null) {
            newClient.delete();
            http("POST", "/admin/clients/reload", null, ADMIN);
        }
    }

    @Test
    void aDryRunAccountPreviewsThenPushesExactlyThePreviewOnceLiveAndLeavesNoScheduleWhenRemoved() throws Exception {
        newClient = new DryRunClient("dry-" + RUN, CLIENTS_DIR, baseUrl(), jdbc);
        String c = newClient.id;

        // a broken file: refused with validate's own words, the running configuration stays
        newClient.writeBroken();
        List<String> validateSays = new ArrayList<>();
        try {
            ClientConfigLoader.fromEnvironment().load(newClient.file());
        } catch (ClientConfigException e) {
            e.problems().forEach(p -> validateSays.add(p.toString()));
        }
        assertThat(validateSays).isNotEmpty();
        Answer refused = http("POST", "/admin/clients/reload", null, ADMIN);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(texts(refused.json().path("problems"))).containsAll(validateSays);
        assertThat(registry.find(c)).isEmpty();
        assertThat(registry.find(CLIENT)).isPresent();

        // fixed, in dry-run: the client is there, its source polled, its orders not
        newClient.write("dry-run");
        Answer reloaded = http("POST", "/admin/clients/reload", null, ADMIN);
        assertThat(reloaded.status()).as(reloaded.json().toString()).isEqualTo(200);
        assertThat(texts(reloaded.json().path("added"))).contains(c, c + "/bm");
        assertThat(reloaded.json().path("otherNodesTold").asBoolean()).as("announced to the other nodes").isTrue();
        assertThat(camel.getRoute("source-poll-" + c)).isNotNull();
        assertThat(camel.getRoute("order-poll-" + c + "-bm")).isNull();
        List<Map<String, Object>> audit = jdbc.queryForList(
                "SELECT status, detail FROM operator_audit WHERE action = 'clients.reload' ORDER BY id DESC LIMIT 2");
        assertThat(audit.get(0).get("status")).isEqualTo(200);
        assertThat((String) audit.get(0).get("detail")).contains("added " + c);
        assertThat(audit.get(1).get("status")).isEqualTo(422);

        newClient.erpStock(Map.of("A-" + RUN, 5, "B-" + RUN, 2));
        Map<String, String> listingIds = newClient.channelListings(Map.of("A-" + RUN, 1, "B-" + RUN, 2, "NOPE-" + RUN, 3));

        // the import is a job: 202 at once, its progress at its Location
        Answer started = http("POST", "/admin/clients/" + c + "/accounts/bm/listings/import", null, ADMIN);
        assertThat(started.status()).isEqualTo(202);
        String job = started.json().path("id").asText();
        JsonNode done = Awaitility.await("import job").atMost(Duration.ofSeconds(30)).until(
                () -> http("GET", "/admin/clients/" + c + "/listing-imports/" + job, null, ADMIN).json(),
                j -> !"running".equals(j.path("state").asText()));
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("succeeded");
        assertThat(done.path("listings").asInt()).isEqualTo(3);
        assertThat(done.path("total").asInt()).isEqualTo(3);
        assertThat(done.path("totalFrom").asText()).isEqualTo("channel");
        assertThat(done.path("percent").asInt()).isEqualTo(100);
        assertThat(done.path("summary").path("unmapped").asInt()).isEqualTo(1);

        // the preview: A would go from 1 to 5, B is right already, NOPE is unmapped
        JsonNode preview = Awaitility.await("A calculated").atMost(Duration.ofSeconds(20)).until(
                () -> http("GET", "/admin/clients/" + c + "/accounts/bm/preview", null, ADMIN).json(),
                p -> p.path("changeCount").asInt() == 1);
        assertThat(preview.path("mode").asText()).isEqualTo("dry-run");
        JsonNode change = preview.path("changes").get(0);
        assertThat(change.path("channelListingId").asText()).isEqualTo(listingIds.get("A-" + RUN));
        assertThat(change.path("channelQuantity").asInt()).isEqualTo(1);
        assertThat(change.path("wouldSend").asInt()).isEqualTo(5);
        assertThat(change.path("why").path("calculation").path("onHand").asInt()).isEqualTo(5);
        assertThat(preview.path("unmappedCount").asInt()).isEqualTo(1);
        assertThat(preview.path("unmapped").get(0).path("channelSku").asText()).isEqualTo("NOPE-" + RUN);

        // stock moves, then the account goes live: the preview recalculated is what is pushed
        newClient.erpStock(Map.of("A-" + RUN, 4, "B-" + RUN, 2));
        JsonNode moved = Awaitility.await("preview recalculated").atMost(Duration.ofSeconds(20)).until(
                () -> http("GET", "/admin/clients/" + c + "/accounts/bm/preview", null, ADMIN).json(),
                p -> p.path("changes").path(0).path("wouldSend").asInt() == 4);
        assertThat(moved.path("changeCount").asInt()).isEqualTo(1);
        // nothing written all along (the writer was nudged by the import and by each recalculation): reads only
        assertThat(newClient.channelQuantities()).containsEntry("A-" + RUN, 1);
        assertNoWrites(newClient.channelStats());
        newClient.write("live");
        Answer live = http("POST", "/admin/clients/reload", null, ADMIN);
        assertThat(texts(live.json().path("nowLive"))).containsExactly(c + "/bm");
        Awaitility.await("A pushed").atMost(Duration.ofSeconds(30))
                .until(() -> newClient.channelQuantities().get("A-" + RUN) == 4);
        assertThat(newClient.channelQuantities()).containsEntry("B-" + RUN, 2).containsEntry("NOPE-" + RUN, 3);
        assertThat(newClient.channelStats().path("listingUpdates").asInt()).isEqualTo(1);
        assertThat(camel.getRoute("order-poll-" + c + "-bm")).isNotNull();
        assertThat(quartzTriggers("kanal-order-poll", c + "-bm")).isEqualTo(1);

        // removed: its schedules are gone, in Camel and in the clustered job store
        newClient.delete();
        Answer removed = http("POST", "/admin/clients/reload", null, ADMIN);
        assertThat(texts(removed.json().path("removed"))).contains(c, c + "/bm");
        newClient = null;
        assertThat(camel.getRoute("order-poll-" + c + "-bm")).isNull();
        assertThat(camel.getRoute("source-poll-" + c)).isNull();
        assertThat(quartzTriggers("kanal-order-poll", c + "-bm")).isZero();
        assertThat(quartzTriggers("kanal-source-poll", c)).isZero();
        assertThat(registry.find(c)).isEmpty();
    }

    @Test
    void anotherNodesReloadAnnouncementReloadsThisNode() throws Exception {
        newClient = new DryRunClient("heard-" + RUN, CLIENTS_DIR, baseUrl(), jdbc);
        String c = newClient.id;
        newClient.write("dry-run");

        // another node reloaded: this node reads its own files and has the client, its schedules made
        producer.sendBodyAndHeader("jms:topic:kanal.clients.reload", "added " + c,
                ClientReloadBroadcast.ORIGIN_HEADER, "another-node");
        Awaitility.await("the other node's reload followed").atMost(Duration.ofSeconds(20))
                .until(() -> registry.find(c).isPresent());
        assertThat(camel.getRoute("source-poll-" + c)).isNotNull();
        assertThat(broadcast.reloadHere().changedAnything()).as("nothing left for this node's own reload").isFalse();

        newClient.delete();
        producer.sendBodyAndHeader("jms:topic:kanal.clients.reload", "removed " + c,
                ClientReloadBroadcast.ORIGIN_HEADER, "another-node");
        Awaitility.await("the removal followed").atMost(Duration.ofSeconds(20))
                .until(() -> registry.find(c).isEmpty());
        assertThat(camel.getRoute("source-poll-" + c)).isNull();
        newClient = null;
    }

    @Test
    void theNewEndpointsAreInTheOpenApiDescription() throws Exception {
        JsonNode paths = http("GET", "/v3/api-docs", null, ADMIN).json().path("paths");
        assertThat(paths.has("/admin/clients/reload")).isTrue();
        assertThat(paths.has("/admin/clients/{client}/accounts/{account}/preview")).isTrue();
        assertThat(paths.has("/admin/clients/{client}/listing-imports")).isTrue();
        assertThat(paths.has("/admin/clients/{client}/listing-imports/{id}")).isTrue();
        assertThat(paths.has("/admin/clients/{client}/accounts/{account}/listings/import")).isTrue();
    }

    @Test
    void anOperatorMayNotReloadNorImport() throws Exception {
        String operator = basic("operator", "test-operator-secret");
        assertThat(http("POST", "/admin/clients/reload", null, operator).status()).isEqualTo(403);
        assertThat(http("GET", "/admin/clients/" + CLIENT + "/accounts/bm/preview", null, operator).status()).isEqualTo(200);
    }

    private static void assertNoWrites(JsonNode stats) {
        assertThat(stats.path("listingUpdates").asInt()).isZero();
        assertThat(stats.path("tasks").asInt()).isZero();
        Iterator<String> endpoints = stats.path("calls").fieldNames();
        endpoints.forEachRemaining(e -> assertThat(e).as("calls the seller received").doesNotStartWith("POST"));
    }

    private int quartzTriggers(String group, String name) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM qrtz_triggers WHERE trigger_group = ? AND trigger_name = ?",
                Integer.class, group, name);
        return n == null ? 0 : n;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
    }
}
