package dev.kanal.connector.backmarket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.KanalIntegrationTest;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelUnavailableException;
import dev.kanal.connector.PushResult;
import dev.kanal.connector.QuantityUpdate;
import dev.kanal.connector.RateLimitedException;
import dev.kanal.sandbox.backmarket.BackMarketSandboxControl;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The connector's bulk path over real HTTP against the sandbox: when a push becomes Back
 * Market's CSV task, how its per-line answers come back, and what a failed, refused or slow
 * task means for the updates.
 */
class BackMarketBulkPushTest extends KanalIntegrationTest {

    private static final BackMarketClient.TaskSettings FAST = new BackMarketClient.TaskSettings(50, Duration.ofSeconds(10),
            Duration.ofMillis(50));

    @LocalServerPort
    int port;

    private BackMarketSandboxControl sandbox;
    private BackMarketClient client;

    @BeforeEach
    void newSeller() {
        sandbox = BackMarketSandboxControl.newSeller(sandboxBase());
        client = new BackMarketClient(Duration.ofSeconds(5), 8, FAST);
    }

    private URI sandboxBase() {
        return URI.create("http://localhost:" + port + "/sandbox/backmarket");
    }

    private ChannelConnection connection(int callsPerMinute) {
        return new ChannelConnection("acme/backmarket-fr", sandboxBase(), Map.of("token", sandbox.token(),
                "user-agent", "BM-Kanal-Tests;dev@kanal.dev", "accept-language", "fr-fr"), callsPerMinute);
    }

    /** Updates to {@code 100 + i} for every seeded listing, each naming its SKU. */
    private static List<QuantityUpdate> updates(List<JsonNode> listings) {
        List<QuantityUpdate> updates = new ArrayList<>();
        for (int i = 0; i < listings.size(); i++) {
            updates.add(new QuantityUpdate(listings.get(i).path("id").asText(), 100 + i, listings.get(i).path("sku").asText()));
        }
        return updates;
    }

    private Map<String, Integer> quantities() {
        return sandbox.listings().stream().collect(Collectors.toMap(l -> l.path("id").asText(), l -> l.path("quantity").asInt()));
    }

    private int calls(String endpoint) {
        return sandbox.stats().path("calls").path(endpoint).asInt();
    }

    @Test
    void aPushAboveTheThresholdIsOneTaskAnsweredInInputOrder() {
        List<JsonNode> listings = sandbox.seed("BULK", 120, 1);
        List<QuantityUpdate> updates = new ArrayList<>(updates(listings));
        String gone = UUID.randomUUID().toString();
        updates.add(60, new QuantityUpdate(gone, 4, "GONE-1")); // removed from Back Market since the last import

        List<PushResult> results = client.pushQuantities(connection(600), updates);

        assertThat(results).extracting(PushResult::channelListingId)
                .containsExactlyElementsOf(updates.stream().map(QuantityUpdate::channelListingId).toList());
        assertThat(results).extracting(PushResult::quantity)
                .containsExactlyElementsOf(updates.stream().map(QuantityUpdate::quantity).toList());
        assertThat(results.get(60).accepted()).isFalse();
        assertThat(results.get(60).error()).contains("GONE-1");
        assertThat(results.stream().filter(PushResult::accepted)).hasSize(120);
        Map<String, Integer> quantities = quantities();
        for (int i = 0; i < listings.size(); i++) {
            assertThat(quantities.get(listings.get(i).path("id").asText())).isEqualTo(100 + i);
        }
        assertThat(calls("POST /ws/listings")).isEqualTo(1);
        assertThat(calls("POST /ws/listings/{listingId}")).isZero();
        assertThat(calls("GET /ws/tasks/{taskId}")).isBetween(1, 5);
        assertThat(sandbox.stats().path("taskLines").asInt()).isEqualTo(121);
    }

    @Test
    void belowTheThresholdEachListingIsOneCall() {
        List<JsonNode> listings = sandbox.seed("FEW", 49, 1);

        List<PushResult> results = client.pushQuantities(connection(600), updates(listings));

        assertThat(results).hasSize(49).allMatch(PushResult::accepted);
        assertThat(calls("POST /ws/listings/{listingId}")).isEqualTo(49);
        assertThat(calls("POST /ws/listings")).isZero();
    }

    @Test
    void updatesATaskCannotCarryGoOneByOneAndAllAnswersKeepTheirPlace() {
        List<JsonNode> listings = sandbox.seed("MIX", 62, 1);
        List<QuantityUpdate> updates = new ArrayList<>(updates(listings));
        for (int i : List.of(0, 30)) { // imported without a SKU: only its id can name it
            updates.set(i, new QuantityUpdate(updates.get(i).channelListingId(), updates.get(i).quantity()));
        }

        List<PushResult> results = client.pushQuantities(connection(600), updates);

        assertThat(results).extracting(PushResult::channelListingId)
                .containsExactlyElementsOf(updates.stream().map(QuantityUpdate::channelListingId).toList());
        assertThat(results).allMatch(PushResult::accepted);
        assertThat(calls("POST /ws/listings")).isEqualTo(1);
        assertThat(calls("POST /ws/listings/{listingId}")).isEqualTo(2);
        Map<String, Integer> quantities = quantities();
        assertThat(quantities.get(listings.get(30).path("id").asText())).isEqualTo(130);
        assertThat(quantities.get(listings.get(61).path("id").asText())).isEqualTo(161);
    }

