package dev.kanal.fulfilment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.KanalIntegrationTest;
import dev.kanal.inventory.SourcePoller;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Decision 0018's window, closed: the shipment poll records an ERP document before the stock poll
 * has seen the ERP's lower stock. The two polls of the client are paused and driven by hand, and
 * after every step the listing's quantity (the admin breakdown, the calculator's own rule) must
 * not exceed what is really left: the ERP's sellable stock less the units allocated but not yet
 * issued by the ERP. Each unit is subtracted once: by its allocation before the shipment, by the
 * ERP stock after.
 */
class ShipmentStockWindowTest extends KanalIntegrationTest {

    @Autowired JdbcTemplate jdbc;
    @Autowired CamelContext camel;
    @Autowired ShipmentPoller shipmentPoller;
    @Autowired SourcePoller sourcePoller;

    @Test
    void theShipmentPollFirstNeverLetsTheChannelSeeAUnitTheErpNoLongerHas() throws Exception {
        bm("GET", "/_control/listings", null);
        String sku = "WIN-" + RUN;
        erpStock(sku, 5);
        long clientId = jdbc.queryForObject("SELECT id FROM client WHERE code = ?", Long.class, CLIENT);
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject("""
                SELECT COUNT(*) FROM stock_level s JOIN sku k ON k.id = s.sku_id WHERE k.client_id = ? AND k.code = ? AND s.quantity = 5""",
                Integer.class, clientId, sku) == 1);
        bm("POST", "/_control/listings", List.of(Map.of("sku", sku, "quantity", 0, "price", "99.00")));
        admin("POST", "/accounts/bm-orders/listings/import?wait=true", null);
        long listing = jdbc.queryForObject("""
                SELECT l.id FROM listing l JOIN channel_account a ON a.id = l.channel_account_id
                 WHERE a.client_id = ? AND a.code = 'bm-orders' AND l.channel_sku = ?""", Long.class, clientId, sku);
        if (admin("GET", "/listings/" + listing + "/quantity", null).path("calculation").isNull()) {
            admin("PUT", "/listings/" + listing + "/mapping", Map.of("sku", sku));
        }

        String channelOrderId = bm("POST", "/_control/orders", Map.of("state", 1,
                "orderlines", List.of(Map.of("listing", sku, "quantity", 1, "price", "99.00")))).path("order_id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> "IN_ERP".equals(jdbc.queryForObject("""
                SELECT MAX(o.status) FROM sales_order o JOIN channel_account a ON a.id = o.channel_account_id
                 WHERE a.client_id = ? AND a.code = 'bm-orders' AND o.channel_order_id = ?""", String.class, clientId, channelOrderId)));

        String stockPoll = "source-poll-" + CLIENT;
        String shipmentPoll = "shipment-poll-" + CLIENT;
        camel.getRouteController().suspendRoute(stockPoll);
        camel.getRouteController().suspendRoute(shipmentPoll);
        try {
            JsonNode before = breakdown(listing);
            assertThat(before.path("onHand").asLong()).as("on hand before shipping").isEqualTo(5);
            assertThat(before.path("allocated").asLong()).as("the ordered unit, by its allocation").isEqualTo(1);
            assertThat(before.path("quantity").asInt()).isEqualTo(4);

            Answer shipped = http("POST", "/sandbox/subiekt/" + CLIENT + "/_control/shipments", Map.of(
                    "reference", "bm-orders:" + channelOrderId, "carrier", "DPD", "tracking", "WIN-" + channelOrderId), null);
            assertThat(shipped.status()).as(shipped.json().toString()).isEqualTo(201);
            assertThat(erpSellable(sku)).as("the ERP issued the unit").isEqualTo(4);
            assertNoOversell(listing, sku, 0);

            assertThat(shipmentPoller.poll(CLIENT)).as("the shipment poll runs first").hasSize(1);
            JsonNode afterShipment = breakdown(listing);
            assertThat(afterShipment.path("allocated").asLong()).as("the allocation is consumed").isZero();
            assertThat(afterShipment.path("onHand").asLong()).as("and Kanal's copy of the ERP stock fell with it").isEqualTo(4);
            assertNoOversell(listing, sku, 0);

            // a delivery brings the ERP back to the level the stock poll last saw: it must not mistake it for no change
            erpStock(sku, 5);
            sourcePoller.poll(CLIENT);
            JsonNode restocked = breakdown(listing);
            assertThat(restocked.path("onHand").asLong()).as("the later change is seen").isEqualTo(5);
            assertThat(restocked.path("allocated").asLong()).isZero();
            assertNoOversell(listing, sku, 0);

            sourcePoller.poll(CLIENT);
            assertThat(breakdown(listing).path("onHand").asLong()).as("a further poll counts nothing twice").isEqualTo(5);
            assertThat(shipmentPoller.poll(CLIENT)).as("the document read again records nothing").isEmpty();
            assertThat(breakdown(listing).path("quantity").asInt()).isEqualTo(5);
        } finally {
            camel.getRouteController().resumeRoute(stockPoll);
            camel.getRouteController().resumeRoute(shipmentPoll);
        }
    }

    /** The listing's quantity never exceeds the ERP's sellable stock less the units allocated and not yet issued. */
    private void assertNoOversell(long listing, String sku, int allocatedNotIssued) throws Exception {
        int quantity = breakdown(listing).path("quantity").asInt();
        assertThat(quantity).as("listing quantity vs what the ERP has left").isLessThanOrEqualTo(erpSellable(sku) - allocatedNotIssued);
    }

    private JsonNode breakdown(long listing) throws Exception {
        return admin("GET", "/listings/" + listing + "/quantity", null).path("calculation");
    }

    private int erpSellable(String sku) throws Exception {
        Answer stock = http("GET", "/sandbox/subiekt/" + CLIENT + "/_control/stock", null, null);
        assertThat(stock.status()).isEqualTo(200);
        int sellable = 0;
        for (JsonNode row : stock.json()) {
            if (sku.equals(row.path("symbol").asText()) && "MAG".equals(row.path("warehouse").asText())) {
                sellable += row.path("onHand").asInt() - row.path("reserved").asInt();
            }
        }
        return sellable;
    }

    private void erpStock(String sku, int onHand) throws Exception {
        Answer seeded = http("PUT", "/sandbox/subiekt/" + CLIENT + "/_control/stock", List.of(Map.of("symbol", sku, "name",
                "Phone " + sku, "warehouse", "MAG", "onHand", onHand, "reserved", 0, "blocked", false)), null);
        assertThat(seeded.status()).isEqualTo(200);
    }

    private JsonNode admin(String method, String path, Object body) throws Exception {
        Answer answer = http(method, "/admin/clients/" + CLIENT + path, body,
                "Basic " + Base64.getEncoder().encodeToString("admin:test-secret".getBytes(StandardCharsets.UTF_8)));
        assertThat(answer.status()).as(method + " " + path + ": " + answer.json()).isBetween(200, 299);
        return answer.json();
    }

    private JsonNode bm(String method, String path, Object body) throws Exception {
        Answer answer = http(method, "/sandbox/backmarket" + path, body, "Basic " + BM_ORDERS_TOKEN);
        assertThat(answer.status()).as(method + " " + path + ": " + answer.json()).isBetween(200, 299);
        return answer.json();
    }
}
