package dev.kanal.connector.walmart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelOrderCanceller;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Cancels Walmart order lines before they ship: {@code POST /v3/orders/{po}/cancel} with
 * {@code orderCancellation.orderLines.orderLine[{lineNumber, orderLineStatuses:[{status:"Cancelled",
 * cancellationReason, statusQuantity}]}]}, every line in one call.
 *
 * <p>Looks first ({@code GET /v3/orders?purchaseOrderId=}): units already Cancelled are not sent
 * again (a redelivery, or Walmart's own cancellation); a line with Shipped, Delivered or Refund
 * units refuses the whole cancellation before anything is sent. A line named by SKU only
 * (acknowledgement refusals) means every line of that SKU. Walmart keeps no free text on a
 * cancellation, so the change marker is not written there.
 */
public class WalmartOrderCanceller implements ChannelOrderCanceller {

    static final String OUT_OF_STOCK = "SELLER_CANCEL_OUT_OF_STOCK";
    static final String CUSTOMER_REQUESTED = "CUSTOMER_REQUESTED_SELLER_TO_CANCEL";
    static final Set<String> REASONS = Set.of(CUSTOMER_REQUESTED, OUT_OF_STOCK, "SELLER_CANCEL_PRICING_ERROR",
            "SELLER_CANCEL_FRAUD_STOP_SHIPMENT", "SELLER_CANCEL_ADDRESS_NOT_SERVICEABLE");
    private static final Set<String> SHIPPED = Set.of("Shipped", "Delivered", "Refund");

    private final WalmartHttp http;
    private final WalmartOrders orders;
    private final ObjectMapper json = new ObjectMapper();

    public WalmartOrderCanceller(WalmartHttp http, WalmartOrders orders) {
        this.http = http;
        this.orders = orders;
    }

    @Override
    public Cancelled cancel(ChannelConnection connection, Cancellation cancellation) {
        String po = cancellation.channelOrderId();
        JsonNode order = orders.current(connection, po).orElseThrow(() ->
                new CancellationRefusedException("Walmart does not know order " + po + " of " + connection.account()));
        Map<String, Integer> plan = plan(order, cancellation);
        List<String> done = new ArrayList<>();
        ObjectNode body = json.createObjectNode();
        ArrayNode lines = body.putObject("orderCancellation").putObject("orderLines").putArray("orderLine");
        String reason = reason(cancellation.reason());
        plan.forEach((lineNumber, units) -> {
            if (units == 0) {
                done.add("line " + lineNumber + " already cancelled");
                return;
            }
            ObjectNode status = lines.addObject().put("lineNumber", lineNumber)
                    .putObject("orderLineStatuses").putArray("orderLineStatus").addObject()
                    .put("status", "Cancelled").put("cancellationReason", reason);
            status.putObject("statusQuantity").put("unitOfMeasurement", "EACH").put("amount", Integer.toString(units));
            done.add("line " + lineNumber + " cancelled (" + units + ")");
        });
        if (lines.isEmpty()) {
            return new Cancelled(String.join("; ", done), null);
        }
        WalmartHttp.Answer answer = http.postJson(connection, "/v3/orders/" + URLEncoder.encode(po, StandardCharsets.UTF_8)
                + "/cancel", body.toString());
        if (!answer.ok()) {
            throw new CancellationRefusedException("Walmart answered " + answer.status() + " to cancelling lines of order " + po
                    + " on " + connection.account() + ": " + http.errorMessage(answer));
        }
        return new Cancelled(String.join("; ", done), null);
    }

    /** Per line number, the units to cancel now (0: already cancelled); refuses shipped lines and unknown ones. */
    static Map<String, Integer> plan(JsonNode order, Cancellation cancellation) {
        String po = cancellation.channelOrderId();
        Map<String, Integer> plan = new LinkedHashMap<>();
        List<JsonNode> chosen = new ArrayList<>();
        for (JsonNode line : WalmartOrderJson.lines(order)) {
            boolean wanted = cancellation.wholeOrder() || cancellation.lines().stream().anyMatch(l -> l.channelLineId() != null
                    ? l.channelLineId().equals(line.path("lineNumber").asText())
                    : l.channelSku() != null && l.channelSku().equals(line.path("item").path("sku").asText()));
            if (wanted) {
                chosen.add(line);
            }
        }
        for (Line asked : cancellation.lines()) {
            boolean found = chosen.stream().anyMatch(l -> asked.channelLineId() != null
                    ? asked.channelLineId().equals(l.path("lineNumber").asText())
                    : asked.channelSku() != null && asked.channelSku().equals(l.path("item").path("sku").asText()));
            if (!found) {
                throw new CancellationRefusedException("Walmart order " + po + " has no line "
                        + (asked.channelLineId() != null ? asked.channelLineId() : "of SKU " + asked.channelSku()));
            }
        }
        for (JsonNode line : chosen) {
            String lineNumber = line.path("lineNumber").asText();
            for (String status : SHIPPED) {
                if (WalmartOrderJson.unitsIn(line, status) > 0) {
                    throw new CancellationRefusedException("Walmart order " + po + " line " + lineNumber + " ("
                            + line.path("item").path("sku").asText() + ") is " + status + ": a return, not a cancellation");
                }
            }
            int open = WalmartOrderJson.unitsIn(line, "Created") + WalmartOrderJson.unitsIn(line, "Acknowledged");
            plan.put(lineNumber, open);
        }
        return plan;
    }

    /** Kanal's reason as Walmart's enumerated reason: a Walmart code as it is, stock words as out of stock, else the customer's request. */
    static String reason(String reason) {
        if (reason == null) {
            return CUSTOMER_REQUESTED;
        }
        String upper = reason.trim().toUpperCase(Locale.ROOT);
        if (REASONS.contains(upper)) {
            return upper;
        }
        return upper.contains("STOCK") ? OUT_OF_STOCK : CUSTOMER_REQUESTED;
    }
}