    @Test
    void aFailedTaskIsUnavailableRecordsNothingAndResendingFinishesIt() {
        List<JsonNode> listings = sandbox.seed("FAIL", 60, 1);
        sandbox.failNextTasks(1, "Task has been interrupted.");
        List<QuantityUpdate> updates = updates(listings);

        ChannelUnavailableException e = catchThrowableOfType(ChannelUnavailableException.class,
                () -> client.pushQuantities(connection(600), updates));

        assertThat(e).hasMessageContaining("action_status 8").hasMessageContaining("Task has been interrupted.");
        assertThat(e.completed()).isEmpty();
        assertThat(quantities().values()).containsOnly(1);

        assertThat(client.pushQuantities(connection(600), updates)).hasSize(60).allMatch(PushResult::accepted);
        assertThat(quantities().values()).doesNotContain(1);
        assertThat(calls("POST /ws/listings")).isEqualTo(2);
        assertThat(calls("POST /ws/listings/{listingId}")).as("a failed task is not replaced by single calls").isZero();
    }

    @Test
    void a429WhenCreatingTheTaskKeepsEveryUpdateAndPausesTheBudget() {
        List<JsonNode> listings = sandbox.seed("RL", 60, 1);
        sandbox.fault(429, 1, 3, 0);
        ChannelConnection connection = connection(600);

        RateLimitedException e = catchThrowableOfType(RateLimitedException.class,
                () -> client.pushQuantities(connection, updates(listings)));

        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(e.completed()).isEmpty();
        assertThat(client.budget(connection).tryAcquire()).as("budget paused").isFalse();
        assertThat(sandbox.stats().path("tasks").asInt()).isZero();
    }

    @Test
    void theHourlySkuLineQuotaRefusingATaskIsARateLimit() {
        List<JsonNode> listings = sandbox.seed("QUOTA", 60, 1);
        sandbox.lineQuota(59);

        RateLimitedException e = catchThrowableOfType(RateLimitedException.class,
                () -> client.pushQuantities(connection(600), updates(listings)));

        assertThat(e).hasMessageContaining("429");
        assertThat(e.completed()).isEmpty();
        assertThat(quantities().values()).containsOnly(1);
    }

    @Test
    void aTaskNotDoneInTimeIsUnavailable() {
        List<JsonNode> listings = sandbox.seed("SLOW", 50, 1);
        sandbox.taskDelay(5_000);
        BackMarketClient impatient = new BackMarketClient(Duration.ofSeconds(5), 1,
                new BackMarketClient.TaskSettings(50, Duration.ofMillis(800), Duration.ofMillis(100)));

        long start = System.nanoTime();
        ChannelUnavailableException e = catchThrowableOfType(ChannelUnavailableException.class,
                () -> impatient.pushQuantities(connection(600), updates(listings)));

        assertThat(e).hasMessageContaining("not done within 800 ms");
        assertThat(e.completed()).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void serverErrorsWhilePollingAreTriedAgain() {
        List<JsonNode> listings = sandbox.seed("POLL", 50, 1);
        sandbox.fault(503, 2, null, 1); // the two polls after the task was created

        List<PushResult> results = client.pushQuantities(connection(600), updates(listings));

        assertThat(results).hasSize(50).allMatch(PushResult::accepted);
        assertThat(calls("GET /ws/tasks/{taskId}")).isGreaterThanOrEqualTo(3);
    }

    @Test
    void everyCallOfATaskTakesItsTurnFromTheBudget() {
        List<JsonNode> listings = sandbox.seed("BUDGET", 50, 1);
        sandbox.taskDelay(0);
        BackMarketClient patient = new BackMarketClient(Duration.ofSeconds(5), 1,
                new BackMarketClient.TaskSettings(50, Duration.ofSeconds(10), Duration.ofMillis(300)));
        ChannelConnection connection = connection(5);

        patient.pushQuantities(connection, updates(listings));

        int calls = sandbox.stats().path("totalCalls").asInt();
        assertThat(calls).as("create + polls").isBetween(2, 4);
        int left = 0;
        while (patient.budget(connection).tryAcquire()) {
            left++;
        }
        assertThat(left).isEqualTo(5 - calls);
    }

    @Test
    void moreThanOneTasksWorthIsSplitIntoTasksOf14999Lines() {
        List<JsonNode> listings = sandbox.seed(15_010, (i, l) -> l.put("sku", "SPLIT-" + i).put("quantity", 1));
        List<QuantityUpdate> updates = updates(listings);

        List<PushResult> results = client.pushQuantities(connection(600), updates);

        assertThat(results).hasSize(15_010).allMatch(PushResult::accepted);
        assertThat(results).extracting(PushResult::channelListingId)
                .containsExactlyElementsOf(updates.stream().map(QuantityUpdate::channelListingId).toList());
        assertThat(sandbox.tasks()).extracting(t -> t.path("lines").asInt()).containsExactly(14_999, 11);
        Map<String, Integer> quantities = quantities();
        for (int i : List.of(0, 14_998, 14_999, 15_009)) {
            assertThat(quantities.get(listings.get(i).path("id").asText())).isEqualTo(100 + i);
        }
    }

    @Test
    void theWriterIsOfferedATasksWorthOnlyWhenTasksAreUsed() {
        assertThat(client.maxUpdatesPerPush()).isEqualTo(14_999);
        BackMarketClient singleOnly = new BackMarketClient(Duration.ofSeconds(5), 8,
                new BackMarketClient.TaskSettings(Integer.MAX_VALUE, Duration.ofSeconds(10), Duration.ofMillis(50)));
        assertThat(singleOnly.maxUpdatesPerPush()).isEqualTo(100);
    }
}
