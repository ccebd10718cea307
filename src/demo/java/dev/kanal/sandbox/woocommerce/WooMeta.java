package dev.kanal.sandbox.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.function.LongSupplier;

/** WordPress post meta as products, orders and refunds keep it in the sandbox shop. */
final class WooMeta {

    private WooMeta() {
    }

    /**
     * WooCommerce's meta update: an entry with an {@code id} or a known {@code key} replaces that
     * entry's value, any other is added with a new id; a value may be any JSON (the Shipment
     * Tracking extension stores an array under {@code _wc_shipment_tracking_items}).
     */
    static void merge(ArrayNode meta, JsonNode given, LongSupplier nextId) {
        if (!given.isArray()) {
            throw WooError.invalidParams(Map.of("meta_data", "meta_data is not of type array."));
        }
        for (JsonNode entry : given) {
            String key = entry.path("key").asText("");
            if (!entry.isObject() || key.isBlank() && !entry.has("id")) {
                throw WooError.invalidParams(Map.of("meta_data", "meta_data[] needs a key."));
            }
            ObjectNode existing = null;
            for (JsonNode m : meta) {
                if (entry.has("id") && m.path("id").asLong() == entry.path("id").asLong()
                        || !entry.has("id") && key.equals(m.path("key").asText())) {
                    existing = (ObjectNode) m;
                }
            }
            if (existing == null) {
                existing = meta.addObject();
                existing.put("id", nextId.getAsLong());
                existing.put("key", key);
            }
            existing.set("value", entry.has("value") ? entry.get("value").deepCopy() : JsonNodeFactory.instance.nullNode());
        }
    }
}
