package dev.kanal.connector.backmarket;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Exposes the acknowledger's request bodies to tests in other packages. */
public final class BackMarketOrderAcknowledgerBodies {

    private BackMarketOrderAcknowledgerBodies() {
    }

    public static ObjectNode accept(ObjectMapper json, String orderId, String sku) {
        return BackMarketOrderAcknowledger.body(json, orderId, sku, BackMarketOrderAcknowledger.ACCEPTED);
    }
}
