package dev.kanal.connector.baselinker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.PriceResult;
import dev.kanal.connector.PriceUpdate;
import dev.kanal.connector.PricesWithheldException;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prices into the account's BaseLinker catalog (flow 5, docs/decisions/0042):
 * {@code updateInventoryProductsPrices} with {@code {"inventory_id":N,"products":{"<id>":{"<price
 * group>":19.99}}}} (shared/api-contracts.md 4.3), gross, into the one price group the account
 * names ({@code price-group}). A listing is named as for stock: a product, or a variant by its own
 * id. Up to 1,000 products a call, planned as the stock calls are (a listing named twice goes into
 * the next call, so its last price wins); each call's results are handed over as soon as
 * BaseLinker has answered it.
 *
 * <p>BaseLinker's per-product {@code warnings} refuse those prices only. A call refused as a whole
 * (an unknown catalog or price group) refuses its prices with BaseLinker's words; so does an
 * account without a price group (which {@code validate} does not let through). A blocked token
 * or an unreachable BaseLinker is thrown: the prices of the calls not yet answered are sent again.
 *
 * <p>Before writing, the group is checked ({@link BaseLinkerPriceGroups}, decision 0050): a group
 * the account does not have, one BaseLinker calculates itself, or one in another currency than the
 * prices' withholds them all ({@link PricesWithheldException}, nothing sent, sent later once fixed).
 * The update's currency is not sent: the group has one, and the check makes sure it is the prices'.
 */
final class BaseLinkerPrices {

    private static final Logger log = LoggerFactory.getLogger(BaseLinkerPrices.class);

    private final BaseLinkerHttp http;
    private final BaseLinkerCatalog catalog;
    private final BaseLinkerPriceGroups groups;

    BaseLinkerPrices(BaseLinkerHttp http, BaseLinkerCatalog catalog, BaseLinkerPriceGroups groups) {
        this.http = http;
        this.catalog = catalog;
        this.groups = groups;
    }

    void push(ChannelConnection connection, List<PriceUpdate> updates, Consumer<List<PriceResult>> answered) {
        List<String> ids = updates.stream().map(u -> u.channelListingId() == null ? "" : u.channelListingId().trim()).toList();
        List<PriceResult> invalid = new ArrayList<>();
        List<List<Integer>> calls = BaseLinkerClient.plan(ids, i -> invalid.add(PriceResult.rejected(updates.get(i),
                "not a BaseLinker product or variant id: '" + ids.get(i) + "'")));
        if (!invalid.isEmpty()) {
            answered.accept(invalid);
        }
        if (calls.isEmpty()) {
            return;
        }
        long priceGroup;
        BaseLinkerCatalog.Target target;
        try {
            Long configured = BaseLinkerSettings.of(connection).priceGroup();
            if (configured == null) {
                throw new BaseLinkerRefusal(null, "BaseLinker account " + connection.account() + " names no price-group: "
                        + "set it to the price group Kanal writes prices to");
            }
            priceGroup = configured;
            target = catalog.target(connection);
        } catch (BaseLinkerRefusal refused) {
            calls.forEach(call -> answered.accept(rejected(updates, call, refused.getMessage())));
            return;
        }
        Set<String> currencies = new TreeSet<>();
        calls.forEach(call -> call.forEach(i -> {
            if (updates.get(i).currency() != null) {
                currencies.add(updates.get(i).currency());
            }
        }));
        String problem;
        try {
            problem = groups.problem(connection, priceGroup, currencies);
        } catch (BaseLinkerRefusal refused) {
            // not the prices' fault: withheld, so they go out once BaseLinker lists the groups
            problem = "BaseLinker did not list the price groups of " + connection.account() + ": " + refused.getMessage();
        }
        if (problem != null) {
            log.warn("Prices for {} withheld, nothing sent: {}", connection.account(), problem);
            throw new PricesWithheldException(problem);
        }
        for (List<Integer> call : calls) {
            ObjectNode parameters = http.json().createObjectNode().put("inventory_id", target.inventoryId());
            ObjectNode products = parameters.putObject("products");
            for (int i : call) {
                products.putObject(ids.get(i)).put(Long.toString(priceGroup), updates.get(i).price().setScale(2, RoundingMode.HALF_UP));
            }
            JsonNode answer;
            try {
                answer = http.call(connection, "updateInventoryProductsPrices", parameters);
            } catch (BaseLinkerRefusal refused) {
                log.warn("BaseLinker refused a price update of {} products for {}: {}", call.size(), connection.account(),
                        refused.getMessage());
                groups.forget(connection); // the group may be gone or changed: the next push reads the groups again
                answered.accept(rejected(updates, call, refused.getMessage()));
                continue;
            }
            JsonNode warnings = answer.path("warnings");
            List<PriceResult> results = new ArrayList<>(call.size());
            for (int i : call) {
                JsonNode warning = warnings.isObject() ? warnings.path(ids.get(i)) : null;
                results.add(warning == null || warning.isMissingNode() || warning.isNull()
                        ? PriceResult.accepted(updates.get(i))
                        : PriceResult.rejected(updates.get(i), "BaseLinker: " + warning.asText()));
            }
            answered.accept(results);
        }
    }

    private static List<PriceResult> rejected(List<PriceUpdate> updates, List<Integer> call, String error) {
        return call.stream().map(i -> PriceResult.rejected(updates.get(i), error)).toList();
    }
}
