package dev.kanal.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The channel request bodies of a shipment, through the writers' package-visible builders. */
class ShipmentRequestBodiesTest {

    static final OutgoingShipment SHIPMENT = new OutgoingShipment(7, "4512", "WZ 3/11/2026", "DPD", "TRK123",
            "https://dpd.example/TRK123", Instant.parse("2026-11-02T10:15:30Z"), true,
            List.of(new OutgoingShipment.Line(1, "88", "SKU-1", 1, 1, List.of("356938035643809"), false)));

    @Test
    void backMarketShipsWithStateThreeTrackingShipperAndTheOrderIdInTheBody() {
        var body = dev.kanal.connector.backmarket.ShipmentBodies.backMarket(SHIPMENT);
        assertThat(body.path("order_id").asLong()).isEqualTo(4512);
        assertThat(body.path("id").asLong()).as("UpdateOrder's id is the order id, docs/decisions/0019").isEqualTo(4512);
        assertThat(body.path("new_state").asInt()).isEqualTo(3);
        assertThat(body.path("tracking_number").asText()).isEqualTo("TRK123");
        assertThat(body.path("tracking_url").asText()).isEqualTo("https://dpd.example/TRK123");
        assertThat(body.path("shipper").asText()).isEqualTo("DPD");
        assertThat(body.path("date_shipping").asText()).isEqualTo("2026-11-02T10:15:30Z".replace("Z", "+00:00"));
        assertThat(body.has("sku")).as("no SKU: every line ships together").isFalse();
        assertThat(dev.kanal.connector.backmarket.ShipmentBodies.identifierField("356938035643809")).isEqualTo("imei");
        assertThat(dev.kanal.connector.backmarket.ShipmentBodies.identifierField("SN-ABC123")).isEqualTo("serial_number");
    }

    @Test
    void wooCommerceCompletesTheOrderWithTheShipmentTrackingItems() {
        var body = dev.kanal.connector.woocommerce.ShipmentBodies.wooCommerce(SHIPMENT);
        assertThat(body.path("status").asText()).isEqualTo("completed");
        var meta = body.path("meta_data").get(0);
        assertThat(meta.path("key").asText()).isEqualTo("_wc_shipment_tracking_items");
        var item = meta.path("value").get(0);
        assertThat(item.path("tracking_provider").asText()).isEqualTo("DPD");
        assertThat(item.path("tracking_number").asText()).isEqualTo("TRK123");
        assertThat(item.path("tracking_link").asText()).isEqualTo("https://dpd.example/TRK123");
        assertThat(dev.kanal.connector.woocommerce.ShipmentBodies.note(SHIPMENT)).contains("DPD", "TRK123", "WZ 3/11/2026");
    }
}
