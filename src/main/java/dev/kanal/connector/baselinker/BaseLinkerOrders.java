package dev.kanal.connector.baselinker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelOrder;
import dev.kanal.connector.ChannelOrderSource;
import dev.kanal.connector.MalformedOrderException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BaseLinker's orders (shared/api-contracts.md 4.2), among them Allegro's and eBay's: BaseLinker
 * has no webhooks, so Kanal polls.
 * <ul>
 *   <li>New orders: {@code getOrders} with {@code date_confirmed_from} (confirmed orders only:
 *       BaseLinker warns that unconfirmed ones still change), 100 a call. A full page is followed
 *       by a call from the last order's {@code date_confirmed}; BaseLinker's recipe adds a second
 *       to avoid reading orders twice, which loses the rest of a second that had more orders than
 *       the page. Kanal keeps the second and drops the orders it already has; only a second with
 *       more than 100 orders makes it move on by a second (with a WARN).</li>
 *   <li>Changed orders (status, payment): {@code getJournalList} events 3 (paid) and 18 (status
 *       changed) since the time asked, then {@code getOrders} with {@code order_id} for each order
 *       not read yet. Off with {@code journal: false}; an account whose journal BaseLinker's
 *       support has not activated answers no events, at the cost of one call a poll.</li>
 * </ul>
 * The order's channel status is its {@code order_status_id} (statuses are the account's own:
 * the status map names them by id); its change time is the later of {@code date_confirmed} and
 * {@code date_in_status}. Calls go through {@link BaseLinkerHttp} and the account's budget.
 */
public class BaseLinkerOrders implements ChannelOrderSource {

    /** getOrders answers at most 100 orders a call. */
    static final int ORDERS_PAGE = 100;
    /** getJournalList: a call with fewer events than this was the last page (the sandbox's page; BaseLinker does not say). */
    static final int JOURNAL_PAGE = 100;
    static final int LOG_PAID = 3;
    static final int LOG_STATUS_CHANGED = 18;

    private static final Logger log = LoggerFactory.getLogger(BaseLinkerOrders.class);

    private final BaseLinkerHttp http;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, JournalCursor> journals = new ConcurrentHashMap<>();

    public BaseLinkerOrders(BaseLinkerHttp http) {
        this.http = http;
    }

    @Override
    public List<RawOrder> changedSince(ChannelConnection connection, Instant since) {
        BaseLinkerSettings settings = BaseLinkerSettings.of(connection);
        Map<String, RawOrder> orders = new LinkedHashMap<>();
        newOrders(connection, settings, since, orders);
        if (settings.journal()) {
            for (String orderId : changedInJournal(connection, since, orders.keySet())) {
                JsonNode order = first(getOrders(connection, http.json().createObjectNode().put("order_id", Long.parseLong(orderId))));
                if (order != null && (settings.orderSource() == null || settings.orderSource().equals(order.path("order_source").asText()))) {
                    orders.put(orderId, raw(order));
                }
            }
        }
        List<RawOrder> sorted = new ArrayList<>(orders.values());
        sorted.sort(Comparator.comparing(RawOrder::modifiedAt, Comparator.nullsFirst(Comparator.naturalOrder())));
        return sorted;
    }

    private void newOrders(ChannelConnection connection, BaseLinkerSettings settings, Instant since, Map<String, RawOrder> orders) {
        long from = Math.max(0, since.getEpochSecond());
        while (true) {
            ObjectNode parameters = http.json().createObjectNode().put("date_confirmed_from", from).put("get_unconfirmed_orders", false);
            if (settings.orderSource() != null) {
                parameters.put("filter_order_source", settings.orderSource());
            }
            JsonNode page = getOrders(connection, parameters);
            boolean added = false;
            long last = from;
            for (JsonNode order : page) {
                added |= orders.putIfAbsent(order.path("order_id").asText(), raw(order)) == null;
                last = Math.max(last, order.path("date_confirmed").asLong(from));
            }
            if (page.size() < ORDERS_PAGE) {
                return;
            }
            if (!added || last == from) {
                log.warn("BaseLinker account {} has more than {} orders confirmed at {}: moving on by a second, as BaseLinker's"
                        + " recipe does; orders of that second beyond the page may be missed", connection.account(), ORDERS_PAGE,
                        Instant.ofEpochSecond(last));
                last++;
            }
            from = last;
        }
    }

    /** Orders with a payment or status event at or after {@code since}, not among {@code known}, oldest event first. */
    private Set<String> changedInJournal(ChannelConnection connection, Instant since, Set<String> known) {
        JournalCursor cursor = journals.computeIfAbsent(connection.account(), a -> new JournalCursor());
        long after = cursor.startAfter(since);
        Set<String> changed = new LinkedHashSet<>();
        while (true) {
            ObjectNode parameters = http.json().createObjectNode().put("last_log_id", after);
            parameters.putArray("logs_types").add(LOG_PAID).add(LOG_STATUS_CHANGED);
            JsonNode logs = http.call(connection, "getJournalList", parameters).path("logs");
            for (JsonNode event : logs) {
                long logId = event.path("log_id").asLong();
                long date = event.path("date").asLong();
                cursor.read(logId, date);
                after = Math.max(after, logId);
                String orderId = event.path("order_id").asText();
                if (date >= since.getEpochSecond() && !known.contains(orderId)) {
                    changed.add(orderId);
                }
            }
            if (logs.size() < JOURNAL_PAGE) {
                return changed;
            }
        }
    }

