package dev.kanal.connector.baselinker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelListing;
import dev.kanal.connector.ChannelPriceConnector;
import dev.kanal.connector.ChannelStockConnector;
import dev.kanal.connector.ChannelUnavailableException;
import dev.kanal.connector.PriceResult;
import dev.kanal.connector.PriceUpdate;
import dev.kanal.connector.PushResult;
import dev.kanal.connector.QuantityUpdate;
import dev.kanal.connector.RateLimitedException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BaseLinker's catalog for the stock flow (shared/api-contracts.md 4.3). A listing is a product
 * of the account's catalog, or one variant of a product with variants (BaseLinker keeps a
 * variant product's stock on its variants), named by its BaseLinker id, which is what
 * {@code updateInventoryProductsStock} takes.
 *
 * <p>Listing import: {@code getInventoryProductsList} a page of 1,000 products at a time, then
 * {@code getInventoryProductsData} for that page's products, which brings their variants: two
 * calls per 1,000 products. The quantity is the stock in the warehouse Kanal writes; the price is
 * the one in the account's {@code price-group}, else in the catalog's first (default) group.
 *
 * <p>Stock: {@code updateInventoryProductsStock}, up to 1,000 products a call, so a push of
 * {@code n} changes costs {@code ceil(n / 1000)} calls (a listing named twice in one push goes
 * into the next call, so its last quantity wins). BaseLinker answers per-product
 * {@code warnings}: those updates are rejected with its words, the others accepted. A call
 * BaseLinker refuses as a whole (an unknown catalog) rejects its updates; a blocked token or an
 * unreachable BaseLinker is thrown with the results of the calls before it.
 *
 * <p>Prices: {@link BaseLinkerPrices}, the same listings, calls and limits, into a price group
 * checked first ({@link BaseLinkerPriceGroups}).
 */
public class BaseLinkerClient implements ChannelStockConnector, ChannelPriceConnector {

    /** BaseLinker's page of products, and the most products one stock call takes. */
    static final int PAGE_SIZE = 1000;
    static final int MAX_PRODUCTS_PER_CALL = 1000;

    private static final Logger log = LoggerFactory.getLogger(BaseLinkerClient.class);

    private final BaseLinkerHttp http;
    private final BaseLinkerCatalog catalog;
    private final BaseLinkerPrices prices;

    /** How long an account's price group list is kept (decision 0050), and how long one that withheld prices is. */
    static final Duration PRICE_GROUPS_FRESH_FOR = Duration.ofMinutes(10);
    static final Duration PRICE_GROUPS_RECHECK_AFTER = Duration.ofMinutes(1);

    public BaseLinkerClient(BaseLinkerHttp http) {
        this(http, PRICE_GROUPS_FRESH_FOR, PRICE_GROUPS_RECHECK_AFTER);
    }

    public BaseLinkerClient(BaseLinkerHttp http, Duration priceGroupsFreshFor, Duration priceGroupsRecheckAfter) {
        this.http = http;
        this.catalog = new BaseLinkerCatalog(http);
        this.prices = new BaseLinkerPrices(http, catalog, new BaseLinkerPriceGroups(http, Clock.systemUTC(), priceGroupsFreshFor,
                priceGroupsRecheckAfter));
    }

    BaseLinkerCatalog catalog() {
        return catalog;
    }

