package dev.kanal.connector.walmart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.connector.PushResult;
import dev.kanal.connector.QuantityUpdate;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One inventory feed (spec 1.4, {@code feedType=inventory}): the file Kanal uploads and the
 * reading of Walmart's per-item answers. Plain Java, no HTTP.
 */
final class InventoryFeed {

    static final String VERSION = "1.4";

    private final List<QuantityUpdate> updates;

    InventoryFeed(List<QuantityUpdate> updates) {
        this.updates = List.copyOf(updates);
    }

    List<QuantityUpdate> updates() {
        return updates;
    }

    /** {@code {"InventoryHeader":{"version":"1.4"},"Inventory":[{"sku","quantity":{"unit":"EACH","amount"}}]}}. */
    String file(ObjectMapper json) {
        ObjectNode feed = json.createObjectNode();
        feed.putObject("InventoryHeader").put("version", VERSION);
        ArrayNode items = feed.putArray("Inventory");
        for (QuantityUpdate update : updates) {
            ObjectNode item = items.addObject().put("sku", WalmartStock.sku(update));
            item.putObject("quantity").put("unit", "EACH").put("amount", update.quantity());
        }
        return feed.toString();
    }

    /** The upload: {@code multipart/form-data} with the file in the part {@code file}. */
    static Multipart multipart(String file) {
        String boundary = "kanal-" + UUID.randomUUID();
        String body = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"inventory.json\"\r\n"
                + "Content-Type: application/json\r\n\r\n"
                + file + "\r\n"
                + "--" + boundary + "--\r\n";
        return new Multipart("multipart/form-data; boundary=" + boundary, body.getBytes(StandardCharsets.UTF_8));
    }

    record Multipart(String contentType, byte[] body) {
    }

    /**
     * The results of the items one status page lists, by position in the feed ({@code index},
     * else the SKU): SUCCESS is accepted, DATA_ERROR rejected with Walmart's codes; INPROGRESS,
     * SYSTEM_ERROR and TIMEOUT_ERROR give no result, so those updates are sent again.
     */
    void read(JsonNode statusPage, PushResult[] results) {
        Map<String, Integer> bySku = new HashMap<>();
        for (int i = 0; i < updates.size(); i++) {
            bySku.putIfAbsent(WalmartStock.sku(updates.get(i)), i);
        }
        for (JsonNode item : statusPage.path("itemDetails").path("itemIngestionStatus")) {
            Integer position = item.hasNonNull("index") && item.get("index").canConvertToInt()
                    && item.get("index").asInt() >= 0 && item.get("index").asInt() < updates.size()
                    && WalmartStock.sku(updates.get(item.get("index").asInt())).equals(item.path("sku").asText())
                    ? Integer.valueOf(item.get("index").asInt()) : bySku.get(item.path("sku").asText());
            if (position == null) {
                continue; // an item Kanal did not send
            }
            QuantityUpdate update = updates.get(position);
            switch (item.path("ingestionStatus").asText("")) {
                case "SUCCESS" -> results[position] = PushResult.accepted(update);
                case "DATA_ERROR" -> results[position] = PushResult.rejected(update, errors(item));
                default -> {
                    // INPROGRESS, SYSTEM_ERROR, TIMEOUT_ERROR: Walmart did not apply it; it is sent again
                }
            }
        }
    }

    static String errors(JsonNode item) {
        List<String> errors = new ArrayList<>();
        for (JsonNode error : item.path("ingestionErrors").path("ingestionError")) {
            String code = error.path("code").asText("");
            String description = error.path("description").asText("");
            errors.add(description.isEmpty() ? code : code + ": " + description);
        }
        return errors.isEmpty() ? "DATA_ERROR" : String.join("; ", errors);
    }
}
