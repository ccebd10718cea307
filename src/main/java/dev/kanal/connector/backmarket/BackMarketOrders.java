package dev.kanal.connector.backmarket;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.connector.ChannelAnswer;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelOrder;
import dev.kanal.connector.ChannelOrderSource;
import dev.kanal.connector.ChannelUnavailableException;
import dev.kanal.connector.IncompletePoll;
import dev.kanal.connector.MalformedOrderException;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Back Market's orders: {@code GET /ws/orders?date_modification=<since>} page by page (Back
 * Market has no webhooks, so polling is the only way in), and the Order JSON read into a
 * {@link ChannelOrder}. Calls go through {@link BackMarketClient}, so they share the account's
 * call budget and its handling of 429, 401/403 and 5xx.
 *
 * <p><b>Status.</b> Back Market's merchant works on order lines (accept, ship, refund each line),
 * and status maps are written with order-line states ({@code "1"} paid, {@code "2"} accepted,
 * {@code "3"} shipped, ...). The order's channel status is the state of its first line that is
 * still alive (not 4 cancelled, 5/6 refunded, 7 not paid); when every line has ended, the first
 * line's state. A line in state 4 or 5 of an order that goes on is read as cancelled on
 * its own ({@link ChannelOrder.Line#cancelled()}). A line in state 4 or 5 is read as cancelled on its own
 * ({@link ChannelOrder.Line#cancelled()}), so one line of a live order can be cancelled.
 *
 * <p><b>Paid:</b> the order's {@code state} is 1, 3 or 9 (paid; accepted; shipped), or it has a
 * {@code date_payment}. Back Market collects the payment, so there is no cash on delivery.
 * A line's {@code price} is the price of one unit; {@code listing} is the seller's SKU.
 */
public class BackMarketOrders implements ChannelOrderSource {

    private static final Logger log = LoggerFactory.getLogger(BackMarketOrders.class);
    /** Line state 1: paid, waiting for the seller to accept (2) or refuse (4) it. */
    private static final String AWAITING_ACCEPTANCE = "1";
    private static final Set<String> ENDED_LINE_STATES = Set.of("4", "5", "6", "7");
    /** Line states 4 (refused or cancelled) and 5 (refunded before shipping): the line will not ship. */
    private static final Set<String> CANCELLED_BEFORE_SHIPPING = Set.of("4", "5");
    private static final Set<Integer> PAID_ORDER_STATES = Set.of(1, 3, 9);

    private final BackMarketClient client;
    private final ObjectMapper json = new ObjectMapper();

    public BackMarketOrders(BackMarketClient client) {
        this.client = client;
    }

    /**
     * Every page of the changed orders. A {@code next} link that names a page already read would
     * loop: paging stops there, with a WARN, and keeps every order read so far, the orders of the
     * page that carried the link included. The answer is then an {@link IncompletePoll}, so the
     * poller keeps its cursor and the pages never reached are asked for again next time.
     */
    @Override
    public List<RawOrder> changedSince(ChannelConnection connection, Instant since) {
        List<RawOrder> orders = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String query = "date_modification=" + DateTimeFormatter.ISO_INSTANT.format(since.truncatedTo(ChronoUnit.SECONDS))
                + "&page=1&page-size=" + BackMarketClient.PAGE_SIZE;
        while (query != null) {
            if (!seen.add(URLDecoder.decode(query, StandardCharsets.UTF_8))) { // the same page, however escaped
                log.warn("Back Market's next link repeats a page already read ({}) for {}: paging stops with the {} orders read;"
                        + " the cursor stays, so the rest is asked for again next poll", query, connection.account(), orders.size());
                return new IncompletePoll(orders, "next link repeats " + query);
            }
            ChannelAnswer response = client.call(connection, client.get(connection, "/ws/orders?" + query), List.of());
            if (response.statusCode() == 404 && orders.isEmpty() && query.contains("page=1&")) {
                return orders; // an empty first page: nothing changed
            }
            if (response.statusCode() != 200) {
                throw new ChannelUnavailableException("Back Market answered " + response.statusCode()
                        + " to GET /ws/orders for " + connection.account() + ": " + client.errorMessage(response));
            }
            JsonNode page = client.parse(response, connection);
            for (JsonNode order : page.path("results")) {
                orders.add(new RawOrder(order.path("order_id").asText(), instant(order.path("date_modification")),
                        order.toString()));
            }
            query = BackMarketClient.nextQuery(page.path("next"));
        }
        return orders;
    }

    @Override
    public ChannelOrder read(String body) {
        JsonNode order;
        try {
            order = json.readTree(body);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new MalformedOrderException("Back Market order is not JSON: " + e.getMessage(), e);
        }
        if (order == null || !order.isObject()) {
            throw new MalformedOrderException("Back Market order is not a JSON object");
        }
        String orderId = required(order, "order_id").asText();
        JsonNode lines = order.path("orderlines");
        if (!lines.isArray() || lines.isEmpty()) {
            throw new MalformedOrderException("Back Market order " + orderId + " has no orderlines");
        }
        List<ChannelOrder.Line> read = new ArrayList<>();
        String firstState = null;
        String liveState = null;
        for (JsonNode line : lines) {
            String lineId = required(line, "id").asText();
            String state = required(line, "state").asText();
            firstState = firstState == null ? state : firstState;
            if (liveState == null && !ENDED_LINE_STATES.contains(state)) {
                liveState = state;
            }
            int quantity = line.path("quantity").asInt(0);
            if (quantity < 1) {
                throw new MalformedOrderException("Back Market order " + orderId + " line " + lineId
                        + " has no quantity of at least 1");
            }
            read.add(new ChannelOrder.Line(lineId, blankToNull(line.path("listing").asText(null)), null, quantity,
                    money(line.path("price"), "line " + lineId + " price", orderId), AWAITING_ACCEPTANCE.equals(state),
                    CANCELLED_BEFORE_SHIPPING.contains(state)));
        }
        JsonNode address = order.path("shipping_address").isObject() ? order.path("shipping_address") : order.path("billing_address");
        int state = order.path("state").asInt(-1);
        boolean paid = PAID_ORDER_STATES.contains(state) || order.hasNonNull("date_payment");
        String currency = order.path("currency").asText("");
        if (currency.isBlank()) {
            throw new MalformedOrderException("Back Market order " + orderId + " has no currency");
        }
        return new ChannelOrder(orderId, liveState != null ? liveState : firstState, instant(order.path("date_modification")),
                currency, money(order.path("price"), "price", orderId), paid, false,
                new ChannelOrder.Addressee(address.path("company").asText(null), address.path("firstName").asText(null),
                        address.path("lastName").asText(null)),
                read);
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.asText().isBlank()) {
            throw new MalformedOrderException("Back Market order has no " + field + ": " + abbreviate(node.toString()));
        }
        return value;
    }

    private static BigDecimal money(JsonNode value, String what, String orderId) {
        try {
            return new BigDecimal(value.asText("").trim());
        } catch (NumberFormatException e) {
            throw new MalformedOrderException("Back Market order " + orderId + ": " + what + " is not an amount: '"
                    + value.asText("") + "'");
        }
    }

    /** RFC 3339 as Back Market writes it; a time without offset is taken as UTC; null when absent or unreadable. */
    static Instant instant(JsonNode value) {
        String text = value == null ? "" : value.asText("");
        if (text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
