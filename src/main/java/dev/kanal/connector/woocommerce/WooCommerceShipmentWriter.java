package dev.kanal.connector.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.connector.ChannelAnswer;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelShipmentWriter;
import dev.kanal.connector.OutgoingShipment;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.LongConsumer;
import org.springframework.stereotype.Component;

/**
 * Ships WooCommerce orders (shared/api-contracts.md 1.5-1.6): the tracking goes into the order's
 * {@code _wc_shipment_tracking_items} meta, the array the Shipment Tracking extension reads
 * ({@code tracking_provider}, {@code tracking_number}, {@code tracking_link}, {@code date_shipped}),
 * with {@code PUT /orders/{id}}, which also sets status {@code completed} once the shipment
 * completes the order; then an order note for the customer names carrier, tracking and the
 * shipment's reference.
 *
 * <p>Looks first: the PUT is skipped when the meta already holds this tracking (and the order is
 * completed, when it should be), the note when a note already names the reference. Calls go
 * through the account's budget in {@link WooCommerceClient} (429 pauses it).
 */
@Component
public class WooCommerceShipmentWriter implements ChannelShipmentWriter {

    static final String TRACKING_META = "_wc_shipment_tracking_items";
    static final String COMPLETED = "completed";

    private final WooCommerceClient client;
    private final ObjectMapper json = new ObjectMapper();

    public WooCommerceShipmentWriter(WooCommerceClient client) {
        this.client = client;
    }

    @Override
    public void write(ChannelConnection connection, OutgoingShipment shipment, LongConsumer lineConfirmed) {
        String orderPath = "/orders/" + shipment.channelOrderId();
        JsonNode order = call(connection, "GET", orderPath, null);
        ArrayNode items = trackingItems(json, order);
        boolean tracked = hasTracking(items, shipment);
        boolean completed = COMPLETED.equals(order.path("status").asText());
        if (!tracked || shipment.completesOrder() && !completed) {
            call(connection, "PUT", orderPath, updateBody(json, shipment, items, tracked));
        }
        JsonNode notes = call(connection, "GET", orderPath + "/notes", null);
        for (JsonNode note : notes) {
            if (note.path("note").asText("").contains(shipment.reference())) {
                return;
            }
        }
        call(connection, "POST", orderPath + "/notes", json.createObjectNode().put("note", noteText(shipment)).put("customer_note", true));
    }

    /** The tracking items already on the order (the extension's meta), as an array; empty when none. */
    static ArrayNode trackingItems(ObjectMapper json, JsonNode order) {
        for (JsonNode meta : order.path("meta_data")) {
            if (TRACKING_META.equals(meta.path("key").asText()) && meta.path("value").isArray()) {
                return ((ArrayNode) meta.get("value")).deepCopy();
            }
        }
        return json.createArrayNode();
    }

    static boolean hasTracking(ArrayNode items, OutgoingShipment shipment) {
        String number = shipment.trackingNumber() == null ? shipment.reference() : shipment.trackingNumber();
        for (JsonNode item : items) {
            if (number.equals(item.path("tracking_number").asText())) {
                return true;
            }
        }
        return false;
    }

    /** {@code PUT /orders/{id}}: the tracking items with this shipment's added, and {@code completed} when it completes the order. */
    static ObjectNode updateBody(ObjectMapper json, OutgoingShipment shipment, ArrayNode items, boolean tracked) {
        ObjectNode body = json.createObjectNode();
        if (shipment.completesOrder()) {
            body.put("status", COMPLETED);
        }
        ArrayNode value = items.deepCopy();
        if (!tracked) {
            ObjectNode item = value.addObject();
            item.put("tracking_id", "kanal-" + shipment.shipmentId());
            item.put("tracking_provider", shipment.carrier());
            item.put("tracking_number", shipment.trackingNumber() == null ? shipment.reference() : shipment.trackingNumber());
            item.put("tracking_link", shipment.trackingUrl() == null ? "" : shipment.trackingUrl());
            item.put("date_shipped", shipment.shippedAt() == null ? ""
                    : String.valueOf(shipment.shippedAt().atOffset(ZoneOffset.UTC).toEpochSecond()));
        }
        body.putArray("meta_data").addObject().put("key", TRACKING_META).set("value", value);
        return body;
    }

    static String noteText(OutgoingShipment shipment) {
        StringBuilder text = new StringBuilder("Shipped");
        if (!shipment.completesOrder()) {
            text.append(" in part");
        }
        text.append(" with ").append(shipment.carrier());
        if (shipment.trackingNumber() != null) {
            text.append(", tracking number ").append(shipment.trackingNumber());
        }
        if (shipment.trackingUrl() != null) {
            text.append(" (").append(shipment.trackingUrl()).append(")");
        }
        text.append(". Ref. ").append(shipment.reference());
        return text.toString();
    }

    private JsonNode call(ChannelConnection connection, String method, String path, JsonNode body) {
        ChannelAnswer response = client.send(connection, method, path, Map.of(), body);
        client.requireSuccess(connection, method, path, response);
        return client.parse(connection, method, path, response);
    }
}
