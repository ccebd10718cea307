package dev.kanal.connector.woocommerce;

import dev.kanal.connector.PushResult;
import dev.kanal.connector.QuantityUpdate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a list of quantity updates becomes WooCommerce batch calls: simple products go to
 * {@code POST /products/batch}, variations to {@code POST /products/{pid}/variations/batch} (one
 * group per parent product), at most {@code limit} items per call. Inside a call the updates keep
 * their input order, and the calls go in the order of their first update, so a push that stops
 * part-way has answered as long a prefix of the input as the grouping allows. Listing ids that
 * are not WooCommerce ids are rejected without a call.
 */
final class WooBatchPlan {

    /** One update inside a batch call: its position in the input, the id to send, the quantity. */
    record Item(int index, QuantityUpdate update, long id) {
    }

    /** One batch call: {@code parentId} null for products, else the variations' parent product. */
    record Batch(Long parentId, List<Item> items) {

        String path() {
            return parentId == null ? "/products/batch" : "/products/" + parentId + "/variations/batch";
        }

        /** This call's results, read from the push's results by input position. */
        List<PushResult> results(PushResult[] all) {
            return items.stream().map(item -> all[item.index()]).toList();
        }
    }

    private final List<Batch> batches;
    private final Map<Integer, String> invalid;

    private WooBatchPlan(List<Batch> batches, Map<Integer, String> invalid) {
        this.batches = batches;
        this.invalid = invalid;
    }

    static WooBatchPlan of(List<QuantityUpdate> updates, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        List<Item> products = new ArrayList<>();
        Map<Long, List<Item>> variations = new LinkedHashMap<>();
        Map<Integer, String> invalid = new TreeMap<>();
        for (int i = 0; i < updates.size(); i++) {
            QuantityUpdate update = updates.get(i);
            var id = WooListingId.parse(update.channelListingId());
            if (id.isEmpty()) {
                invalid.put(i, "Not a WooCommerce listing id (expected productId or productId/variationId): '"
                        + update.channelListingId() + "'");
            } else if (id.get().isVariation()) {
                variations.computeIfAbsent(id.get().productId(), k -> new ArrayList<>())
                        .add(new Item(i, update, id.get().itemId()));
            } else {
                products.add(new Item(i, update, id.get().itemId()));
            }
        }
        List<Batch> batches = new ArrayList<>();
        chunk(null, products, limit, batches);
        variations.forEach((parent, items) -> chunk(parent, items, limit, batches));
        batches.sort(Comparator.comparingInt(batch -> batch.items().get(0).index()));
        return new WooBatchPlan(List.copyOf(batches), Collections.unmodifiableMap(invalid));
    }

    /**
     * The same grouping for any update that names a listing (a price push): items are found by
     * {@link Item#index()} in the caller's list; their {@code update()} carries only the id.
     */
    static WooBatchPlan ofListings(List<String> channelListingIds, int limit) {
        return of(channelListingIds.stream().map(id -> new QuantityUpdate(id, 0)).toList(), limit);
    }

    private static void chunk(Long parent, List<Item> items, int limit, List<Batch> into) {
        for (int from = 0; from < items.size(); from += limit) {
            into.add(new Batch(parent, List.copyOf(items.subList(from, Math.min(items.size(), from + limit)))));
        }
    }

    List<Batch> batches() {
        return batches;
    }

    /** Input positions of updates whose listing id is not a WooCommerce id, with the reason. */
    Map<Integer, String> invalid() {
        return invalid;
    }
}
