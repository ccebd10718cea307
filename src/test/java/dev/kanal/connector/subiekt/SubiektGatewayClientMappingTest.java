package dev.kanal.connector.subiekt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.kanal.client.config.SourceConfig;
import dev.kanal.client.config.SourceType;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Request and answer mapping of the gateway client, against a scripted gateway (no Spring). */
class SubiektGatewayClientMappingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One scripted answer: HTTP status, body, and how long to wait before sending it. */
    private record Scripted(int status, String body, long delayMs) {
    }

    private HttpServer server;
    private final Deque<Scripted> script = new ArrayDeque<>();
    private final List<String> methods = new CopyOnWriteArrayList<>();
    private final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
    private SourceConfig source;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/erp/shop-1/gateway", exchange -> {
            methods.add(exchange.getRequestURI().getQuery());
            bodies.add(JSON.readTree(exchange.getRequestBody()));
            Scripted next;
            synchronized (script) {
                next = script.isEmpty() ? new Scripted(500, "no script", 0) : script.poll();
            }
            try {
                Thread.sleep(next.delayMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] bytes = next.body().getBytes(StandardCharsets.UTF_8);
            try {
                exchange.sendResponseHeaders(next.status(), bytes.length);
                exchange.getResponseBody().write(bytes);
            } catch (IOException ignored) {
                // the client gave up (timeout)
            }
            exchange.close();
        });
        server.start();
        source = new SourceConfig(SourceType.SUBIEKT, null, null, null,
                "http://127.0.0.1:" + server.getAddress().getPort() + "/erp/", "key-1", null, null);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(String body) {
        script.add(new Scripted(200, body, 0));
    }

    private static ErpOrder order() {
        return new ErpOrder("BM-1001", ErpCustomer.company("Acme sp. z o.o.", "PL5260250274", "a@acme.test", "+48 1",
                "Prosta", "20", "00-850", "Warszawa"),
                List.of(new ErpOrder.Line("IPH8-64-B", new BigDecimal("2"), new BigDecimal("199.90")),
                        new ErpOrder.Line("CASE-1", BigDecimal.ONE, new BigDecimal("10.00"))),
                "paid on Back Market", true, "transfer", null, false);
    }

    @Test
    void orderAddDataCarriesCustomerLinesReferenceAndTotal() {
        JsonNode data = SubiektGatewayClient.orderAddData(order());
        assertThat(data.path("reference").asText()).isEqualTo("BM-1001");
        assertThat(data.path("customer").path("company_name").asText()).isEqualTo("Acme sp. z o.o.");
        assertThat(data.path("customer").path("tax_id").asText()).isEqualTo("PL5260250274");
        assertThat(data.path("customer").path("is_company").asBoolean()).isTrue();
        assertThat(data.path("customer").path("post_code").asText()).isEqualTo("00-850");
        assertThat(data.path("products")).hasSize(2);
        assertThat(data.path("products").get(0).path("code").asText()).isEqualTo("IPH8-64-B");
        assertThat(data.path("products").get(0).path("qty").decimalValue()).isEqualByComparingTo("2");
        assertThat(data.path("products").get(0).path("price").decimalValue()).isEqualByComparingTo("199.90");
        assertThat(data.path("amount").decimalValue()).isEqualByComparingTo("409.80");
        assertThat(data.path("reservation").asBoolean()).isTrue();
        assertThat(data.path("pay_type").asText()).isEqualTo("transfer");
        assertThat(data.has("create_product_if_not_exists")).isFalse();
    }

    @Test
    void endpointAppendsClientAndGateway() {
        assertThat(SubiektGatewayClient.endpoint(source, "shop-1").toString()).endsWith("/erp/shop-1/gateway");
    }

    @Test
    void answersAreReadByStatusNotHttpCode() {
        assertThat(SubiektGatewayClient.answer("x", "order/get", 200, "{\"status\":\"success\",\"data\":{\"order_ref\":\"ZK 1/01/2026\"}}")
                .path("order_ref").asText()).isEqualTo("ZK 1/01/2026");
        assertThatThrownBy(() -> SubiektGatewayClient.answer("x", "order/add", 200, "{\"status\":\"fail\",\"message\":\"unknown product: X\"}"))
                .isInstanceOf(SubiektGatewayException.class).hasMessageContaining("unknown product: X")
                .extracting(e -> ((SubiektGatewayException) e).gatewayMessage()).isEqualTo("unknown product: X");
        assertThatThrownBy(() -> SubiektGatewayClient.answer("x", "order/add", 503, "<html>busy</html>"))
                .isInstanceOf(SubiektGatewayUnavailableException.class).hasMessageContaining("HTTP 503");
        assertThatThrownBy(() -> SubiektGatewayClient.answer("x", "order/add", 200, "<html>PHP Fatal error</html>"))
                .isInstanceOf(SubiektGatewayUnavailableException.class).hasMessageContaining("not JSON");
    }

    @Test
    void existingOrderIsReturnedWithoutAdding() {
        answer("{\"status\":\"success\",\"data\":{\"orders\":[{\"order_ref\":\"ZK 7/03/2026\",\"reference\":\"BM-1001\",\"order_amount\":\"409.80\",\"state\":\"open\",\"sell_doc\":null}]}}");
        String zk = new SubiektGatewayClient(Duration.ofSeconds(5)).createOrder(source, "shop-1", order());
        assertThat(zk).isEqualTo("ZK 7/03/2026");
        assertThat(methods).containsExactly("c=order/find");
        assertThat(bodies.get(0).path("api_key").asText()).isEqualTo("key-1");
        assertThat(bodies.get(0).path("data").path("reference").asText()).isEqualTo("BM-1001");
    }

    @Test
    void newOrderIsAddedAfterAnEmptyLookup() {
        answer("{\"status\":\"success\",\"data\":{\"orders\":[]}}");
        answer("{\"status\":\"success\",\"data\":{\"order_ref\":\"ZK 8/03/2026\",\"order_amount\":409.8}}");
        String zk = new SubiektGatewayClient(Duration.ofSeconds(5)).createOrder(source, "shop-1", order());
        assertThat(zk).isEqualTo("ZK 8/03/2026");
        assertThat(methods).containsExactly("c=order/find", "c=order/add");
        assertThat(bodies.get(1).path("data").path("products")).hasSize(2);
    }

    @Test
    void timeoutAfterCommitIsAnsweredByTheLookup() {
        answer("{\"status\":\"success\",\"data\":{\"orders\":[]}}");
        script.add(new Scripted(200, "{\"status\":\"success\",\"data\":{\"order_ref\":\"ZK 9/03/2026\"}}", 1500));
        answer("{\"status\":\"success\",\"data\":{\"orders\":[{\"order_ref\":\"ZK 9/03/2026\",\"reference\":\"BM-1001\"}]}}");
        String zk = new SubiektGatewayClient(Duration.ofMillis(300)).createOrder(source, "shop-1", order());
        assertThat(zk).isEqualTo("ZK 9/03/2026");
        assertThat(methods).containsExactly("c=order/find", "c=order/add", "c=order/find");
    }

    @Test
    void timeoutWithoutASavedOrderIsRetryable() {
        answer("{\"status\":\"success\",\"data\":{\"orders\":[]}}");
        script.add(new Scripted(200, "{\"status\":\"success\",\"data\":{}}", 1500));
        answer("{\"status\":\"success\",\"data\":{\"orders\":[]}}");
        assertThatThrownBy(() -> new SubiektGatewayClient(Duration.ofMillis(300)).createOrder(source, "shop-1", order()))
                .isInstanceOf(SubiektGatewayUnavailableException.class).hasMessageContaining("timed out");
    }

    @Test
    void businessFailureOfAddIsNotRetryableAndNotLookedUpAgain() {
        answer("{\"status\":\"success\",\"data\":{\"orders\":[]}}");
        answer("{\"status\":\"fail\",\"message\":\"unknown product: CASE-1\"}");
        assertThatThrownBy(() -> new SubiektGatewayClient(Duration.ofSeconds(5)).createOrder(source, "shop-1", order()))
                .isInstanceOf(SubiektGatewayException.class).hasMessageContaining("unknown product: CASE-1");
        assertThat(methods).containsExactly("c=order/find", "c=order/add");
    }

    @Test
    void missingApiKeyIsSentEmpty() {
        answer("{\"status\":\"success\",\"data\":{\"order_ref\":\"ZK 1/01/2026\",\"state\":\"open\",\"order_amount\":\"5.00\"}}");
        SourceConfig noKey = new SourceConfig(SourceType.SUBIEKT, null, null, null, source.gatewayUrl(), null, null, null);
        ErpOrderInfo state = new SubiektGatewayClient(Duration.ofSeconds(5)).getState(noKey, "shop-1", "ZK 1/01/2026");
        assertThat(state.state()).isEqualTo("open");
        assertThat(state.amount()).isEqualByComparingTo("5");
        assertThat(bodies.get(0).path("api_key").asText()).isEmpty();
        assertThat(bodies.get(0).path("data").path("order_ref").asText()).isEqualTo("ZK 1/01/2026");
    }
}
