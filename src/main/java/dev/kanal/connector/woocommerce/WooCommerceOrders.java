package dev.kanal.connector.woocommerce;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.connector.ChannelAnswer;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelOrder;
import dev.kanal.connector.ChannelOrderSource;
import dev.kanal.connector.ChannelUnavailableException;
import dev.kanal.connector.MalformedOrderException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * WooCommerce orders and webhooks, through {@link WooCommerceClient} (same authentication, call
 * budget and failure handling).
 *
 * <p><b>Poll:</b> {@code GET /orders?modified_after=<since>&dates_are_gmt=true&order=asc&per_page=100},
 * every page; {@code modified_after} is strict, so the caller asks from a little before its cursor.
 *
 * <p><b>Reading an order</b> (as polled, or as a webhook delivered it: the same JSON): status as
 * WooCommerce spells it; paid when {@code date_paid} is set or the status is {@code processing}
 * or {@code completed}; cash on delivery when {@code payment_method} is {@code cod}; the
 * shipping address's names, the billing address's when shipping is empty (virtual goods); each
 * line's listing id as the listing import names it ({@code productId} or
 * {@code productId/variationId}).
 */
@Component
public class WooCommerceOrders implements ChannelOrderSource {

    static final DateTimeFormatter WOO_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final Set<String> PAID_STATUSES = Set.of("processing", "completed");

    private final WooCommerceClient client;
    private final ObjectMapper json = new ObjectMapper();

    public WooCommerceOrders(WooCommerceClient client) {
        this.client = client;
    }

    @Override
    public List<RawOrder> changedSince(ChannelConnection connection, Instant since) {
        List<RawOrder> orders = new ArrayList<>();
        String after = LocalDateTime.ofInstant(since.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC).format(WOO_DATE);
        int totalPages = Integer.MAX_VALUE;
        for (int page = 1; page <= totalPages; page++) {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("modified_after", after);
            query.put("dates_are_gmt", "true");
            query.put("order", "asc");
            query.put("orderby", "id"); // stable while orders are being added
            query.put("per_page", Integer.toString(WooCommerceClient.PAGE_SIZE));
            query.put("page", Integer.toString(page));
            ChannelAnswer response = client.send(connection, "GET", "/orders", query, null);
            client.requireSuccess(connection, "GET", "/orders", response);
            JsonNode body = client.parse(connection, "GET", "/orders", response);
            if (!body.isArray()) {
                throw new ChannelUnavailableException("WooCommerce " + connection.account() + ": GET /orders answered without a list");
            }
            for (JsonNode order : body) {
                if (WooCommerceSource.writtenByKanal(order)) {
                    continue; // another channel's order Kanal wrote to this shop as its source: imported from that channel already
                }
                orders.add(new RawOrder(order.path("id").asText(), modifiedAt(order), order.toString()));
            }
            Optional<String> pages = response.headers().firstValue("X-WP-TotalPages");
            if (pages.isPresent()) {
                totalPages = Integer.parseInt(pages.get().trim());
            } else if (body.size() < WooCommerceClient.PAGE_SIZE) {
                break;
            }
            if (body.isEmpty()) {
                break;
            }
        }
        return orders;
    }

    @Override
    public ChannelOrder read(String body) {
        JsonNode order;
        try {
            order = json.readTree(body);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new MalformedOrderException("WooCommerce order is not JSON: " + e.getMessage(), e);
        }
        if (order == null || !order.isObject() || !order.path("id").canConvertToLong() || order.path("id").asLong() <= 0) {
            throw new MalformedOrderException("WooCommerce order has no id: " + abbreviate(String.valueOf(order)));
        }
        String id = order.path("id").asText();
        String status = order.path("status").asText("");
        if (status.isBlank()) {
            throw new MalformedOrderException("WooCommerce order " + id + " has no status");
        }
        String currency = order.path("currency").asText("");
        if (currency.isBlank()) {
            throw new MalformedOrderException("WooCommerce order " + id + " has no currency");
        }
        JsonNode items = order.path("line_items");
        if (!items.isArray()) {
            throw new MalformedOrderException("WooCommerce order " + id + " has no line_items");
        }
        List<ChannelOrder.Line> lines = new ArrayList<>();
        for (JsonNode item : items) {
            String lineId = item.path("id").asText("");
            int quantity = item.path("quantity").asInt(0);
            if (quantity < 1) {
                throw new MalformedOrderException("WooCommerce order " + id + " line " + lineId + " has no quantity of at least 1");
            }
            long productId = item.path("product_id").asLong(0);
            long variationId = item.path("variation_id").asLong(0);
            String listingId = productId <= 0 ? null
                    : (variationId > 0 ? WooListingId.variation(productId, variationId) : WooListingId.product(productId)).toString();
            String sku = item.path("sku").asText("");
            lines.add(new ChannelOrder.Line(lineId, sku.isBlank() ? null : sku, listingId, quantity,
                    unitPrice(item, quantity, id)));
        }
        JsonNode shipping = order.path("shipping");
        JsonNode names = hasName(shipping) ? shipping : order.path("billing");
        boolean paid = PAID_STATUSES.contains(status) || !order.path("date_paid_gmt").asText(order.path("date_paid").asText("")).isBlank();
        return new ChannelOrder(id, status, modifiedAt(order), currency, amount(order.path("total"), "total", id), paid,
                "cod".equals(order.path("payment_method").asText()),
                new ChannelOrder.Addressee(names.path("company").asText(null), names.path("first_name").asText(null),
                        names.path("last_name").asText(null)),
                lines, refunds(order));
    }

