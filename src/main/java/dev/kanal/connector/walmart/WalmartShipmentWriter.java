package dev.kanal.connector.walmart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelShipmentWriter;
import dev.kanal.connector.OutgoingShipment;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * Ships Walmart order lines: {@code POST /v3/orders/{po}/shipping} with, per line, a Shipped
 * status of the shipment's units and {@code trackingInfo} (ship time, carrier, method, tracking
 * number and URL). Shipping is what charges the customer; Walmart takes no serial numbers.
 *
 * <p>Carrier: one of Walmart's carrier names when the shipment's carrier matches one (case and
 * spaces aside), else {@code otherCarrier}, which Walmart takes only with a tracking URL. The
 * method is the order's {@code shippingInfo.methodCode}.
 *
 * <p>Looks first ({@code GET /v3/orders?purchaseOrderId=}): a line already holding Shipped units
 * with this tracking number is not sent again; a Cancelled line refuses the shipment.
 */
public class WalmartShipmentWriter implements ChannelShipmentWriter {

    /** Walmart's carrier names, by their name lower case without spaces. */
    static final Map<String, String> CARRIERS = carriers("UPS", "USPS", "FedEx", "Airborne", "OnTrac", "DHL Ecommerce - US", "DHL",
            "LS", "UDS", "UPSMI", "FDX", "PILOT", "ESTES", "SAIA", "FDS Express", "Seko Worldwide", "HIT Delivery", "FEDEXSP",
            "RL Carriers", "China Post", "YunExpress", "GLS", "OSM Worldwide", "FIRST MILE", "CEVA", "LSO", "Royal Mail",
            "Canada Post", "Japan Post", "Deutsche Post", "Better Trucks", "Asendia", "PostNord Sweden", "DTDC");

    private final WalmartHttp http;
    private final WalmartOrders orders;
    private final ObjectMapper json = new ObjectMapper();

    public WalmartShipmentWriter(WalmartHttp http, WalmartOrders orders) {
        this.http = http;
        this.orders = orders;
    }

    @Override
    public void write(ChannelConnection connection, OutgoingShipment shipment, LongConsumer lineConfirmed) {
        String po = shipment.channelOrderId();
        if (shipment.trackingNumber() == null || shipment.trackingNumber().isBlank()) {
            throw new ShipmentRefusedException("Walmart needs a tracking number to ship order " + po + "; shipment "
                    + shipment.reference() + " has none");
        }
        JsonNode order = orders.current(connection, po).orElseThrow(() ->
                new ShipmentRefusedException("Walmart does not know order " + po + " of " + connection.account()));
        List<OutgoingShipment.Line> toSend = new ArrayList<>();
        for (OutgoingShipment.Line line : shipment.lines()) {
            JsonNode onChannel = line.channelLineId() == null ? null : WalmartOrderJson.line(order, line.channelLineId());
            if (onChannel == null) {
                throw new ShipmentRefusedException("Walmart order " + po + " has no line " + line.channelLineId());
            }
            if (shippedWith(onChannel, shipment.trackingNumber())) {
                lineConfirmed.accept(line.shipmentLineId());
                continue;
            }
            if ("Cancelled".equals(WalmartOrderJson.lineStatus(onChannel))) {
                throw new ShipmentRefusedException("Walmart order " + po + " line " + line.channelLineId()
                        + " is cancelled; shipment " + shipment.reference() + " cannot ship it");
            }
            toSend.add(line);
        }
        if (toSend.isEmpty()) {
            return;
        }
        String method = order.path("shippingInfo").path("methodCode").asText("Standard");
        ObjectNode body = body(json, shipment, toSend, method.isBlank() ? "Standard" : method);
        WalmartHttp.Answer answer = http.postJson(connection, "/v3/orders/" + URLEncoder.encode(po, StandardCharsets.UTF_8)
                + "/shipping", body.toString());
        if (!answer.ok()) {
            throw new ShipmentRefusedException("Walmart answered " + answer.status() + " to shipping lines of order " + po + " on "
                    + connection.account() + ": " + http.errorMessage(answer));
        }
        toSend.forEach(line -> lineConfirmed.accept(line.shipmentLineId()));
    }

    static boolean shippedWith(JsonNode line, String trackingNumber) {
        for (JsonNode entry : line.path("orderLineStatuses").path("orderLineStatus")) {
            String status = entry.path("status").asText();
            if ((status.equals("Shipped") || status.equals("Delivered"))
                    && trackingNumber.equals(entry.path("trackingInfo").path("trackingNumber").asText())) {
                return true;
            }
        }
        return false;
    }

    static ObjectNode body(ObjectMapper json, OutgoingShipment shipment, List<OutgoingShipment.Line> lines, String method) {
        ObjectNode body = json.createObjectNode();
        ArrayNode orderLines = body.putObject("orderShipment").putObject("orderLines").putArray("orderLine");
        Instant shippedAt = shipment.shippedAt() != null ? shipment.shippedAt() : Instant.now();
        for (OutgoingShipment.Line line : lines) {
            ObjectNode status = orderLines.addObject().put("lineNumber", line.channelLineId())
                    .put("sellerOrderId", shipment.reference() != null ? shipment.reference() : shipment.channelOrderId())
                    .putObject("orderLineStatuses").putArray("orderLineStatus").addObject().put("status", "Shipped");
            status.putObject("statusQuantity").put("unitOfMeasurement", "EACH").put("amount", Integer.toString(line.quantity()));
            ObjectNode tracking = status.putObject("trackingInfo").put("shipDateTime", shippedAt.toEpochMilli());
            String carrier = CARRIERS.get(key(shipment.carrier()));
            if (carrier != null) {
                tracking.putObject("carrierName").put("carrier", carrier);
            } else {
                if (shipment.trackingUrl() == null || shipment.trackingUrl().isBlank()) {
                    throw new ShipmentRefusedException("Walmart takes carrier '" + shipment.carrier() + "' of shipment "
                            + shipment.reference() + " only as otherCarrier with a tracking URL, and it has none");
                }
                tracking.putObject("carrierName").put("otherCarrier", shipment.carrier() == null ? "Other" : shipment.carrier());
            }
            tracking.put("methodCode", method).put("trackingNumber", shipment.trackingNumber());
            if (shipment.trackingUrl() != null && !shipment.trackingUrl().isBlank()) {
                tracking.put("trackingURL", shipment.trackingUrl());
            }
        }
        return body;
    }

    private static Map<String, String> carriers(String... names) {
        Map<String, String> byKey = new TreeMap<>();
        for (String name : names) {
            byKey.put(key(name), name);
        }
        byKey.put("fedex", "FedEx");
        return byKey;
    }

    private static String key(String carrier) {
        return carrier == null ? "" : carrier.replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
    }
}
