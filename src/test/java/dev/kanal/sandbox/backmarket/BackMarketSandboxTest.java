package dev.kanal.sandbox.backmarket;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.KanalIntegrationTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The sandbox's own behaviour, spoken to in raw HTTP: what a client sees that Kanal's connector never sends. */
class BackMarketSandboxTest extends KanalIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String USER_AGENT = "BM-Kanal-Tests;dev@kanal.dev";

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

    private HttpRequest.Builder api(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(base() + pathAndQuery))
                .header("Authorization", "Basic " + sandbox.token())
                .header("User-Agent", USER_AGENT)
                .header("Accept-Language", "fr-fr")
                .header("Accept", "application/json");
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode body(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private static void assertV1Error(HttpResponse<String> response, int status, String code) throws IOException {
        assertThat(response.statusCode()).isEqualTo(status);
        JsonNode body = body(response);
        assertThat(body.path("error").path("code").asText()).isEqualTo(code);
        assertThat(body.path("error").path("message").asText()).isNotBlank();
        assertThat(body.path("requestId").asText()).isNotBlank();
    }

    @Test
    void refusesAMissingOrUnknownToken() throws Exception {
        sandbox.seed("A", 1, 1);

        assertV1Error(send(api("/ws/listings").setHeader("Authorization", "Basic someone-else-" + UUID.randomUUID())),
                401, "unauthorized");
        HttpRequest noToken = HttpRequest.newBuilder(URI.create(base() + "/ws/listings"))
                .header("User-Agent", USER_AGENT).header("Accept-Language", "fr-fr").build();
        assertV1Error(HTTP.send(noToken, HttpResponse.BodyHandlers.ofString()), 401, "unauthorized");
        // Bearer is not how Back Market takes its token
        assertV1Error(send(api("/ws/listings").setHeader("Authorization", "Bearer " + sandbox.token())),
                401, "unauthorized");
    }

    /** java.net.http always adds a User-Agent, so this request is written by hand. */
    @Test
    void refusesARequestWithoutUserAgent() throws Exception {
        sandbox.seed("A", 1, 1);
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /sandbox/backmarket/ws/listings HTTP/1.1\r\n"
                    + "Host: localhost:" + port + "\r\n"
                    + "Authorization: Basic " + sandbox.token() + "\r\n"
                    + "Accept-Language: fr-fr\r\n"
                    + "Accept: application/json\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400").contains("User-Agent").contains("\"requestId\"");
        }
    }

    @Test
    void refusesAMissingOrUnknownMarket() throws Exception {
        sandbox.seed("A", 1, 1);
        HttpRequest noLanguage = HttpRequest.newBuilder(URI.create(base() + "/ws/listings"))
                .header("Authorization", "Basic " + sandbox.token()).header("User-Agent", USER_AGENT).build();

        assertV1Error(HTTP.send(noLanguage, HttpResponse.BodyHandlers.ofString()), 400, "invalid_parameter");
        assertV1Error(send(api("/ws/listings").setHeader("Accept-Language", "xx-yy")), 400, "invalid_parameter");
        assertThat(send(api("/ws/listings").setHeader("Accept-Language", "de-DE")).statusCode()).isEqualTo(200);
    }

    @Test
    void pagesWithAbsoluteNextAndPreviousLinks() throws Exception {
        sandbox.seed("P", 25, 1);

        JsonNode first = body(send(api("/ws/listings")));
        assertThat(first.path("count").asInt()).isEqualTo(25);
        assertThat(first.path("results")).hasSize(10); // default page size
        assertThat(first.path("previous").isNull()).isTrue();
        assertThat(first.path("next").asText()).isEqualTo(base() + "/ws/listings?page=2");

        JsonNode last = body(send(api("/ws/listings?page=2&page-size=20")));
        assertThat(last.path("results")).hasSize(5);
        assertThat(last.path("next").isNull()).isTrue();
        URI previous = URI.create(last.path("previous").asText());
        assertThat(previous.getPath()).isEqualTo(base().getPath() + "/ws/listings");
        assertThat(previous.getQuery().split("&")).containsExactlyInAnyOrder("page=1", "page-size=20");

        assertV1Error(send(api("/ws/listings?page-size=51")), 400, "invalid_parameter");
        assertV1Error(send(api("/ws/listings?page=abc")), 400, "invalid_parameter");
        assertV1Error(send(api("/ws/listings?page=9")), 404, "not_found");
    }

    @Test
    void filtersByPublicationStateAndQuantity() throws Exception {
        sandbox.seed(6, (i, l) -> l.put("sku", "F-" + i).put("quantity", i - 1)); // 0..5; 0 is offline

        JsonNode offline = body(send(api("/ws/listings?publication_state=3")));
        assertThat(offline.path("results")).extracting(n -> n.path("sku").asText()).containsExactly("F-1");
        JsonNode between = body(send(api("/ws/listings?min_quantity=2&max_quantity=4")));
        assertThat(between.path("results")).extracting(n -> n.path("quantity").asInt()).containsExactly(2, 3, 4);
        assertThat(between.path("next").isNull()).isTrue();
        assertV1Error(send(api("/ws/listings?publication_state=7")), 400, "invalid_parameter");
    }

    @Test
    void findsAListingByUuidLegacyIdSkuOrDetail() throws Exception {
        JsonNode seeded = sandbox.seed("D", 2, 3).get(1);
        String id = seeded.path("id").asText();
        String legacy = seeded.path("listing_id").asText();

        for (String path : List.of("/ws/listings/" + id, "/ws/listings/" + legacy, "/ws/listings/detail?sku=d-2",
                "/ws/listings/detail?listing_id=" + legacy, "/ws/listings/detail?id=" + id)) {
            HttpResponse<String> response = send(api(path));
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(body(response).path("id").asText()).as(path).isEqualTo(id);
            assertThat(body(response).path("statuscode").asInt()).as(path).isEqualTo(200);
        }
        assertV1Error(send(api("/ws/listings/" + UUID.randomUUID())), 404, "not_found");
        assertV1Error(send(api("/ws/listings/detail?sku=nope")), 404, "not_found");
        assertV1Error(send(api("/ws/listings/detail")), 400, "invalid_parameter");
        assertV1Error(send(api("/ws/listings/not-an-id")), 400, "invalid_parameter");
    }

    @Test
    void anotherSellersListingIsNotFound() throws Exception {
        String id = sandbox.seed("MINE", 1, 1).get(0).path("id").asText();
        BackMarketSandboxControl other = BackMarketSandboxControl.newSeller(base());

        HttpResponse<String> response = send(api("/ws/listings/" + id).setHeader("Authorization", "Basic " + other.token()));

        assertV1Error(response, 404, "not_found");
    }

    @Test
    void updatesAreValidatedAndAnsweredLikeBackMarket() throws Exception {
        String id = sandbox.seed("U", 1, 2).get(0).path("id").asText();
        HttpRequest.Builder update = api("/ws/listings/" + id).header("Content-Type", "application/json");

        HttpResponse<String> ok = send(update.copy().POST(HttpRequest.BodyPublishers.ofString(
                "{\"quantity\":\"5\",\"price\":149.9,\"comment\":\"Like new\",\"shipper_1\":\"DHL Express\"}")));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(body(ok).path("quantity").asInt()).isEqualTo(5);
        assertThat(body(ok).path("price").asText()).isEqualTo("149.90");
        assertThat(body(ok).path("comment").asText()).isEqualTo("Like new");
        assertThat(body(ok).path("statuscode").asInt()).isEqualTo(200);

        for (String invalid : List.of("{\"quantity\":-1}", "{\"quantity\":1.5}", "{\"quantity\":\"many\"}",
                "{\"warranty_delay\":6}", "{\"currency\":\"USD\",\"price\":\"1.00\"}", "[]", "not json")) {
            HttpResponse<String> refused = send(update.copy().POST(HttpRequest.BodyPublishers.ofString(invalid)));
            assertThat(refused.statusCode()).as(invalid).isEqualTo(400);
            assertThat(body(refused).isTextual()).as("bare JSON string for " + invalid).isTrue();
        }
        // nothing of the refused updates was applied, not even the valid half of a refused body
        assertThat(sandbox.listing(id).path("price").asText()).isEqualTo("149.90");
        assertThat(sandbox.stats().path("listingUpdates").asInt()).isEqualTo(1);
    }

    @Test
    void quantityZeroTakesAListingOfflineAndStockBringsItBack() throws Exception {
        String id = sandbox.seed("O", 1, 2).get(0).path("id").asText();
        HttpRequest.Builder update = api("/ws/listings/" + id).header("Content-Type", "application/json");

        send(update.copy().POST(HttpRequest.BodyPublishers.ofString("{\"quantity\":0}")));
        assertThat(sandbox.listing(id).path("publication_state").asInt()).isEqualTo(3);
        send(update.copy().POST(HttpRequest.BodyPublishers.ofString("{\"quantity\":4}")));
        assertThat(sandbox.listing(id).path("publication_state").asInt()).isEqualTo(2);

        sandbox.editByHand(id, c -> c.put("publication_state", 4)); // deactivated in the back office
        send(update.copy().POST(HttpRequest.BodyPublishers.ofString("{\"quantity\":0}")));
        send(update.copy().POST(HttpRequest.BodyPublishers.ofString("{\"quantity\":3}")));
        assertThat(sandbox.listing(id).path("publication_state").asInt()).isEqualTo(4);
    }

    @Test
    void blocksATokenOverTheRateLimitLikeCloudflare() throws Exception {
        sandbox.seed("R", 1, 1);
        sandbox.rateLimit(3, 10, 1, false);

        for (int i = 0; i < 3; i++) {
            assertThat(send(api("/ws/listings")).statusCode()).isEqualTo(200);
        }
        HttpResponse<String> limited = send(api("/ws/listings"));
        assertV1Error(limited, 429, "too_many_requests");
        assertThat(limited.headers().firstValue("Retry-After")).isEmpty();
        assertThat(send(api("/ws/listings")).statusCode()).as("blocked").isEqualTo(429);

        Thread.sleep(1_100); // the block is over and the window was emptied
        assertThat(send(api("/ws/listings")).statusCode()).isEqualTo(200);

        sandbox.rateLimit(1, 10, 5, true);
        send(api("/ws/listings"));
        assertThat(send(api("/ws/listings")).headers().firstValue("Retry-After")).hasValue("5");
        assertThat(sandbox.stats().path("tooManyRequests").asInt()).isEqualTo(3);
    }

    @Test
    void injectsFaultsInOrder() throws Exception {
        sandbox.seed("I", 1, 1);
        sandbox.fault(429, 1, 3, 1);
        sandbox.fault(502, 1, null, 0);

        assertThat(send(api("/ws/listings")).statusCode()).isEqualTo(200);
        HttpResponse<String> limited = send(api("/ws/listings"));
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("3");
        HttpResponse<String> badGateway = send(api("/ws/listings"));
        assertThat(badGateway.statusCode()).isEqualTo(502);
        assertThat(badGateway.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(send(api("/ws/listings")).statusCode()).isEqualTo(200);

        sandbox.fault(500, 5, null, 0);
        sandbox.clearFaults();
        assertThat(send(api("/ws/listings")).statusCode()).isEqualTo(200);
    }

    @Test
    void countsCallsPerEndpointAndResets() throws Exception {
        String id = sandbox.seed("C", 1, 1).get(0).path("id").asText();
        send(api("/ws/listings"));
        send(api("/ws/listings/" + id));
        send(api("/ws/listings/detail?sku=C-1"));
        send(api("/ws/listings/" + id).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"quantity\":2}")));

        JsonNode stats = sandbox.stats();
        assertThat(JSON.convertValue(stats.path("calls"), Map.class)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "GET /ws/listings", 1, "GET /ws/listings/{listingId}", 1, "GET /ws/listings/detail", 1,
                "POST /ws/listings/{listingId}", 1));
        assertThat(stats.path("totalCalls").asInt()).isEqualTo(4);
        assertThat(stats.path("listingUpdates").asInt()).isEqualTo(1);
        assertThat(stats.path("maxCallsPer60s").asInt()).isEqualTo(4);

        sandbox.reset();
        assertThat(sandbox.stats().path("totalCalls").asInt()).isZero();
        assertThat(sandbox.listings()).isEmpty();
        assertThat(send(api("/ws/listings")).statusCode()).as("a reset seller is still a seller").isEqualTo(200);
    }

    @Test
    void refusesDuplicateSeedsAllOrNothing() throws Exception {
        sandbox.seed("DUP", 1, 1);
        HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/_control/listings"))
                .header("Authorization", "Basic " + sandbox.token()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[{\"sku\":\"NEW-1\"},{\"sku\":\"dup-1\"}]")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertV1Error(refused, 400, "invalid_request");
        assertThat(sandbox.listings()).hasSize(1);
    }
}
