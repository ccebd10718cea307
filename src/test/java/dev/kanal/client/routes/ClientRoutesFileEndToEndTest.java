package dev.kanal.client.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kanal.KanalIntegrationTest;
import dev.kanal.TestEnvironment;
import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.ClientConfigLoader;
import dev.kanal.client.config.ClientRoutesFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A client's routes declared in its routes file (decision 0037): the file generated from the
 * client file, with the order poll of one account (bm-orders) written out as a route of its own
 * that holds back orders of listings named HOLD-BACK-*. That account's such orders never reach
 * Kanal; the same order on another account of the client (bm-acks, still the generated
 * templatedRoute) is imported, and so is bm-orders' next order of another listing.
 */
class ClientRoutesFileEndToEndTest extends KanalIntegrationTest {

    private static final Path ROUTES_DIR = writeRoutesFile();

    @DynamicPropertySource
    static void clientRoutes(DynamicPropertyRegistry registry) {
        registry.add("kanal.client-routes-dir", ROUTES_DIR::toString);
    }

    @Autowired JdbcTemplate jdbc;
    @Autowired CamelContext camel;
    @Autowired ClientRouteFiles routeFiles;

    @Test
    void aStepInOneAccountsDeclaredRouteChangesThatAccountsOrdersOnly() throws Exception {
        assertThat(routeFiles.declares(CLIENT)).isTrue();
        assertThat(camel.getRoute("order-poll-" + CLIENT + "-bm-orders").getSourceLocation()).contains(CLIENT + ".camel.yaml");
        assertThat(camel.getRoute("source-poll-" + CLIENT)).as("the file's templated routes run too").isNotNull();
        bm(BM_ORDERS_TOKEN, "GET", "/_control/listings", null); // makes the sellers known
        bm(BM_ACKS_TOKEN, "GET", "/_control/listings", null);
        String held = "HOLD-BACK-" + UUID.randomUUID().toString().substring(0, 8);

        String heldOnBmOrders = placeOrder(BM_ORDERS_TOKEN, held);
        String heldOnBmAcks = placeOrder(BM_ACKS_TOKEN, held);
        awaitNextWholeSecond();
        String passedOnBmOrders = placeOrder(BM_ORDERS_TOKEN, "PASS-" + UUID.randomUUID().toString().substring(0, 8));

        await().atMost(Duration.ofSeconds(30)).until(() -> imported("bm-acks", heldOnBmAcks) && imported("bm-orders", passedOnBmOrders));
        awaitRouteRuns("order-poll-" + CLIENT + "-bm-orders", 2); // the held-back order was read again by later polls
        assertThat(imported("bm-orders", heldOnBmOrders)).as("held back by bm-orders' own step").isFalse();
    }

    private String placeOrder(String token, String sku) throws Exception {
        return bm(token, "POST", "/_control/orders", Map.of("state", 1,
                "orderlines", List.of(Map.of("listing", sku, "quantity", 1, "price", "10.00")))).path("order_id").asText();
    }

    private boolean imported(String account, String channelOrderId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM sales_order o JOIN channel_account a ON a.id = o.channel_account_id "
                + "JOIN client c ON c.id = o.client_id WHERE c.code = ? AND a.code = ? AND o.channel_order_id = ?",
                Integer.class, CLIENT, account, channelOrderId) > 0;
    }

    private com.fasterxml.jackson.databind.JsonNode bm(String token, String method, String path, Object body) throws Exception {
        Answer answer = http(method, "/sandbox/backmarket" + path, body, "Basic " + token);
        assertThat(answer.status()).as(method + " " + path + ": " + answer.json()).isBetween(200, 299);
        return answer.json();
    }

    /** The client's generated routes file, with bm-orders' order poll written out and given one step more. */
    private static Path writeRoutesFile() {
        Path dir = TestEnvironment.tempDir("kanal-client-routes-");
        ClientConfig client = new ClientConfigLoader(System::getenv).load(CLIENTS_DIR.resolve(CLIENT + ".yaml"));
        String generated = ClientRoutesFile.render(client);
        String templated = """
                - templatedRoute:
                    routeTemplateRef: order-poll
                    routeId: order-poll-%1$s-bm-orders
                    parameters:
                      - name: clientId
                        value: "%1$s"
                      - name: accountId
                        value: "bm-orders"
                      - name: intervalMillis
                        value: "{{kanal.orders.poll-interval-millis}}"
                """.formatted(CLIENT);
        String writtenOut = """
                - route:
                    id: order-poll-%1$s-bm-orders
                    from:
                      uri: "quartz:kanal-order-poll/%1$s-bm-orders"
                      parameters:
                        trigger.repeatInterval: "{{kanal.orders.poll-interval-millis}}"
                        trigger.repeatCount: -1
                        stateful: true
                      steps:
                        - bean:
                            ref: orderPoller
                            method: "poll('%1$s', 'bm-orders')"
                        - split:
                            simple: "${body.orders}"
                            steps:
                              # this account only: orders of HOLD-BACK-* listings are not imported
                              - filter:
                                  simple: "${body.json} not contains 'HOLD-BACK-'"
                                  steps:
                                    - setHeader: {name: kanalChannelOrderId, simple: "${body.channelOrderId}"}
                                    - setHeader: {name: kanalClient, constant: "%1$s"}
                                    - setHeader: {name: kanalAccount, constant: bm-orders}
                                    - setHeader: {name: kanalOrderSource, constant: poll}
                                    - setBody: {simple: "${body.json}"}
                                    - to: {uri: "direct:order-received"}
                        - bean:
                            ref: orderPoller
                            method: advance
                """.formatted(CLIENT);
        assertThat(generated).contains(templated);
        try {
            Files.writeString(ClientRoutesFile.of(dir, CLIENT), generated.replace(templated, writtenOut));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }
}
