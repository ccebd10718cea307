package dev.kanal.connector.woocommerce;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.connector.OutgoingShipment;

/** Test access to the WooCommerce shipment writer's request builders. */
public final class ShipmentBodies {
    private ShipmentBodies() {
    }

    public static ObjectNode wooCommerce(OutgoingShipment shipment) {
        ObjectMapper json = new ObjectMapper();
        return WooCommerceShipmentWriter.updateBody(json, shipment, json.createArrayNode(), false);
    }

    public static String note(OutgoingShipment shipment) {
        return WooCommerceShipmentWriter.noteText(shipment);
    }
}
