package dev.kanal.connector.walmart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelRefundWriter;
import dev.kanal.connector.OutgoingRefund;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Refunds Walmart order lines after shipping: {@code POST /v3/orders/{po}/refund} with, per
 * line, one refund whose {@code refundComments} carry Kanal's request key and whose PRODUCT
 * charge is the amount given back, negative as Walmart wants it, reason {@code Others}. All lines
 * of a refund go in one call.
 *
 * <p>Looks first ({@code GET /v3/orders?purchaseOrderId=}): a line whose refund comments carry
 * the request key is refunded already and is not sent again. A line that has not shipped
 * (no Shipped or Delivered units) cannot be refunded: cancel it instead.
 */
public class WalmartRefundWriter implements ChannelRefundWriter {

    private final WalmartHttp http;
    private final WalmartOrders orders;
    private final ObjectMapper json = new ObjectMapper();

    public WalmartRefundWriter(WalmartHttp http, WalmartOrders orders) {
        this.http = http;
        this.orders = orders;
    }

    @Override
    public String refund(ChannelConnection connection, OutgoingRefund refund, Runnable budget) {
        String po = refund.channelOrderId();
        JsonNode order = orders.current(connection, po).orElseThrow(() ->
                new RefundRefusedException("Walmart does not know order " + po + " of " + connection.account()));
        List<String> done = new ArrayList<>();
        List<OutgoingRefund.Line> toSend = new ArrayList<>();
        List<String> currencies = new ArrayList<>();
        for (OutgoingRefund.Line line : refund.lines()) {
            JsonNode onChannel = WalmartOrderJson.line(order, line.channelLineId());
            if (onChannel == null) {
                throw new RefundRefusedException("Walmart order " + po + " has no line " + line.channelLineId());
            }
            if (refundedBy(onChannel, refund.requestKey())) {
                done.add("line " + line.channelLineId() + " already refunded");
                continue;
            }
            if (WalmartOrderJson.unitsIn(onChannel, "Shipped") + WalmartOrderJson.unitsIn(onChannel, "Delivered") == 0) {
                throw new RefundRefusedException("Walmart order " + po + " line " + line.channelLineId() + " has not shipped ("
                        + WalmartOrderJson.lineStatus(onChannel) + "): cancel it instead of refunding it");
            }
            toSend.add(line);
            currencies.add(currency(onChannel));
        }
        if (toSend.isEmpty()) {
            return String.join("; ", done);
        }
        ObjectNode body = json.createObjectNode();
        ObjectNode orderRefund = body.putObject("orderRefund").put("purchaseOrderId", po);
        ArrayNode lines = orderRefund.putObject("orderLines").putArray("orderLine");
        for (int i = 0; i < toSend.size(); i++) {
            OutgoingRefund.Line line = toSend.get(i);
            ObjectNode refundNode = lines.addObject().put("lineNumber", line.channelLineId())
                    .put("isFullRefund", line.quantity() >= line.orderedQuantity())
                    .putObject("refunds").putArray("refund").addObject()
                    .put("refundComments", comments(refund));
            ObjectNode charge = refundNode.putObject("refundCharges").putArray("refundCharge").addObject()
                    .put("refundReason", "Others").putObject("charge").put("chargeType", "PRODUCT").put("chargeName", "ItemPrice");
            charge.putObject("chargeAmount").put("currency", currencies.get(i)).put("amount", line.amount().abs().negate());
        }
        budget.run();
        WalmartHttp.Answer answer = http.postJson(connection, "/v3/orders/" + URLEncoder.encode(po, StandardCharsets.UTF_8)
                + "/refund", body.toString());
        if (!answer.ok()) {
            throw new RefundRefusedException("Walmart refused to refund lines of order " + po + " on " + connection.account() + ": "
                    + answer.status() + " " + http.errorMessage(answer));
        }
        toSend.forEach(l -> done.add("line " + l.channelLineId() + " refunded " + l.amount()));
        return String.join("; ", done);
    }

    /** The reason and, in brackets, the request key a later look finds. */
    static String comments(OutgoingRefund refund) {
        String reason = refund.reason() == null ? "" : refund.reason().trim();
        return (reason.isEmpty() ? "Refund" : reason) + " [" + refund.requestKey() + "]";
    }

    static boolean refundedBy(JsonNode line, String requestKey) {
        String marker = "[" + requestKey + "]";
        JsonNode refund = line.path("refund");
        if (refund.path("refundComments").asText("").contains(marker)) {
            return true;
        }
        for (JsonNode each : line.path("refunds").path("refund")) {
            if (each.path("refundComments").asText("").contains(marker)) {
                return true;
            }
        }
        return false;
    }

    private static String currency(JsonNode line) {
        for (JsonNode charge : line.path("charges").path("charge")) {
            String currency = charge.path("chargeAmount").path("currency").asText("");
            if (!currency.isBlank()) {
                return currency;
            }
        }
        return "USD";
    }

    static BigDecimal negative(BigDecimal amount) {
        return amount.abs().negate();
    }
}
