package dev.kanal.connector.walmart;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.connector.ChannelOrder;
import dev.kanal.connector.MalformedOrderException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a Walmart purchase order (the JSON of {@code GET /v3/orders/released} and
 * {@code GET /v3/orders}) into a {@link ChannelOrder}. Plain Java over Jackson trees; a field
 * Walmart leaves out or sends as null reads the same.
 *
 * <p><b>Status</b> (docs/decisions/0030). Walmart keeps a status per order line, as a list of
 * status entries with quantities (a line can be part Shipped, part Acknowledged). A line's status
 * is the least advanced of its live entries (Created, Acknowledged, Shipped, Delivered), or, when
 * every entry ended (Cancelled, Refund), its last one. The order's channel status is the least
 * advanced status of its live lines (what is still to be done), or the first line's when every
 * line ended; status maps are written with Walmart's line statuses. A Created line awaits
 * acknowledgement; a Cancelled line is cancelled on its own.
 *
 * <p>Walmart collects the payment before it releases an order, so every order is paid. A line's
 * unit price is its PRODUCT charges divided by its quantity; the total is
 * {@code orderSummary.totalAmount} when given, else every charge and tax of every line.
 */
final class WalmartOrderJson {

    /** Live statuses, least advanced first. */
    static final List<String> LIVE = List.of("Created", "Acknowledged", "Shipped", "Delivered");
    static final String CANCELLED = "Cancelled";

    private WalmartOrderJson() {
    }

    static ChannelOrder read(JsonNode order) {
        if (order == null || !order.isObject()) {
            throw new MalformedOrderException("Walmart order is not a JSON object");
        }
        if (order.path("order").isObject() && !order.has("purchaseOrderId")) {
            order = order.get("order"); // the single-order shape {"order":{...}}
        }
        String po = text(order, "purchaseOrderId");
        if (po == null) {
            throw new MalformedOrderException("Walmart order has no purchaseOrderId: " + abbreviate(order.toString()));
        }
        List<JsonNode> lines = lines(order);
        if (lines.isEmpty()) {
            throw new MalformedOrderException("Walmart order " + po + " has no orderLines");
        }
        List<ChannelOrder.Line> read = new ArrayList<>();
        String orderStatus = null;
        String firstStatus = null;
        String currency = null;
        BigDecimal charges = BigDecimal.ZERO;
        Instant modified = epoch(order.get("orderDate"));
        for (JsonNode line : lines) {
            String lineNumber = text(line, "lineNumber");
            if (lineNumber == null) {
                throw new MalformedOrderException("Walmart order " + po + " has a line without lineNumber");
            }
            int quantity = quantity(line.path("orderLineQuantity").get("amount"));
            if (quantity < 1) {
                throw new MalformedOrderException("Walmart order " + po + " line " + lineNumber + " has no quantity of at least 1");
            }
            String status = lineStatus(line);
            if (status == null) {
                throw new MalformedOrderException("Walmart order " + po + " line " + lineNumber + " has no orderLineStatus");
            }
            firstStatus = firstStatus == null ? status : firstStatus;
            if (LIVE.contains(status) && (orderStatus == null || LIVE.indexOf(status) < LIVE.indexOf(orderStatus))) {
                orderStatus = status;
            }
            BigDecimal product = BigDecimal.ZERO;
            for (JsonNode charge : line.path("charges").path("charge")) {
                BigDecimal amount = decimal(charge.path("chargeAmount").get("amount"));
                BigDecimal tax = decimal(charge.path("tax").path("taxAmount").get("amount"));
                currency = currency != null ? currency : text(charge.path("chargeAmount"), "currency");
                charges = charges.add(amount == null ? BigDecimal.ZERO : amount).add(tax == null ? BigDecimal.ZERO : tax);
                if ("PRODUCT".equalsIgnoreCase(charge.path("chargeType").asText("")) && amount != null) {
                    product = product.add(amount);
                }
            }
            Instant statusDate = epoch(line.get("statusDate"));
            if (statusDate != null && (modified == null || statusDate.isAfter(modified))) {
                modified = statusDate;
            }
            read.add(new ChannelOrder.Line(lineNumber, text(line.path("item"), "sku"), null, quantity,
                    product.divide(BigDecimal.valueOf(quantity), 2, RoundingMode.HALF_UP), "Created".equals(status),
                    CANCELLED.equals(status)));
        }
        JsonNode total = order.path("orderSummary").path("totalAmount");
        BigDecimal sum = decimal(total.get("currencyAmount"));
        currency = text(total, "currencyUnit") != null ? text(total, "currencyUnit") : currency;
        if (currency == null) {
            throw new MalformedOrderException("Walmart order " + po + " names no currency");
        }
        String[] name = names(text(order.path("shippingInfo").path("postalAddress"), "name"));
        return new ChannelOrder(po, orderStatus != null ? orderStatus : firstStatus, modified, currency,
                sum != null ? sum : charges, true, false, new ChannelOrder.Addressee(null, name[0], name[1]), read);
    }

