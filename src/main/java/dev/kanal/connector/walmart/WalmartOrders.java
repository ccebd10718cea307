package dev.kanal.connector.walmart;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelOrder;
import dev.kanal.connector.ChannelOrderSource;
import dev.kanal.connector.ChannelUnavailableException;
import dev.kanal.connector.IncompletePoll;
import dev.kanal.connector.MalformedOrderException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walmart's purchase orders. A poll reads two lists, each page by page through {@code nextCursor}
 * (the query string of the next page, appended to the same path as it came):
 * <ol>
 *   <li>{@code GET /v3/orders/released?createdStartDate=<since - release lag>&limit=200}: the orders
 *       released to the seller and not acknowledged yet, the ones to fulfil. Walmart may release an
 *       order some time after it was created (fraud checks), so the window reaches back
 *       {@code releaseLag} before the poll's cursor;</li>
 *   <li>{@code GET /v3/orders?lastModifiedStartDate=<since>&limit=200}: every order changed since,
 *       so cancellations, shipments and refunds made on Walmart's side come in too.</li>
 * </ol>
 * An order in both comes back once. A cursor seen twice stops the poll with what was read as an
 * {@link IncompletePoll}. Calls go through {@link WalmartHttp}.
 */
public class WalmartOrders implements ChannelOrderSource {

    /** Walmart's largest page of orders. */
    static final int PAGE_SIZE = 200;

    private static final Logger log = LoggerFactory.getLogger(WalmartOrders.class);

    private final WalmartHttp http;
    private final Duration releaseLag;
    private final int pageSize;
    private final ObjectMapper json = new ObjectMapper();

    public WalmartOrders(WalmartHttp http, Duration releaseLag) {
        this(http, releaseLag, PAGE_SIZE);
    }

    /** @param pageSize orders a page, at most Walmart's 200 */
    public WalmartOrders(WalmartHttp http, Duration releaseLag, int pageSize) {
        if (pageSize < 1 || pageSize > PAGE_SIZE) {
            throw new IllegalArgumentException("pageSize must be 1 to " + PAGE_SIZE);
        }
        this.http = http;
        this.releaseLag = releaseLag;
        this.pageSize = pageSize;
    }

    @Override
    public List<RawOrder> changedSince(ChannelConnection connection, Instant since) {
        Map<String, RawOrder> orders = new LinkedHashMap<>();
        String stop = list(connection, "/v3/orders/released", "createdStartDate=" + iso(since.minus(releaseLag)), orders);
        if (stop == null) {
            stop = list(connection, "/v3/orders", "lastModifiedStartDate=" + iso(since), orders);
        }
        List<RawOrder> sorted = new ArrayList<>(orders.values());
        sorted.sort(Comparator.comparing(RawOrder::modifiedAt, Comparator.nullsFirst(Comparator.naturalOrder())));
        return stop == null ? sorted : new IncompletePoll(sorted, stop);
    }

    /** Reads every page of one list into {@code orders}; answers why paging stopped early, or null. */
    private String list(ChannelConnection connection, String path, String filter, Map<String, RawOrder> orders) {
        Set<String> seen = new HashSet<>();
        String query = "?" + filter + "&limit=" + pageSize;
        while (query != null) {
            WalmartHttp.Answer answer = http.get(connection, path + query);
            if (answer.status() == 404) {
                return null; // Walmart answers 404 CONTENT_NOT_FOUND to a list with no order
            }
            if (!answer.ok()) {
                throw new ChannelUnavailableException("Walmart answered " + answer.status() + " to GET " + path + " for "
                        + connection.account() + ": " + http.errorMessage(answer), null, List.of(), answer.status());
            }
            JsonNode list = http.json(answer, connection).path("list");
            for (JsonNode order : list.path("elements").path("order")) {
                String po = order.path("purchaseOrderId").asText("");
                if (po.isBlank()) {
                    continue;
                }
                Instant modified = modifiedAt(order);
                RawOrder known = orders.get(po);
                if (known == null || (modified != null && (known.modifiedAt() == null || modified.isAfter(known.modifiedAt())))) {
                    orders.put(po, new RawOrder(po, modified, order.toString()));
                }
            }
            String next = list.path("meta").path("nextCursor").asText("");
            if (next.isBlank() || list.path("elements").path("order").isEmpty()) {
                return null;
            }
            query = next.startsWith("?") ? next : "?" + next;
            if (!seen.add(query)) {
                log.warn("Walmart's nextCursor repeats a page already read ({}) for {}: paging stops with the {} orders read;"
                        + " the cursor stays, so the rest is asked for again next poll", query, connection.account(), orders.size());
                return "nextCursor repeats " + query;
            }
        }
        return null;
    }

    /**
     * The order as Walmart shows it now ({@code GET /v3/orders?purchaseOrderId=}: the list shape,
     * as polled); empty when Walmart does not know it.
     */
    public Optional<JsonNode> current(ChannelConnection connection, String purchaseOrderId) {
        WalmartHttp.Answer answer = http.get(connection, "/v3/orders?purchaseOrderId="
                + URLEncoder.encode(purchaseOrderId, StandardCharsets.UTF_8) + "&limit=1");
        if (answer.status() == 404) {
            return Optional.empty();
        }
        if (!answer.ok()) {
            throw new ChannelUnavailableException("Walmart answered " + answer.status() + " to GET /v3/orders?purchaseOrderId="
                    + purchaseOrderId + " for " + connection.account() + ": " + http.errorMessage(answer), null, List.of(),
                    answer.status());
        }
        for (JsonNode order : http.json(answer, connection).path("list").path("elements").path("order")) {
            if (purchaseOrderId.equals(order.path("purchaseOrderId").asText())) {
                return Optional.of(order);
            }
        }
        return Optional.empty();
    }

    @Override
    public ChannelOrder read(String body) {
        try {
            return WalmartOrderJson.read(json.readTree(body));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new MalformedOrderException("Walmart order is not JSON: " + e.getMessage(), e);
        }
    }

    /** The latest status date of its lines, else the order date. */
    static Instant modifiedAt(JsonNode order) {
        Instant modified = WalmartOrderJson.epoch(order.get("orderDate"));
        for (JsonNode line : WalmartOrderJson.lines(order)) {
            Instant at = WalmartOrderJson.epoch(line.get("statusDate"));
            if (at != null && (modified == null || at.isAfter(modified))) {
                modified = at;
            }
        }
        return modified;
    }

    static String iso(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
