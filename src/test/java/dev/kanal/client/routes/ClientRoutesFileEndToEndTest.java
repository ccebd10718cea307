package dev.kanal.client.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kanal.KanalIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A client's routes declared in its routes file (decision 0037): the end-to-end client's file
 * ({@code EndToEndClientRoutes}, which every integration test runs with) is the one generated from
 * the client file, with the order poll of one account (bm-orders) written out as a route of its
 * own that holds back orders of listings named HOLD-BACK-*. That account's such orders never reach
 * Kanal; the same order on another account of the client (bm-acks, still the generated
 * templatedRoute) is imported, and so is bm-orders' next order of another listing.
 */
class ClientRoutesFileEndToEndTest extends KanalIntegrationTest {

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
}
