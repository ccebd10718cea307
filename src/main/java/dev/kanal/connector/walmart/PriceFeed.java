package dev.kanal.connector.walmart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.connector.PriceResult;
import dev.kanal.connector.PriceUpdate;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One price feed (spec 1.7, {@code feedType=price}): the file Kanal uploads, how many updates
 * fit in one, and the reading of Walmart's per-item answers. Plain Java, no HTTP.
 */
final class PriceFeed {

    static final String VERSION = "1.7";
    private static final String HEAD = "{\"PriceHeader\":{\"version\":\"" + VERSION + "\"},\"Price\":[";
    private static final String TAIL = "]}";

    private final List<PriceUpdate> updates;
    private final List<String> items;

    private PriceFeed(List<PriceUpdate> updates, List<String> items) {
        this.updates = List.copyOf(updates);
        this.items = List.copyOf(items);
    }

    /**
     * The next feed of {@code updates} from {@code from} on: as many as fit in {@code maxItems}
     * items and {@code maxBytes} bytes of file, and always at least one (a single item larger than
     * the cap is Walmart's to refuse).
     */
    static PriceFeed next(ObjectMapper json, List<PriceUpdate> updates, int from, int maxItems, int maxBytes) {
        List<String> items = new ArrayList<>();
        int bytes = HEAD.length() + TAIL.length();
        for (int i = from; i < updates.size() && items.size() < maxItems; i++) {
            String item = item(json, updates.get(i));
            int size = item.getBytes(StandardCharsets.UTF_8).length + (items.isEmpty() ? 0 : 1);
            if (!items.isEmpty() && bytes + size > maxBytes) {
                break;
            }
            items.add(item);
            bytes += size;
        }
        return new PriceFeed(updates.subList(from, from + items.size()), items);
    }

    /** {@code {"sku","pricing":[{"currentPriceType":"BASE","currentPrice":{"currency","amount"}}]}}: the regular price only. */
    static ObjectNode body(ObjectMapper json, PriceUpdate update) {
        ObjectNode body = json.createObjectNode().put("sku", update.channelListingId());
        ObjectNode pricing = body.putArray("pricing").addObject().put("currentPriceType", "BASE");
        pricing.putObject("currentPrice").put("currency", update.currency()).put("amount", new BigDecimal(update.priceText()));
        return body;
    }

    private static String item(ObjectMapper json, PriceUpdate update) {
        return body(json, update).toString();
    }

    List<PriceUpdate> updates() {
        return updates;
    }

    /** {@code {"PriceHeader":{"version":"1.7"},"Price":[{"sku","pricing":[...]}]}}. */
    String file() {
        return HEAD + String.join(",", items) + TAIL;
    }

    /** The results of the items one status page lists (see {@link WalmartFeeds#read}). */
    void read(JsonNode statusPage, PriceResult[] results) {
        WalmartFeeds.read(statusPage, updates.stream().map(PriceUpdate::channelListingId).toList(), (position, error) ->
                results[position] = error == null ? PriceResult.accepted(updates.get(position))
                        : PriceResult.rejected(updates.get(position), error));
    }
}
