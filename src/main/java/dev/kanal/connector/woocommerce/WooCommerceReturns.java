package dev.kanal.connector.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.client.config.ReturnReason;
import dev.kanal.connector.ChannelAnswer;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelReturn;
import dev.kanal.connector.ChannelReturnReader;
import dev.kanal.connector.MalformedOrderException;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * WooCommerce refunds of an order the shop shipped: the order shows only {@code refunds[{id}]},
 * so when it names a refund Kanal has no return for, {@code GET /orders/{id}/refunds} tells which
 * line items and how many (quantities are negative there). One return per refund
 * ({@code woo-refund:<id>}). The reason is the refund's free text read as a Kanal reason
 * ({@code faulty on opening}, {@code withdrawal}, ...), anything else {@code other}. Refunds Kanal
 * made itself (meta {@value WooCommerceRefundWriter#REQUEST_KEY_META}) are not returns.
 */
@Component
public class WooCommerceReturns implements ChannelReturnReader {

    private final WooCommerceClient client;
    private final ObjectMapper json = new ObjectMapper();

    public WooCommerceReturns(WooCommerceClient client) {
        this.client = client;
    }

    @Override
    public List<ChannelReturn> returns(ChannelConnection connection, String channelOrderId, String payload, Set<String> known) {
        JsonNode order;
        try {
            order = json.readTree(payload);
        } catch (IOException e) {
            throw new MalformedOrderException("WooCommerce order " + channelOrderId + " is not JSON: " + e.getMessage(), e);
        }
        boolean unknown = false;
        for (JsonNode refund : order.path("refunds")) {
            unknown |= !known.contains(key(refund.path("id").asText()));
        }
        if (!unknown) {
            return List.of(); // nothing refunded, or nothing Kanal has not seen: no call
        }
        String path = "/orders/" + channelOrderId + "/refunds";
        ChannelAnswer response = client.send(connection, "GET", path, Map.of("per_page", "100"), null);
        client.requireSuccess(connection, "GET", path, response);
        List<ChannelReturn> returns = new ArrayList<>();
        for (JsonNode refund : client.parse(connection, "GET", path, response)) {
            if (WooCommerceRefundWriter.requestKey(refund) != null) {
                continue; // Kanal's own refund
            }
            List<ChannelReturn.Line> lines = new ArrayList<>();
            for (JsonNode item : refund.path("line_items")) {
                int quantity = Math.abs(item.path("quantity").asInt(0));
                if (quantity > 0) {
                    lines.add(new ChannelReturn.Line(item.path("id").asText(), quantity));
                }
            }
            if (lines.isEmpty()) {
                continue; // money only (a goodwill refund): no units came back
            }
            String text = refund.path("reason").asText("");
            ReturnReason reason = reason(text);
            returns.add(new ChannelReturn(key(refund.path("id").asText()), reason, text.isBlank() ? null : text, null,
                    date(refund.path("date_created_gmt").asText("")), lines));
        }
        return returns;
    }

    static String key(String refundId) {
        return "woo-refund:" + refundId;
    }

    /** The first Kanal reason the text names ("Faulty on opening: screen dead" is faulty-on-opening), else other. */
    static ReturnReason reason(String text) {
        String normalized = text.toLowerCase(java.util.Locale.ROOT).replace('_', '-').replace(' ', '-');
        for (ReturnReason reason : ReturnReason.values()) {
            if (normalized.contains(reason.code())) {
                return reason;
            }
        }
        return ReturnReason.OTHER;
    }

    private static java.time.Instant date(String gmt) {
        try {
            return gmt.isBlank() ? null : LocalDateTime.parse(gmt).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
