package dev.kanal.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.TestEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A second client onboarded while Kanal runs, as docs/onboarding.md does it: its file written to
 * the clients folder (one Back Market account, {@code mode: dry-run} first), its sandbox ERP
 * stock and its sandbox Back Market seller's listings, what the seller's listings show, and the
 * file taken away again.
 */
public final class DryRunClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    public final String id;
    final String token;
    private final Path file;
    private final String baseUrl;
    private final JdbcTemplate jdbc;
    private final TestEnvironment.ErpDatabase erp;
    private final HttpClient http = HttpClient.newHttpClient();

    public DryRunClient(String id, Path clientsDir, String baseUrl, JdbcTemplate jdbc) {
        this.id = id;
        this.token = "tok-" + id;
        this.file = clientsDir.resolve(id + ".yaml");
        this.baseUrl = baseUrl;
        this.jdbc = jdbc;
        this.erp = TestEnvironment.sandboxErpSchema("erp_" + id.replace('-', '_'), null);
    }

    /** The client file with its account {@code bm} in this mode ({@code live} or {@code dry-run}). */
    public void write(String mode) throws Exception {
        Files.writeString(file, """
                id: %1$s
                name: Onboarded in a test
                source:
                  type: subiekt
                  jdbc-url: "%2$s"
                  jdbc-user: %3$s
                  jdbc-password: "%4$s"
                  gateway-url: %5$s/sandbox/subiekt
                  poll-interval: 1s
                fulfilment-centres:
                  - {warehouse: MAG, priority: 1}
                inventory-statuses: [available]
                channel-accounts:
                  - id: bm
                    type: backmarket
                    mode: %6$s
                    base-url: %5$s/sandbox/backmarket
                    credentials: {token: %7$s, user-agent: "BM-Kanal-Tests;it@kanal.test", accept-language: fr-fr}
                    mapping-mode: sku
                    organization-type: channel-name
                    status-map: {"1": to-fulfil, "2": to-fulfil, "3": shipped, "4": cancelled, "7": cancelled}
                    warehouses: [MAG]
                    inventory-statuses: [available]
                    calls-per-minute: 600
                """.formatted(id, erp.url(), erp.user(), erp.password(), baseUrl, mode, token));
    }

    /** The same file with a mistake in it. */
    void writeBroken() throws Exception {
        write("dry-run");
        Files.writeString(file, Files.readString(file).replace("mapping-mode: sku", "mapping-mode: by-colour"));
    }

    public void delete() throws Exception {
        Files.deleteIfExists(file);
    }

    Path file() {
        return file;
    }

    /** Units on hand in the sandbox ERP's MAG, waiting until the source poll brought them into Kanal. */
    public void erpStock(Map<String, Integer> onHand) throws Exception {
        List<Map<String, Object>> rows = onHand.entrySet().stream().map(e -> Map.<String, Object>of("symbol", e.getKey(),
                "name", "Phone " + e.getKey(), "warehouse", "MAG", "onHand", e.getValue(), "reserved", 0, "blocked", false)).toList();
        assertThat(send("PUT", "/sandbox/subiekt/" + id + "/_control/stock", rows, null).statusCode()).isEqualTo(200);
        Awaitility.await("ERP stock of " + id + " polled").atMost(Duration.ofSeconds(40)).until(() -> onHand.entrySet().stream()
                .allMatch(e -> jdbc.queryForObject("""
                        SELECT COUNT(*) FROM stock_level s JOIN sku k ON k.id = s.sku_id JOIN client c ON c.id = k.client_id
                         WHERE c.code = ? AND k.code = ? AND s.quantity = ?""", Integer.class, id, e.getKey(), e.getValue()) == 1));
    }

    /** Listings on the seller's sandbox account, SKU to quantity; answers their listing ids by SKU. */
    public Map<String, String> channelListings(Map<String, Integer> quantities) throws Exception {
        List<Map<String, Object>> body = quantities.entrySet().stream()
                .map(e -> Map.<String, Object>of("sku", e.getKey(), "quantity", e.getValue(), "title", "Phone " + e.getKey())).toList();
        HttpResponse<String> created = send("POST", "/sandbox/backmarket/_control/listings", body, "Basic " + token);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        Map<String, String> ids = new HashMap<>();
        JSON.readTree(created.body()).forEach(l -> ids.put(l.path("sku").asText(), l.path("id").asText()));
        return ids;
    }

    /** The quantity each listing shows on the sandbox now, by SKU. */
    public Map<String, Integer> channelQuantities() throws Exception {
        Map<String, Integer> quantities = new HashMap<>();
        JSON.readTree(send("GET", "/sandbox/backmarket/_control/listings", null, "Basic " + token).body())
                .forEach(l -> quantities.put(l.path("sku").asText(), l.path("quantity").asInt()));
        return quantities;
    }

    /** The sandbox seller's statistics: calls by endpoint, listing updates. */
    public JsonNode channelStats() throws Exception {
        return JSON.readTree(send("GET", "/sandbox/backmarket/_control/stats", null, "Basic " + token).body());
    }

    private HttpResponse<String> send(String method, String path, Object body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .header("Content-Type", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
