package dev.kanal.connector.walmart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.connector.PushResult;
import dev.kanal.connector.QuantityUpdate;
import java.util.List;

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

    /**
     * The results of the items one status page lists (see {@link WalmartFeeds#read}): SUCCESS is
     * accepted, DATA_ERROR rejected with Walmart's codes; INPROGRESS, SYSTEM_ERROR and
     * TIMEOUT_ERROR give no result, so those updates are sent again.
     */
    void read(JsonNode statusPage, PushResult[] results) {
        WalmartFeeds.read(statusPage, updates.stream().map(WalmartStock::sku).toList(), (position, error) ->
                results[position] = error == null ? PushResult.accepted(updates.get(position))
                        : PushResult.rejected(updates.get(position), error));
    }
}
