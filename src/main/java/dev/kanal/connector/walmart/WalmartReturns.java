package dev.kanal.connector.walmart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.client.config.ReturnReason;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelReturn;
import dev.kanal.connector.ChannelReturnReader;
import dev.kanal.connector.ChannelUnavailableException;
import dev.kanal.connector.MalformedOrderException;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Walmart's returns of one order: {@code GET /v3/returns?customerOrderId=} (the customer order of
 * the imported purchase order), every page through {@code nextCursor}. A return line of this
 * purchase order whose refund is complete ({@code currentRefundStatus} REFUND_COMPLETED) is a
 * return for Kanal, one per return line ({@code wm-return:<returnOrderId>:<line>}); one still
 * being returned is left for a later look. The purchase order's own payload does not show
 * returns, so an order whose returns are all known is still asked (one call).
 */
public class WalmartReturns implements ChannelReturnReader {

    static final int MAX_PAGES = 5;

    private final WalmartHttp http;
    private final ObjectMapper json = new ObjectMapper();

    public WalmartReturns(WalmartHttp http) {
        this.http = http;
    }

    @Override
    public List<ChannelReturn> returns(ChannelConnection connection, String channelOrderId, String payload, Set<String> known) {
        JsonNode order;
        try {
            order = json.readTree(payload);
        } catch (IOException e) {
            throw new MalformedOrderException("Walmart order " + channelOrderId + " is not JSON: " + e.getMessage(), e);
        }
        String customerOrderId = order.path("customerOrderId").asText("");
        if (customerOrderId.isBlank()) {
            throw new MalformedOrderException("Walmart order " + channelOrderId + " has no customerOrderId");
        }
        List<ChannelReturn> returns = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String query = "?customerOrderId=" + URLEncoder.encode(customerOrderId, StandardCharsets.UTF_8);
        for (int page = 0; page < MAX_PAGES && query != null; page++) {
            WalmartHttp.Answer answer = http.get(connection, "/v3/returns" + query);
            if (answer.status() == 404) {
                break; // no return for this customer order
            }
            if (!answer.ok()) {
                throw new ChannelUnavailableException("Walmart answered " + answer.status() + " to GET /v3/returns for "
                        + connection.account() + ": " + http.errorMessage(answer), null, List.of(), answer.status());
            }
            JsonNode body = http.json(answer, connection);
            for (JsonNode returnOrder : body.path("returnOrders")) {
                returns.addAll(read(returnOrder, channelOrderId));
            }
            String next = body.path("meta").path("nextCursor").asText("");
            query = next.isBlank() || !seen.add(next) ? null : next.startsWith("?") ? next : "?" + next;
        }
        return returns;
    }

    static List<ChannelReturn> read(JsonNode returnOrder, String purchaseOrderId) {
        List<ChannelReturn> returns = new ArrayList<>();
        String id = returnOrder.path("returnOrderId").asText("");
        for (JsonNode line : returnOrder.path("returnOrderLines")) {
            if (!purchaseOrderId.equals(line.path("purchaseOrderId").asText())
                    || !"REFUND_COMPLETED".equals(line.path("currentRefundStatus").asText())) {
                continue;
            }
            String code = line.path("returnReason").asText(null);
            int units = Math.max(1, (int) line.path("quantity").path("measurementValue").asDouble(1));
            returns.add(new ChannelReturn("wm-return:" + id + ":" + line.path("returnOrderLineNumber").asText(),
                    reason(code), code == null ? null : "returnReason " + code, null,
                    instant(line.path("statusTime").asText(returnOrder.path("returnOrderDate").asText(""))),
                    List.of(new ChannelReturn.Line(line.path("purchaseOrderLineNumber").asText(), units)),
                    List.of("Walmart return " + id + " " + line.path("status").asText("") + ", refund " + line.path("currentRefundStatus").asText())));
        }
        return returns;
    }

    /** Walmart's return reason codes (free-form upper-case words) in Kanal's words, by what they say. */
    static ReturnReason reason(String code) {
        String c = code == null ? "" : code.toUpperCase(Locale.ROOT);
        if (c.contains("DAMAGE") || c.contains("BROKEN")) {
            return ReturnReason.FAULTY_ON_OPENING;
        }
        if (c.contains("DEFECT") || c.contains("NOT_WORK") || c.contains("DOES_NOT_WORK")) {
            return ReturnReason.FAILED_AT_FIRST_USE;
        }
        if (c.contains("WRONG") || c.contains("NOT_AS") || c.contains("DESCRIBED") || c.contains("MISSING_PARTS")) {
            return ReturnReason.NON_COMPLIANT;
        }
        if (c.contains("NOT_RECEIVED") || c.contains("LOST")) {
            return ReturnReason.NOT_DELIVERED;
        }
        if (c.contains("CHANGED") || c.contains("NO_LONGER") || c.contains("BETTER_PRICE") || c.contains("ARRIVED_LATE")
                || c.contains("MIND")) {
            return ReturnReason.WITHDRAWAL;
        }
        return ReturnReason.OTHER;
    }

    private static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }
}
