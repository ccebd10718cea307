package dev.kanal.connector.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.connector.ChannelAnswer;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelOrderCanceller;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Cancels WooCommerce orders and lines before shipping (shared/api-contracts.md 1.5): a whole
 * order with {@code PUT /orders/{id}} {@code {"status":"cancelled"}}; some lines with a refund,
 * {@code POST /orders/{id}/refunds} with {@code line_items} ({@code id}, {@code quantity},
 * {@code refund_total}), the amount they come to, {@code api_refund} (the shop's payment gateway
 * pays the customer back) and {@code api_restock} false (Kanal pushes the shop's stock itself).
 *
 * <p>Looks first: an order already cancelled or refunded is left alone; a refund whose reason
 * carries the change's marker is the same change made before (a redelivery) and is not made
 * again; a completed order (shipped) refuses the cancellation. Calls go through the account's
 * budget in {@link WooCommerceClient}.
 */
@Component
public class WooCommerceOrderCanceller implements ChannelOrderCanceller {

    static final String CANCELLED = "cancelled";
    private static final Set<String> ENDED = Set.of("cancelled", "refunded");
    private static final Set<String> SHIPPED = Set.of("completed");
    static final String REFUNDED_ITEM = "_refunded_item_id";

    private final WooCommerceClient client;
    private final ObjectMapper json = new ObjectMapper();

    public WooCommerceOrderCanceller(WooCommerceClient client) {
        this.client = client;
    }

    @Override
    public Cancelled cancel(ChannelConnection connection, Cancellation cancellation) {
        String orderPath = "/orders/" + cancellation.channelOrderId();
        JsonNode order = call(connection, "GET", orderPath, null);
        String status = order.path("status").asText();
        if (ENDED.contains(status)) {
            return new Cancelled("order already " + status, null);
        }
        if (SHIPPED.contains(status)) {
            throw new CancellationRefusedException("WooCommerce order " + cancellation.channelOrderId() + " is " + status
                    + " (shipped): a return, not a cancellation");
        }
        if (cancellation.wholeOrder()) {
            call(connection, "PUT", orderPath, json.createObjectNode().put("status", CANCELLED));
            return new Cancelled("order cancelled (was " + status + ")", null);
        }
        String refundsPath = orderPath + "/refunds";
        for (JsonNode refund : call(connection, "GET", refundsPath, null)) {
            if (refund.path("reason").asText("").contains(cancellation.marker())) {
                return new Cancelled("refund " + refund.path("id").asText() + " made before", refund.path("id").asText());
            }
        }
        JsonNode made = call(connection, "POST", refundsPath, refundBody(json, cancellation));
        return new Cancelled("refund " + made.path("id").asText() + " of " + made.path("amount").asText() + " for "
                + cancellation.lines().size() + " line(s)", made.path("id").asText());
    }

    /** The refund of some lines: each line's units at its unit price, the amount their sum, the marker in the reason. */
    static ObjectNode refundBody(ObjectMapper json, Cancellation cancellation) {
        ObjectNode body = json.createObjectNode();
        BigDecimal amount = BigDecimal.ZERO;
        ArrayNode items = json.createArrayNode();
        for (Line line : cancellation.lines()) {
            BigDecimal total = (line.unitPrice() == null ? BigDecimal.ZERO : line.unitPrice())
                    .multiply(BigDecimal.valueOf(line.quantity())).setScale(2, RoundingMode.HALF_UP);
            amount = amount.add(total);
            ObjectNode item = items.addObject();
            item.put("id", Long.parseLong(line.channelLineId()));
            item.put("quantity", line.quantity());
            item.put("refund_total", total.toPlainString());
        }
        body.put("amount", amount.setScale(2, RoundingMode.HALF_UP).toPlainString());
        String reason = cancellation.reason() == null || cancellation.reason().isBlank() ? "Cancelled" : cancellation.reason();
        body.put("reason", reason + " " + cancellation.marker());
        body.put("api_refund", true);
        body.put("api_restock", false);
        body.set("line_items", items);
        return body;
    }

    /** {@code GET /orders/{id}/refunds/{refund_id}}: each refunded item names the order's line in {@code _refunded_item_id}. */
    @Override
    public List<RefundedLine> refundedLines(ChannelConnection connection, String channelOrderId, String refundId) {
        JsonNode refund = call(connection, "GET", "/orders/" + channelOrderId + "/refunds/" + refundId, null);
        return refundedLines(refund);
    }

    static List<RefundedLine> refundedLines(JsonNode refund) {
        List<RefundedLine> lines = new ArrayList<>();
        for (JsonNode item : refund.path("line_items")) {
            String refunded = null;
            for (JsonNode meta : item.path("meta_data")) {
                if (REFUNDED_ITEM.equals(meta.path("key").asText())) {
                    refunded = meta.path("value").asText();
                }
            }
            int quantity = Math.abs(item.path("quantity").asInt(0));
            if (refunded != null && !refunded.isBlank() && quantity > 0) {
                lines.add(new RefundedLine(refunded, quantity));
            }
        }
        return lines;
    }

    /** The order's line item a refund's item refunds ({@value #REFUNDED_ITEM}), or -1 when it names none. */
    static long refundedItemId(JsonNode refundItem) {
        for (JsonNode meta : refundItem.path("meta_data")) {
            if (REFUNDED_ITEM.equals(meta.path("key").asText())) {
                return meta.path("value").asLong(-1);
            }
        }
        return -1;
    }

    private JsonNode call(ChannelConnection connection, String method, String path, JsonNode body) {
        ChannelAnswer response = client.send(connection, method, path, Map.of(), body);
        if (response.statusCode() == 404 || response.statusCode() == 400) {
            throw new CancellationRefusedException("WooCommerce " + connection.account() + " answered " + response.statusCode()
                    + " to " + method + " " + path + ": " + shorten(response.body()));
        }
        client.requireSuccess(connection, method, path, response);
        return client.parse(connection, method, path, response);
    }

    private static String shorten(String body) {
        String text = body == null ? "" : body;
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
