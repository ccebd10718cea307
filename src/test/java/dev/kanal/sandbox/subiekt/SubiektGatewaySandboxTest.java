package dev.kanal.sandbox.subiekt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.KanalIntegrationTest;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.client.config.SourceConfig;
import dev.kanal.connector.subiekt.ErpCustomer;
import dev.kanal.connector.subiekt.ErpOrder;
import dev.kanal.connector.subiekt.ErpOrderInfo;
import dev.kanal.connector.subiekt.SourceDataSources;
import dev.kanal.connector.subiekt.SubiektGatewayClient;
import dev.kanal.connector.subiekt.SubiektGatewayException;
import dev.kanal.connector.subiekt.SubiektGatewayUnavailableException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The sandbox ERP's gateway driven by {@link SubiektGatewayClient}, on the run's end-to-end
 * client (its ERP is its own PostgreSQL schema; its client file sets no api-key). ZK rows are
 * counted with SQL in that schema.
 */
class SubiektGatewaySandboxTest extends KanalIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger ORDERS = new AtomicInteger();
    private static final String A = "GW-A-" + RUN;
    private static final String B = "GW-B-" + RUN;

    @Autowired
    SourceDataSources sources;
    @Autowired
    ClientRegistry registry;

    private final HttpClient http = HttpClient.newHttpClient();
    private final SubiektGatewayClient client = new SubiektGatewayClient(Duration.ofSeconds(10));
    private SourceConfig source;
    private JdbcTemplate erp;

    @BeforeEach
    void seed() throws Exception {
        source = registry.require(CLIENT).source();
        erp = new JdbcTemplate(sources.of(CLIENT, source));
        HttpResponse<String> seeded = put("/_control/stock", List.of(
                Map.of("symbol", A, "name", "Phone A", "warehouse", "MAG", "onHand", 5, "reserved", 0, "blocked", false),
                Map.of("symbol", B, "name", "Case B", "warehouse", "MAG", "onHand", 9, "reserved", 0, "blocked", false)));
        assertThat(seeded.statusCode()).isEqualTo(200);
    }

    @AfterEach
    void clearSwitches() throws Exception {
        http.send(HttpRequest.newBuilder(control("/_control/gateway")).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void createsAZkWithReferenceAndLinesOnlyOnce() {
        ErpOrder order = order(List.of(line(A, 2, "199.90"), line(B, 1, "10.00")));

        String zk = client.createOrder(source, CLIENT, order);

        assertThat(zk).matches("ZK \\d+/\\d{2}/\\d{4}");
        assertThat(zkRows(order.reference())).isEqualTo(1);
        Map<String, Object> document = erp.queryForMap(
                "SELECT dok_NrPelny, dok_WartBrutto FROM dok__Dokument WHERE dok_Typ = 16 AND dok_NrPelnyOryg = ?", order.reference());
        assertThat(document.get("dok_NrPelny")).isEqualTo(zk);
        assertThat((BigDecimal) document.get("dok_WartBrutto")).isEqualByComparingTo("409.80");
        List<Map<String, Object>> lines = erp.queryForList("""
                SELECT t.tw_Symbol AS code, p.ob_Ilosc AS qty, p.ob_WartBrutto AS value FROM dok_Pozycja p
                JOIN tw__Towar t ON t.tw_Id = p.ob_TowId JOIN dok__Dokument d ON d.dok_Id = p.ob_DokHanId
                WHERE d.dok_NrPelny = ? AND d.dok_Typ = 16 ORDER BY p.ob_Id""", zk);
        assertThat(lines).extracting(l -> l.get("code")).containsExactly(A, B);
        assertThat((BigDecimal) lines.get(0).get("qty")).isEqualByComparingTo("2");
        assertThat((BigDecimal) lines.get(0).get("value")).isEqualByComparingTo("399.80");

        assertThat(client.createOrder(source, CLIENT, order)).isEqualTo(zk);
        assertThat(zkRows(order.reference())).isEqualTo(1);
        assertThat(client.findByReference(source, CLIENT, order.reference())).map(ErpOrderInfo::orderRef).contains(zk);
    }

    @Test
    void commitThenTimeoutMakesNoSecondZk() throws Exception {
        ErpOrder order = order(List.of(line(A, 1, "199.90")));
        put("/_control/gateway", Map.of("commitThenTimeout", 1, "stallMs", 4000));
        SubiektGatewayClient impatient = new SubiektGatewayClient(Duration.ofMillis(1000));

        long started = System.nanoTime();
        String zk = impatient.createOrder(source, CLIENT, order);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(1000));
        assertThat(zkRows(order.reference())).isEqualTo(1);
        assertThat(erp.queryForObject("SELECT dok_NrPelny FROM dok__Dokument WHERE dok_Typ = 16 AND dok_NrPelnyOryg = ?",
                String.class, order.reference())).isEqualTo(zk);
        JsonNode stats = JSON.readTree(get("/_control/gateway").body());
        assertThat(stats.path("timeoutsAfterCommit").asInt()).isEqualTo(1);
        assertThat(stats.path("switches").path("commitThenTimeout").asInt()).isZero();

        assertThat(impatient.createOrder(source, CLIENT, order)).isEqualTo(zk);
        assertThat(zkRows(order.reference())).isEqualTo(1);
    }

    @Test
    void unknownProductIsABusinessFailure() {
        ErpOrder order = order(List.of(line(A, 1, "5.00"), line("GW-NOPE-" + RUN, 1, "5.00")));

        assertThatThrownBy(() -> client.createOrder(source, CLIENT, order))
                .isInstanceOf(SubiektGatewayException.class)
                .hasMessageContaining("unknown product: GW-NOPE-" + RUN);
        assertThat(zkRows(order.reference())).isZero();
    }

    @Test
    void unknownProductIsCreatedWhenAsked() {
        String code = "GW-NEW-" + RUN + "-" + ORDERS.incrementAndGet();
        ErpOrder asked = new ErpOrder(reference(), customer(), List.of(line(code, 1, "5.00")), null, true, "transfer", null, true);

        client.createOrder(source, CLIENT, asked);

        assertThat(erp.queryForObject("SELECT COUNT(*) FROM tw__Towar WHERE tw_Symbol = ?", Integer.class, code)).isEqualTo(1);
        assertThat(zkRows(asked.reference())).isEqualTo(1);
    }

    @Test
    void zeroValueDocumentIsRefused() {
        ErpOrder order = order(List.of(line(A, 1, "0.00")));

        assertThatThrownBy(() -> client.createOrder(source, CLIENT, order))
                .isInstanceOf(SubiektGatewayException.class).hasMessageContaining("zero-value document");
        assertThat(zkRows(order.reference())).isZero();
    }

    @Test
    void wrongApiKeyIsRefused() {
        SourceConfig wrongKey = new SourceConfig(source.type(), source.jdbcUrl(), source.jdbcUser(), source.jdbcPassword(),
                source.gatewayUrl(), "not-the-key", source.pollInterval(), source.trustBundle());
        ErpOrder order = order(List.of(line(A, 1, "5.00")));

        assertThatThrownBy(() -> client.createOrder(wrongKey, CLIENT, order))
                .isInstanceOf(SubiektGatewayException.class).hasMessageContaining("unknown api_key");
        assertThat(zkRows(order.reference())).isZero();
    }

    @Test
    void gatewayDownIsRetryableAndLeavesNoZk() throws Exception {
        put("/_control/gateway", Map.of("failNext", 1, "failMethod", "order/add"));
        ErpOrder order = order(List.of(line(A, 1, "5.00")));

        // order/find answers, order/add gets a 503, the lookup after it finds nothing: retryable
        assertThatThrownBy(() -> client.createOrder(source, CLIENT, order))
                .isInstanceOf(SubiektGatewayUnavailableException.class).hasMessageContaining("HTTP 503");
        assertThat(zkRows(order.reference())).isZero();
        assertThat(JSON.readTree(get("/_control/gateway").body()).path("calls").path("order/find").asInt()).isEqualTo(2);
        client.createOrder(source, CLIENT, order);
        assertThat(zkRows(order.reference())).isEqualTo(1);
    }

    @Test
    void stateAndDelete() {
        ErpOrder order = order(List.of(line(B, 3, "10.00")));
        String zk = client.createOrder(source, CLIENT, order);

        ErpOrderInfo state = client.getState(source, CLIENT, zk);
        assertThat(state.orderRef()).isEqualTo(zk);
        assertThat(state.state()).isEqualTo("open");
        assertThat(state.amount()).isEqualByComparingTo("30.00");
        assertThat(state.sellDoc()).isNull();

        client.deleteOrder(source, CLIENT, zk);
        assertThat(zkRows(order.reference())).isZero();
        assertThat(client.findByReference(source, CLIENT, order.reference())).isEmpty();
        assertThatThrownBy(() -> client.getState(source, CLIENT, zk))
                .isInstanceOf(SubiektGatewayException.class).hasMessageContaining("order not found");
    }

    @Test
    void oneWriterAtATimeGivesDistinctNumbers() throws Exception {
        put("/_control/gateway", Map.of("latencyMs", 400));
        ErpOrder first = order(List.of(line(A, 1, "5.00")));
        ErpOrder second = order(List.of(line(B, 1, "5.00")));
        // two clients, so Kanal's own per-endpoint lock does not serialize them: the gateway must
        SubiektGatewayClient other = new SubiektGatewayClient(Duration.ofSeconds(10));

        long started = System.nanoTime();
        CompletableFuture<String> one = CompletableFuture.supplyAsync(() -> client.createOrder(source, CLIENT, first));
        CompletableFuture<String> two = CompletableFuture.supplyAsync(() -> other.createOrder(source, CLIENT, second));
        String a = one.get();
        String b = two.get();

        assertThat(a).isNotEqualTo(b);
        // each order/add holds the ERP's writer for its 400 ms: the two cannot overlap
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(800));
        assertThat(zkRows(first.reference()) + zkRows(second.reference())).isEqualTo(2);
    }

    @Test
    void rawAnswersHaveTheGatewayShape() throws Exception {
        HttpResponse<String> unknownKey = gateway("product/get", "{\"api_key\":\"nope\",\"data\":{\"code\":\"" + A + "\"}}");
        assertThat(unknownKey.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(unknownKey.body()).path("status").asText()).isEqualTo("fail");

        HttpResponse<String> product = gateway("product/get", "{\"api_key\":\"\",\"data\":{\"code\":\"" + A + "\"}}");
        JsonNode body = JSON.readTree(product.body());
        assertThat(body.path("status").asText()).isEqualTo("success");
        assertThat(body.path("data").path("name").asText()).isEqualTo("Phone A");
        assertThat(body.path("data").path("stock").get(0).path("warehouse").asText()).isEqualTo("MAG");

        HttpResponse<String> unknownMethod = gateway("order/teleport", "{\"api_key\":\"\",\"data\":{}}");
        assertThat(JSON.readTree(unknownMethod.body()).path("message").asText()).contains("unknown method");
    }

    // ------------------------------------------------------------------ helpers

    private int zkRows(String reference) {
        return erp.queryForObject("SELECT COUNT(*) FROM dok__Dokument WHERE dok_Typ = 16 AND dok_NrPelnyOryg = ?",
                Integer.class, reference);
    }

    private static String reference() {
        return "BM-" + RUN + "-" + ORDERS.incrementAndGet();
    }

    private static ErpCustomer customer() {
        return ErpCustomer.person("Jan", "Kowalski", "jan@example.test", "+48 600 000 000", "Prosta", "1", "00-001", "Warszawa");
    }

    private static ErpOrder order(List<ErpOrder.Line> lines) {
        return ErpOrder.of(reference(), customer(), lines, "transfer");
    }

    private static ErpOrder.Line line(String code, int qty, String price) {
        return new ErpOrder.Line(code, BigDecimal.valueOf(qty), new BigDecimal(price));
    }

    private static URI control(String path) {
        return URI.create(baseUrl() + "/sandbox/subiekt/" + CLIENT + path);
    }

    private HttpResponse<String> put(String path, Object body) throws Exception {
        return http.send(HttpRequest.newBuilder(control(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(control(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> gateway(String method, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/sandbox/subiekt/" + CLIENT + "/gateway?c=" + method))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
