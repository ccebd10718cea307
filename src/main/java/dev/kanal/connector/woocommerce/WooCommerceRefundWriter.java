package dev.kanal.connector.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.connector.ChannelAnswer;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelRefundWriter;
import dev.kanal.connector.OutgoingRefund;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Refunds WooCommerce order lines with {@code POST /orders/{id}/refunds} (shared/api-contracts.md
 * 1.5): {@code amount}, {@code reason}, {@code line_items[{id, quantity, refund_total}]},
 * {@code api_refund} true (the payment gateway pays the customer back) and {@code api_restock}
 * false (the ERP owns stock, not the shop), and Kanal's request key in the refund's
 * {@code meta_data} ({@value #REQUEST_KEY_META}).
 *
 * <p>Looks first ({@code GET /orders/{id}/refunds}): a refund carrying this request key was made
 * by an earlier attempt and is not made again. A 4xx is a refusal (the amount is more than what
 * is left, the order cannot be refunded): {@link RefundRefusedException}.
 */
@Component
public class WooCommerceRefundWriter implements ChannelRefundWriter {

    static final String REQUEST_KEY_META = "_kanal_refund_key";

    private final WooCommerceClient client;
    private final ObjectMapper json = new ObjectMapper();

    public WooCommerceRefundWriter(WooCommerceClient client) {
        this.client = client;
    }

    @Override
    public String refund(ChannelConnection connection, OutgoingRefund refund, Runnable budget) {
        String path = "/orders/" + refund.channelOrderId() + "/refunds";
        ChannelAnswer listed = client.send(connection, "GET", path, Map.of("per_page", "100"), null);
        requireSuccess(connection, "GET", path, listed);
        for (JsonNode existing : client.parse(connection, "GET", path, listed)) {
            if (refund.requestKey().equals(requestKey(existing))) {
                return "refund " + existing.path("id").asText() + " (" + existing.path("amount").asText() + ")";
            }
        }
        budget.run();
        ChannelAnswer created = client.send(connection, "POST", path, Map.of(), body(json, refund));
        requireSuccess(connection, "POST", path, created);
        JsonNode made = client.parse(connection, "POST", path, created);
        return "refund " + made.path("id").asText() + " (" + made.path("amount").asText() + ")";
    }

    static ObjectNode body(ObjectMapper json, OutgoingRefund refund) {
        ObjectNode body = json.createObjectNode();
        body.put("amount", refund.amount().setScale(2, java.math.RoundingMode.HALF_UP).toPlainString());
        body.put("reason", refund.reason() == null ? "" : refund.reason());
        body.put("api_refund", true);
        body.put("api_restock", false);
        ArrayNode items = body.putArray("line_items");
        for (OutgoingRefund.Line line : refund.lines()) {
            items.addObject().put("id", Long.parseLong(line.channelLineId())).put("quantity", line.quantity())
                    .put("refund_total", line.amount().setScale(2, java.math.RoundingMode.HALF_UP).toPlainString());
        }
        body.putArray("meta_data").addObject().put("key", REQUEST_KEY_META).put("value", refund.requestKey());
        return body;
    }

    /** Kanal's request key on a refund, or null when Kanal did not make it. */
    static String requestKey(JsonNode refund) {
        for (JsonNode meta : refund.path("meta_data")) {
            if (REQUEST_KEY_META.equals(meta.path("key").asText())) {
                return meta.path("value").asText(null);
            }
        }
        return null;
    }

    private void requireSuccess(ChannelConnection connection, String method, String path, ChannelAnswer response) {
        try {
            client.requireSuccess(connection, method, path, response);
        } catch (WooCommerceApiException e) {
            if (e.status() >= 400 && e.status() < 500 && e.status() != 401 && e.status() != 403) {
                throw new RefundRefusedException(e.getMessage());
            }
            throw e;
        }
    }
}
