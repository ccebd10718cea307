package dev.kanal.sandbox.backmarket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.KanalIntegrationTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The sandbox's asynchronous catalog task ({@code POST /ws/listings}, {@code GET /ws/tasks/{id}})
 * over raw HTTP: lifecycle, request validation, failures, the hourly SKU-line quota and auth.
 */
class BackMarketSandboxTaskTest extends KanalIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    private BackMarketSandboxControl sandbox;

    @BeforeEach
    void newSeller() {
        sandbox = BackMarketSandboxControl.newSeller(base());
    }

    private URI base() {
        return URI.create("http://localhost:" + port + "/sandbox/backmarket");
    }

    private HttpRequest.Builder api(String path, String token) {
        return HttpRequest.newBuilder(URI.create(base() + path))
                .header("Authorization", "Basic " + token)
                .header("User-Agent", "BM-Kanal-Tests;dev@kanal.dev")
                .header("Accept-Language", "fr-fr")
                .header("Accept", "application/json")
                .header("Content-Type", "application/json");
    }

    private HttpResponse<String> postCatalog(String catalog) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("catalog", catalog).put("quotechar", "\"").put("delimiter", ",")
                .put("encoding", "utf-8");
        return post(body.toString(), sandbox.token());
    }

    private HttpResponse<String> post(String body, String token) throws Exception {
        return HTTP.send(api("/ws/listings", token).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> getTask(long taskId, String token) throws Exception {
        return HTTP.send(api("/ws/tasks/" + taskId, token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode task(long taskId) throws Exception {
        HttpResponse<String> response = getTask(taskId, sandbox.token());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static long taskId(HttpResponse<String> created) throws IOException {
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(created.body());
        assertThat(body.path("statuscode").asInt()).isEqualTo(200);
        assertThat(body.path("bodymessage").isIntegralNumber()).as("bodymessage is the integer task id").isTrue();
        return body.path("bodymessage").asLong();
    }

    private int quantity(String sku) {
        return sandbox.listings().stream().filter(l -> l.path("sku").asText().equals(sku)).findFirst()
                .orElseThrow().path("quantity").asInt();
    }

    @Test
    void aTaskIsPendingThenAppliesEveryKnownLineAndReportsEachLine() throws Exception {
        sandbox.seed(3, (i, l) -> l.put("sku", i == 3 ? "IP8,64GB \"rose\"" : "T-" + i).put("quantity", 5));
        sandbox.taskDelay(800);

        long id = taskId(postCatalog("sku,quantity\nt-1,7\nT-2,0\n\"IP8,64GB \"\"rose\"\"\",3\nNOPE-9,4\nT-1,-2\n"));

        JsonNode pending = task(id);
        assertThat(pending.path("task_id").asLong()).isEqualTo(id);
        assertThat(pending.path("action_status").asInt()).isZero();
        assertThat(pending.path("last_action_error").isNull()).isTrue();
        assertThat(pending.path("statuscode").asInt()).isEqualTo(200);
        assertThat(quantity("T-1")).as("not applied before the task is done").isEqualTo(5);
        await().atMost(Duration.ofSeconds(2)).until(() -> task(id).path("action_status").asInt() == 2);
        await().atMost(Duration.ofSeconds(3)).until(() -> task(id).path("action_status").asInt() == 9);

        JsonNode done = task(id);
        assertThat(done.path("last_action_error").isNull()).isTrue();
        JsonNode result = done.path("result");
        assertThat(result.path("lines").asInt()).isEqualTo(5);
        assertThat(result.path("updated").asInt()).isEqualTo(3);
        assertThat(result.path("errors").asInt()).isEqualTo(2);
        assertThat(result.path("report")).extracting(l -> l.path("sku").asText() + ":" + l.path("status").asText())
                .containsExactly("t-1:OK", "T-2:OK", "IP8,64GB \"rose\":OK", "NOPE-9:ERROR", "T-1:ERROR");
        assertThat(result.path("report").get(3).path("message").asText()).contains("NOPE-9");
        assertThat(result.path("report").get(4).path("message").asText()).contains("quantity");
        assertThat(result.path("report").get(4).path("line").asInt()).isEqualTo(6);
        assertThat(quantity("T-1")).as("the valid line for T-1 applied, the invalid one not").isEqualTo(7);
        assertThat(quantity("T-2")).isZero();
        assertThat(sandbox.listings().stream().filter(l -> l.path("sku").asText().equals("T-2")).findFirst().orElseThrow()
                .path("publication_state").asInt()).as("quantity 0 takes it offline").isEqualTo(3);
        assertThat(quantity("IP8,64GB \"rose\"")).isEqualTo(3);

        JsonNode stats = sandbox.stats();
        assertThat(JSON.convertValue(stats.path("calls"), Map.class)).containsEntry("POST /ws/listings", 1);
        assertThat(stats.path("tasks").asInt()).isEqualTo(1);
        assertThat(stats.path("taskLines").asInt()).isEqualTo(5);
        assertThat(stats.path("listingUpdates").asInt()).as("applied task lines").isEqualTo(3);
        assertThat(sandbox.tasks()).singleElement().satisfies(t -> {
            assertThat(t.path("task_id").asLong()).isEqualTo(id);
            assertThat(t.path("lines").asInt()).isEqualTo(5);
        });
    }

    @Test
    void readsTheDelimiterAndQuoteCharacterItIsGiven() throws Exception {
        sandbox.seed(2, (i, l) -> l.put("sku", "A;" + i).put("quantity", 1));
        sandbox.taskDelay(0);
        ObjectNode body = JSON.createObjectNode().put("catalog", "price;sku;quantity\r\n10;'A;1';8\r\n\r\n12.5;'A;2';9")
                .put("quotechar", "'").put("delimiter", ";").put("encoding", "UTF-8");

        long id = taskId(post(body.toString(), sandbox.token()));

        await().atMost(Duration.ofSeconds(3)).until(() -> task(id).path("action_status").asInt() == 9);
        assertThat(quantity("A;1")).isEqualTo(8);
        assertThat(quantity("A;2")).isEqualTo(9);
        assertThat(sandbox.listings()).extracting(l -> l.path("price").asText()).containsExactly("10.00", "12.50");
    }

    @Test
    void refusesInvalidRequestsWithABareStringAndCreatesNothing() throws Exception {
        sandbox.seed("V", 1, 1);
        StringBuilder tooLong = new StringBuilder("sku,quantity\n");
        for (int i = 0; i < 15_000; i++) {
            tooLong.append("V-1,").append(i % 5).append('\n');
        }
        StringBuilder longest = new StringBuilder("sku,quantity\n");
        for (int i = 0; i < 14_999; i++) {
            longest.append("V-1,").append(i % 5).append('\n');
        }
        Map<String, String> invalid = Map.of(
                "{\"quotechar\":\"\\\"\",\"delimiter\":\",\",\"encoding\":\"utf-8\"}", "parameter catalog not found",
                "{\"catalog\":\"\",\"quotechar\":\"\\\"\",\"delimiter\":\",\",\"encoding\":\"utf-8\"}", "parameter catalog not found",
                "{\"catalog\":\"sku,quantity\\nV-1,2\",\"delimiter\":\",\",\"encoding\":\"utf-8\"}", "parameter quotechar not found",
                "{\"catalog\":\"sku,quantity\\nV-1,2\",\"quotechar\":\"\\\"\",\"delimiter\":\",,\",\"encoding\":\"utf-8\"}", "single character",
                "{\"catalog\":\"sku,quantity\\nV-1,2\",\"quotechar\":\"\\\"\",\"delimiter\":\",\",\"encoding\":\"klingon-8\"}", "not supported",
                "{\"catalog\":\"quantity\\n2\",\"quotechar\":\"\\\"\",\"delimiter\":\",\",\"encoding\":\"utf-8\"}", "column sku",
                "{\"catalog\":\"sku,quantity\\n\\\"V-1,2\",\"quotechar\":\"\\\"\",\"delimiter\":\",\",\"encoding\":\"utf-8\"}", "never closed",
                JSON.createObjectNode().put("catalog", tooLong.toString()).put("quotechar", "\"").put("delimiter", ",")
                        .put("encoding", "utf-8").toString(), "15001 lines",
                "not json", "JSON");
        for (Map.Entry<String, String> request : invalid.entrySet()) {
            HttpResponse<String> refused = post(request.getKey(), sandbox.token());
            String what = request.getKey().length() > 80 ? request.getKey().substring(0, 80) : request.getKey();
            assertThat(refused.statusCode()).as(what).isEqualTo(400);
            JsonNode body = JSON.readTree(refused.body());
            assertThat(body.isTextual()).as("bare JSON string for " + what).isTrue();
            assertThat(body.asText()).as(what).contains(request.getValue());
        }
        assertThat(sandbox.stats().path("tasks").asInt()).isZero();

        // the limit counts the header line: 14,999 rows are accepted
        long id = taskId(postCatalog(longest.toString()));
        assertThat(id).isPositive();
    }

    @Test
    void aForcedFailureAppliesNothingAndTheNextTaskSucceeds() throws Exception {
        sandbox.seed("F", 2, 1);
        sandbox.taskDelay(0);
        sandbox.failNextTasks(1, null);

        long failed = taskId(postCatalog("sku,quantity\nF-1,6\nF-2,6\n"));
        await().atMost(Duration.ofSeconds(3)).until(() -> task(failed).path("action_status").asInt() == 8);
        assertThat(task(failed).path("last_action_error").asText()).isEqualTo("Task has been interrupted.");
        assertThat(quantity("F-1")).isEqualTo(1);

        long next = taskId(postCatalog("sku,quantity\nF-1,6\nF-2,6\n"));
        await().atMost(Duration.ofSeconds(3)).until(() -> task(next).path("action_status").asInt() == 9);
        assertThat(quantity("F-1")).isEqualTo(6);
        assertThat(sandbox.stats().path("tasksFailed").asInt()).isEqualTo(1);
    }

    @Test
    void theHourlySkuLineQuotaRefusesWholeTasksWith429() throws Exception {
        String id = sandbox.seed("Q", 3, 1).get(0).path("id").asText();
        sandbox.taskDelay(0);
        sandbox.lineQuota(5);

        taskId(postCatalog("sku,quantity\nQ-1,2\nQ-2,2\nQ-3,2\n"));
        HttpResponse<String> single = HTTP.send(api("/ws/listings/" + id, sandbox.token())
                .POST(HttpRequest.BodyPublishers.ofString("{\"quantity\":4}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(single.statusCode()).as("a single update is one SKU line of the quota").isEqualTo(200);
        HttpResponse<String> refused = postCatalog("sku,quantity\nQ-1,3\nQ-2,3\n");

        assertThat(refused.statusCode()).isEqualTo(429);
        JsonNode error = JSON.readTree(refused.body());
        assertThat(error.path("error").path("code").asText()).isEqualTo("too_many_requests");
        assertThat(error.path("error").path("message").asText()).contains("SKU lines");
        assertThat(error.path("requestId").asText()).isNotBlank();
        JsonNode stats = sandbox.stats();
        assertThat(stats.path("tasks").asInt()).as("the refused task was not created").isEqualTo(1);
        assertThat(stats.path("skuLinesLastHour").asInt()).isEqualTo(4);
        assertThat(stats.path("lineQuotaRefusals").asInt()).isEqualTo(1);
        HttpResponse<String> oneMore = postCatalog("sku,quantity\nQ-3,5\n");
        assertThat(oneMore.statusCode()).as("one line still fits").isEqualTo(200);

        sandbox.lineQuota(null);
        assertThat(postCatalog("sku,quantity\nQ-1,3\nQ-2,3\n").statusCode()).isEqualTo(200);
    }

    @Test
    void tasksAreTheSellersOwnAndGoThroughTheSameGate() throws Exception {
        sandbox.seed("G", 1, 1);
        long id = taskId(postCatalog("sku,quantity\nG-1,2\n"));
        BackMarketSandboxControl other = BackMarketSandboxControl.newSeller(base());

        assertV1(getTask(id, other.token()), 404, "not_found");
        assertV1(getTask(999_999_999L, sandbox.token()), 404, "not_found");
        assertV1(HTTP.send(api("/ws/tasks/abc", sandbox.token()).GET().build(), HttpResponse.BodyHandlers.ofString()),
                400, "invalid_parameter");
        String stranger = "unknown-" + UUID.randomUUID();
        assertV1(getTask(id, stranger), 401, "unauthorized");
        assertV1(post("{\"catalog\":\"sku,quantity\\nG-1,2\"}", stranger), 401, "unauthorized");

        sandbox.fault(429, 1, null, 0);
        assertV1(postCatalog("sku,quantity\nG-1,3\n"), 429, "too_many_requests");
        assertThat(getTask(id, sandbox.token()).statusCode()).isEqualTo(200);
        JsonNode calls = sandbox.stats().path("calls");
        assertThat(calls.path("POST /ws/listings").asInt()).isEqualTo(2);
        assertThat(calls.path("GET /ws/tasks/{taskId}").asInt()).as("unknown tokens are not counted").isEqualTo(3);

        sandbox.reset();
        assertV1(getTask(id, sandbox.token()), 404, "not_found");
    }

    private static void assertV1(HttpResponse<String> response, int status, String code) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("error").path("code").asText()).isEqualTo(code);
        assertThat(body.path("requestId").asText()).isNotBlank();
    }

    @Test
    void theSellersTasksListShowsFailuresWithoutReports() throws Exception {
        sandbox.seed("L", 1, 1);
        sandbox.taskDelay(0);
        sandbox.failNextTasks(1, "Broken catalog");
        long id = taskId(postCatalog("sku,quantity\nL-1,2\n"));

        await().atMost(Duration.ofSeconds(3)).until(() -> sandbox.tasks().get(0).path("action_status").asInt() == 8);
        List<JsonNode> tasks = sandbox.tasks();
        assertThat(tasks).singleElement().satisfies(t -> {
            assertThat(t.path("task_id").asLong()).isEqualTo(id);
            assertThat(t.path("last_action_error").asText()).isEqualTo("Broken catalog");
            assertThat(t.has("result")).isFalse();
        });
    }
}