    @Override
    public void fetchListings(ChannelConnection connection, Consumer<List<ChannelListing>> pages) {
        BaseLinkerCatalog.Target target = catalog.target(connection);
        Long priceGroup = BaseLinkerSettings.of(connection).priceGroup();
        for (int page = 1; ; page++) {
            ObjectNode list = http.json().createObjectNode().put("inventory_id", target.inventoryId()).put("page", page);
            JsonNode products = http.call(connection, "getInventoryProductsList", list).path("products");
            if (!products.isObject() || products.isEmpty()) {
                return; // PHP sends an empty list as []
            }
            ArrayNode ids = http.json().createArrayNode();
            products.fieldNames().forEachRemaining(id -> ids.add(Long.parseLong(id)));
            ObjectNode data = http.json().createObjectNode().put("inventory_id", target.inventoryId());
            data.set("products", ids);
            JsonNode details = http.call(connection, "getInventoryProductsData", data).path("products");
            List<ChannelListing> listings = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = products.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> product = it.next();
                JsonNode detail = details.path(product.getKey());
                JsonNode variants = detail.path("variants");
                if (variants.isObject() && !variants.isEmpty()) {
                    variants.fields().forEachRemaining(v -> listings.add(listing(v.getKey(), v.getValue(),
                            v.getValue().path("name").asText(null), target.warehouse(), priceGroup)));
                } else {
                    listings.add(listing(product.getKey(), product.getValue(), product.getValue().path("name").asText(null),
                            target.warehouse(), priceGroup));
                }
            }
            pages.accept(listings);
            if (products.size() < PAGE_SIZE) {
                return;
            }
        }
    }

    /** @param priceGroup the account's price group; null: the catalog's first (default) group */
    private static ChannelListing listing(String id, JsonNode product, String name, String warehouse, Long priceGroup) {
        JsonNode stock = product.path("stock").path(warehouse);
        JsonNode prices = product.path("prices"); // by price group; PHP's [] when none
        JsonNode value = priceGroup != null ? prices.path(Long.toString(priceGroup))
                : prices.isObject() && !prices.isEmpty() ? prices.elements().next() : null;
        BigDecimal price;
        try {
            price = value == null || value.isMissingNode() || value.isNull() ? null : new BigDecimal(value.asText());
        } catch (NumberFormatException e) {
            price = null;
        }
        String sku = product.path("sku").asText("");
        return new ChannelListing(id, sku.isBlank() ? null : sku, name, price, null,
                stock.isMissingNode() || stock.isNull() ? null : stock.asInt(), null);
    }

    @Override
    public int maxUpdatesPerPush() {
        return MAX_PRODUCTS_PER_CALL;
    }

    @Override
    public List<PushResult> pushQuantities(ChannelConnection connection, List<QuantityUpdate> updates) {
        PushResult[] results = new PushResult[updates.size()];
        List<List<Integer>> calls = plan(updates, results);
        if (calls.isEmpty()) {
            return List.of(results);
        }
        BaseLinkerCatalog.Target target;
        try {
            target = catalog.target(connection);
        } catch (BaseLinkerRefusal refused) {
            return rejectAll(updates, results, refused.getMessage());
        }
        for (List<Integer> call : calls) {
            ObjectNode parameters = http.json().createObjectNode().put("inventory_id", target.inventoryId());
            ObjectNode products = parameters.putObject("products");
            for (int i : call) {
                products.putObject(updates.get(i).channelListingId().trim()).put(target.warehouse(), updates.get(i).quantity());
            }
            Instant calledAt = Instant.now();
            JsonNode answer;
            try {
                answer = http.call(connection, "updateInventoryProductsStock", parameters, PushResult.answeredPrefix(results));
            } catch (BaseLinkerRefusal refused) {
                log.warn("BaseLinker refused a stock update of {} products for {}: {}", call.size(), connection.account(),
                        refused.getMessage());
                for (int i : call) {
                    results[i] = PushResult.rejected(updates.get(i), refused.getMessage());
                }
                continue;
            } catch (RateLimitedException | ChannelUnavailableException e) {
                throw e; // completed() is the answered prefix, set by the call
            }
            JsonNode warnings = answer.path("warnings");
            for (int i : call) {
                QuantityUpdate update = updates.get(i);
                JsonNode warning = warnings.isObject() ? warnings.path(update.channelListingId().trim()) : null;
                results[i] = warning == null || warning.isMissingNode() || warning.isNull()
                        ? PushResult.accepted(update, calledAt)
                        : PushResult.rejected(update, "BaseLinker: " + warning.asText());
            }
        }
        return List.of(results);
    }

    @Override
    public int maxPricesPerPush() {
        return MAX_PRODUCTS_PER_CALL;
    }

    @Override
    public void pushPrices(ChannelConnection connection, List<PriceUpdate> updates, Consumer<List<PriceResult>> answered) {
        prices.push(connection, updates, answered);
    }

    /**
     * The calls of a push, each a list of update indexes: at most 1,000 products a call, no
     * product twice in one call. Updates that cannot name a BaseLinker product are rejected here.
     */
    static List<List<Integer>> plan(List<QuantityUpdate> updates, PushResult[] results) {
        List<String> ids = updates.stream().map(u -> u.channelListingId() == null ? "" : u.channelListingId().trim()).toList();
        return plan(ids, i -> results[i] = PushResult.rejected(updates.get(i),
                "not a BaseLinker product or variant id: '" + ids.get(i) + "'"));
    }

    /**
     * The calls for these product or variant ids, each a list of their indexes: at most 1,000 a
     * call, no id twice in one call. The index of an id that is not a BaseLinker id goes to {@code invalid}.
     */
    static List<List<Integer>> plan(List<String> ids, IntConsumer invalid) {
        List<List<Integer>> calls = new ArrayList<>();
        List<Set<String>> named = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            if (!id.matches("\\d{1,18}")) {
                invalid.accept(i);
                continue;
            }
            int call = 0;
            while (call < calls.size() && (calls.get(call).size() >= MAX_PRODUCTS_PER_CALL || named.get(call).contains(id))) {
                call++;
            }
            if (call == calls.size()) {
                calls.add(new ArrayList<>());
                named.add(new HashSet<>());
            }
            calls.get(call).add(i);
            named.get(call).add(id);
        }
        return calls;
    }

    private static List<PushResult> rejectAll(List<QuantityUpdate> updates, PushResult[] results, String error) {
        for (int i = 0; i < updates.size(); i++) {
            if (results[i] == null) {
                results[i] = PushResult.rejected(updates.get(i), error);
            }
        }
        return List.of(results);
    }
}