    static List<JsonNode> lines(JsonNode order) {
        List<JsonNode> lines = new ArrayList<>();
        order.path("orderLines").path("orderLine").forEach(lines::add);
        return lines;
    }

    /** The least advanced live status of the line's entries, else its last entry's; null when it has none. */
    static String lineStatus(JsonNode line) {
        String live = null;
        String last = null;
        for (JsonNode entry : line.path("orderLineStatuses").path("orderLineStatus")) {
            String status = entry.path("status").asText("");
            if (status.isEmpty()) {
                continue;
            }
            last = status;
            if (LIVE.contains(status) && (live == null || LIVE.indexOf(status) < LIVE.indexOf(live))) {
                live = status;
            }
        }
        return live != null ? live : last;
    }

    /** Units of the line's entries in {@code status}. */
    static int unitsIn(JsonNode line, String status) {
        int units = 0;
        for (JsonNode entry : line.path("orderLineStatuses").path("orderLineStatus")) {
            if (status.equals(entry.path("status").asText())) {
                units += Math.max(0, quantity(entry.path("statusQuantity").get("amount")));
            }
        }
        return units;
    }

    static JsonNode line(JsonNode order, String lineNumber) {
        for (JsonNode line : lines(order)) {
            if (lineNumber.equals(line.path("lineNumber").asText())) {
                return line;
            }
        }
        return null;
    }

    /** Quantities are strings ("1") in orders; numbers are read too. */
    static int quantity(JsonNode amount) {
        if (amount == null || amount.isNull()) {
            return 0;
        }
        try {
            return new BigDecimal(amount.asText().trim()).intValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            return 0;
        }
    }

    /** Epoch milliseconds (number or numeric string) or ISO-8601 with offset; null when absent or unreadable. */
    static Instant epoch(JsonNode value) {
        if (value == null || value.isNull() || value.asText().isBlank()) {
            return null;
        }
        if (value.isNumber()) {
            return Instant.ofEpochMilli(value.asLong());
        }
        String text = value.asText().trim();
        if (text.matches("\\d{10,}")) {
            return Instant.ofEpochMilli(Long.parseLong(text));
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** "First Middle Last" to first names and last name; Walmart sends one name field. */
    static String[] names(String name) {
        if (name == null || name.isBlank()) {
            return new String[] {null, null};
        }
        String trimmed = name.trim();
        int space = trimmed.lastIndexOf(' ');
        return space < 0 ? new String[] {null, trimmed} : new String[] {trimmed.substring(0, space), trimmed.substring(space + 1)};
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }

    private static BigDecimal decimal(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            return new BigDecimal(value.asText().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    /** The status map a Walmart account would normally use, for docs and tests: Walmart's line statuses to Kanal's. */
    static final Map<String, String> TYPICAL_STATUS_MAP = Map.of("Created", "to-fulfil", "Acknowledged", "to-fulfil",
            "Shipped", "shipped", "Delivered", "shipped", "Cancelled", "cancelled", "Refund", "refunded");
}
