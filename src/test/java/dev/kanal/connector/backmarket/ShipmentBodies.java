package dev.kanal.connector.backmarket;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.connector.OutgoingShipment;

/** Test access to the Back Market shipment writer's request builders. */
public final class ShipmentBodies {
    private ShipmentBodies() {
    }

    public static ObjectNode backMarket(OutgoingShipment shipment) {
        return BackMarketShipmentWriter.shipBody(new ObjectMapper(), shipment);
    }

    public static String identifierField(String serial) {
        return BackMarketShipmentWriter.identifierField(serial);
    }
}