    private JsonNode getOrders(ChannelConnection connection, ObjectNode parameters) {
        JsonNode orders = http.call(connection, "getOrders", parameters).path("orders");
        return orders.isArray() ? orders : json.createArrayNode();
    }

    private static JsonNode first(JsonNode orders) {
        return orders.isEmpty() ? null : orders.get(0);
    }

    private static RawOrder raw(JsonNode order) {
        return new RawOrder(order.path("order_id").asText(), changedAt(order), order.toString());
    }

    /** The later of confirmation and the last status change; null when BaseLinker gives neither. */
    static Instant changedAt(JsonNode order) {
        long at = Math.max(order.path("date_confirmed").asLong(0), order.path("date_in_status").asLong(0));
        return at <= 0 ? null : Instant.ofEpochSecond(at);
    }

    /**
     * One order from its getOrders JSON. Paid: {@code payment_done} covers the total (products at
     * {@code price_brutto} times quantity, plus {@code delivery_price}); cash on delivery:
     * {@code payment_method_cod}. A line's listing is its variant when it has one, else its
     * catalog product (empty for a product not in the catalog). The order's source
     * ({@code order_source}, {@code order_source_id}, {@code external_order_id}) is kept.
     */
    @Override
    public ChannelOrder read(String body) {
        JsonNode order;
        try {
            order = json.readTree(body);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new MalformedOrderException("BaseLinker order is not JSON: " + e.getMessage(), e);
        }
        if (order == null || !order.isObject()) {
            throw new MalformedOrderException("BaseLinker order is not a JSON object");
        }
        String orderId = text(order, "order_id");
        if (orderId == null) {
            throw new MalformedOrderException("BaseLinker order has no order_id: " + abbreviate(body));
        }
        String status = text(order, "order_status_id");
        if (status == null) {
            throw new MalformedOrderException("BaseLinker order " + orderId + " has no order_status_id");
        }
        String currency = text(order, "currency");
        if (currency == null) {
            throw new MalformedOrderException("BaseLinker order " + orderId + " has no currency");
        }
        JsonNode products = order.path("products");
        if (!products.isArray() || products.isEmpty()) {
            throw new MalformedOrderException("BaseLinker order " + orderId + " has no products");
        }
        List<ChannelOrder.Line> lines = new ArrayList<>();
        BigDecimal total = money(order.path("delivery_price"), "delivery_price", orderId, true);
        for (JsonNode product : products) {
            String lineId = text(product, "order_product_id");
            if (lineId == null) {
                throw new MalformedOrderException("BaseLinker order " + orderId + " has a product without order_product_id");
            }
            int quantity = product.path("quantity").asInt(0);
            if (quantity < 1) {
                throw new MalformedOrderException("BaseLinker order " + orderId + " product " + lineId
                        + " has no quantity of at least 1");
            }
            BigDecimal price = money(product.path("price_brutto"), "price_brutto of product " + lineId, orderId, false);
            total = total.add(price.multiply(BigDecimal.valueOf(quantity)));
            lines.add(new ChannelOrder.Line(lineId, text(product, "sku"), listingId(product), quantity, price));
        }
        total = total.setScale(2, RoundingMode.HALF_UP);
        BigDecimal paidAmount = money(order.path("payment_done"), "payment_done", orderId, true);
        boolean cod = flag(order.path("payment_method_cod"));
        String fullName = text(order, "delivery_fullname");
        String first = null;
        String last = null;
        if (fullName != null) {
            int space = fullName.indexOf(' ');
            first = space < 0 ? fullName : fullName.substring(0, space);
            last = space < 0 ? null : fullName.substring(space + 1).trim();
        }
        String source = text(order, "order_source");
        ChannelOrder.Source from = source == null ? null
                : new ChannelOrder.Source(source, text(order, "order_source_id"), text(order, "external_order_id"));
        return new ChannelOrder(orderId, status, changedAt(order), currency, total,
                paidAmount.signum() > 0 && paidAmount.compareTo(total) >= 0, cod,
                new ChannelOrder.Addressee(text(order, "delivery_company"), first, last), lines, List.of(), from);
    }

    /** The variant when the line has one, else the catalog product; null for a product not in the catalog. */
    static String listingId(JsonNode product) {
        String variant = text(product, "variant_id");
        if (variant != null && !variant.equals("0")) {
            return variant;
        }
        String productId = text(product, "product_id");
        return productId == null || productId.equals("0") ? null : productId;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isContainerNode()) {
            return null;
        }
        String text = value.asText().trim();
        return text.isEmpty() ? null : text;
    }

    private static boolean flag(JsonNode value) {
        String text = value.asText("").trim();
        return value.asBoolean(false) || text.equals("1") || text.equalsIgnoreCase("true");
    }

    private static BigDecimal money(JsonNode value, String what, String orderId, boolean zeroWhenMissing) {
        if (value == null || value.isMissingNode() || value.isNull() || value.asText().isBlank()) {
            if (zeroWhenMissing) {
                return BigDecimal.ZERO;
            }
            throw new MalformedOrderException("BaseLinker order " + orderId + " has no " + what);
        }
        try {
            return new BigDecimal(value.asText().trim());
        } catch (NumberFormatException e) {
            throw new MalformedOrderException("BaseLinker order " + orderId + ": " + what + " is not an amount: '"
                    + value.asText() + "'");
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