    /** {@code refunds[{id, reason, total}]}: WooCommerce lists a refund's lines only under the refund itself. */
    private static List<ChannelOrder.Refund> refunds(JsonNode order) {
        List<ChannelOrder.Refund> refunds = new ArrayList<>();
        for (JsonNode refund : order.path("refunds")) {
            String id = refund.path("id").asText("");
            if (!id.isBlank()) {
                refunds.add(new ChannelOrder.Refund(id, refund.path("reason").asText("")));
            }
        }
        return refunds;
    }

    /** Line {@code price} is a number per unit; older shops lack it, then total / quantity. */
    private static BigDecimal unitPrice(JsonNode item, int quantity, String orderId) {
        JsonNode price = item.path("price");
        if (price.isNumber() || (price.isTextual() && !price.asText().isBlank())) {
            return amount(price, "line price", orderId).setScale(2, RoundingMode.HALF_UP);
        }
        return amount(item.path("total"), "line total", orderId).divide(BigDecimal.valueOf(quantity), 2, RoundingMode.HALF_UP);
    }

    private static BigDecimal amount(JsonNode value, String what, String orderId) {
        try {
            return new BigDecimal(value.asText("").trim());
        } catch (NumberFormatException e) {
            throw new MalformedOrderException("WooCommerce order " + orderId + ": " + what + " is not an amount: '"
                    + value.asText("") + "'");
        }
    }

    private static boolean hasName(JsonNode address) {
        return !address.path("first_name").asText("").isBlank() || !address.path("last_name").asText("").isBlank()
                || !address.path("company").asText("").isBlank();
    }

    /** {@code date_modified_gmt} (site time otherwise, taken as UTC); null when absent. */
    static Instant modifiedAt(JsonNode order) {
        String text = order.path("date_modified_gmt").asText("");
        if (text.isBlank()) {
            text = order.path("date_modified").asText("");
        }
        if (text.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(text.length() > 19 ? text.substring(0, 19) : text, WOO_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- webhooks

    /** Every webhook of the shop (all statuses). */
    public List<JsonNode> webhooks(ChannelConnection connection) {
        List<JsonNode> hooks = new ArrayList<>();
        int totalPages = Integer.MAX_VALUE;
        for (int page = 1; page <= totalPages; page++) {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("per_page", Integer.toString(WooCommerceClient.PAGE_SIZE));
            query.put("page", Integer.toString(page));
            ChannelAnswer response = client.send(connection, "GET", "/webhooks", query, null);
            client.requireSuccess(connection, "GET", "/webhooks", response);
            JsonNode body = client.parse(connection, "GET", "/webhooks", response);
            body.forEach(hooks::add);
            totalPages = response.headers().firstValue("X-WP-TotalPages").map(v -> Integer.parseInt(v.trim())).orElse(1);
            if (body.isEmpty()) {
                break;
            }
        }
        return hooks;
    }

    /** Creates an active webhook; WooCommerce pings the delivery URL first and refuses it if the ping fails. */
    public JsonNode createWebhook(ChannelConnection connection, String name, String topic, String deliveryUrl, String secret) {
        ObjectNode body = json.createObjectNode()
                .put("name", name).put("topic", topic).put("delivery_url", deliveryUrl).put("secret", secret)
                .put("status", "active");
        ChannelAnswer response = client.send(connection, "POST", "/webhooks", Map.of(), body);
        client.requireSuccess(connection, "POST", "/webhooks", response);
        return client.parse(connection, "POST", "/webhooks", response);
    }

    /** Makes a webhook active again with this secret (a webhook's secret cannot be read back). */
    public JsonNode activateWebhook(ChannelConnection connection, long id, String secret) {
        ObjectNode body = json.createObjectNode().put("status", "active").put("secret", secret);
        String path = "/webhooks/" + id;
        ChannelAnswer response = client.send(connection, "PUT", path, Map.of(), body);
        client.requireSuccess(connection, "PUT", path, response);
        return client.parse(connection, "PUT", path, response);
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
