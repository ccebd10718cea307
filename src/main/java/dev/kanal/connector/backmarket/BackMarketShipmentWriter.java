package dev.kanal.connector.backmarket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.connector.ChannelAnswer;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelRequest;
import dev.kanal.connector.ChannelShipmentWriter;
import dev.kanal.connector.ChannelUnavailableException;
import dev.kanal.connector.OutgoingShipment;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Ships Back Market orders (shared/api-contracts.md 2.3): {@code POST /ws/orders/{order_id}} with
 * {@code new_state} 3, {@code tracking_number} (required), {@code tracking_url}, {@code shipper}
 * and {@code date_shipping} (no SKU: every accepted line ships together), then
 * {@code PATCH /ws/orderlines/{id}} with the IMEI (15 digits) or serial number of each
 * quantity-1 line. Back Market ships an order once, so the ship call goes when the order's last
 * parcel is written, with that parcel's tracking; every parcel sends its own lines' IMEIs.
 *
 * <p>Looks first ({@code GET /ws/orders/{id}}): lines already in state 3 with this tracking number
 * are not shipped again, and a line already holding this IMEI is not patched again. An IMEI is
 * write-once: a line holding another value is a {@link ShipmentRefusedException}. Every call takes
 * its turn from the account's call budget in {@link BackMarketClient} (429 pauses it).
 */
@Component
public class BackMarketShipmentWriter implements ChannelShipmentWriter {

    static final int SHIPPED = 3;
    static final int REFUNDED_AFTER_SHIPPING = 6;
    private static final Pattern IMEI = Pattern.compile("\\d{15}");
    private static final DateTimeFormatter RFC_3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

    private final BackMarketClient client;
    private final ObjectMapper json = new ObjectMapper();

    public BackMarketShipmentWriter(BackMarketClient client) {
        this.client = client;
    }

    @Override
    public void write(ChannelConnection connection, OutgoingShipment shipment, LongConsumer lineConfirmed) {
        String orderPath = "/ws/orders/" + URLEncoder.encode(shipment.channelOrderId(), StandardCharsets.UTF_8);
        JsonNode order = read(connection, client.get(connection, orderPath), "GET " + orderPath);
        // Back Market ships an order once: with its last parcel, when every unit has shipped; an
        // earlier parcel sends only its lines' IMEIs (below)
        if (shipment.completesOrder() && !shippedOnChannel(order, shipment)) {
            String tracking = shipment.lastParcel().trackingNumber();
            if (tracking == null || tracking.isBlank()) {
                throw new ShipmentRefusedException("Back Market needs a tracking number to ship order "
                        + shipment.channelOrderId() + "; its last parcel " + shipment.reference() + " has none");
            }
            read(connection, client.post(connection, orderPath, shipBody(json, shipment).toString()),
                    "POST " + orderPath + " new_state 3");
        }
        for (OutgoingShipment.Line line : shipment.lines()) {
            if (line.confirmed() || line.serials().isEmpty() || line.orderedQuantity() != 1 || line.channelLineId() == null) {
                continue;
            }
            String serial = line.serials().get(0);
            String field = identifierField(serial);
            JsonNode onChannel = orderLine(order, line.channelLineId());
            String current = onChannel == null ? "" : onChannel.path(field).asText("");
            if (current.equals(serial)) {
                lineConfirmed.accept(line.shipmentLineId());
                continue;
            }
            if (!current.isEmpty()) {
                throw conflict(shipment, line, field, current, serial);
            }
            String linePath = "/ws/orderlines/" + URLEncoder.encode(line.channelLineId(), StandardCharsets.UTF_8);
            ObjectNode body = json.createObjectNode().put(field, serial);
            ChannelAnswer answer = client.call(connection, client.request(connection, "PATCH", linePath,
                    body.toString().getBytes(StandardCharsets.UTF_8)), List.of());
            if (answer.statusCode() >= 200 && answer.statusCode() < 300) {
                lineConfirmed.accept(line.shipmentLineId());
            } else {
                throw new ShipmentRefusedException("Back Market refused " + field + " " + serial + " on order line "
                        + line.channelLineId() + " of order " + shipment.channelOrderId() + ": " + answer.statusCode() + " "
                        + shorten(answer.body()));
            }
        }
    }

    /** Every line Kanal ships is in state 3 (or refunded after it) and the order carries this tracking number. */
    static boolean shippedOnChannel(JsonNode order, OutgoingShipment shipment) {
        String tracking = order.path("tracking_number").asText("");
        boolean linesShipped = order.path("orderlines").size() > 0;
        for (JsonNode line : order.path("orderlines")) {
            int state = line.path("state").asInt();
            if (state == 2) {
                linesShipped = false;
            }
        }
        if (!linesShipped) {
            return false;
        }
        if (!tracking.isEmpty() && !shipment.isOrderTracking(tracking)) {
            throw new ShipmentRefusedException("Back Market order " + shipment.channelOrderId() + " was shipped with tracking "
                    + tracking + ", none of the order's parcels (" + shipment.reference() + " is " + shipment.trackingNumber() + ")");
        }
        return true;
    }

    /**
     * The UpdateOrder body of a shipment: the order id in {@code id} and {@code order_id} as for
     * acknowledgements (docs/decisions/0019).
     */
    static ObjectNode shipBody(ObjectMapper json, OutgoingShipment shipment) {
        ObjectNode body = json.createObjectNode();
        try {
            long id = Long.parseLong(shipment.channelOrderId());
            body.put("id", id);
            body.put("order_id", id);
        } catch (NumberFormatException e) {
            body.put("id", shipment.channelOrderId());
            body.put("order_id", shipment.channelOrderId());
        }
        body.put("new_state", SHIPPED);
        OutgoingShipment.Parcel last = shipment.lastParcel(); // the parcel that completed the order
        body.put("tracking_number", last.trackingNumber());
        if (last.trackingUrl() != null) {
            body.put("tracking_url", last.trackingUrl());
        }
        if (last.carrier() != null) {
            body.put("shipper", last.carrier());
        }
        if (shipment.shippedAt() != null) {
            body.put("date_shipping", RFC_3339.format(shipment.shippedAt().atOffset(ZoneOffset.UTC)));
        }
        return body;
    }

    /** A 15-digit identifier goes as {@code imei}, anything else as {@code serial_number}. */
    static String identifierField(String serial) {
        return IMEI.matcher(serial).matches() ? "imei" : "serial_number";
    }

    private static JsonNode orderLine(JsonNode order, String channelLineId) {
        for (JsonNode line : order.path("orderlines")) {
            if (channelLineId.equals(line.path("id").asText())) {
                return line;
            }
        }
        return null;
    }

    private static ShipmentRefusedException conflict(OutgoingShipment shipment, OutgoingShipment.Line line, String field,
            String current, String serial) {
        return new ShipmentRefusedException("Back Market order line " + line.channelLineId() + " of order "
                + shipment.channelOrderId() + " already holds " + field + " " + current + "; shipment " + shipment.reference()
                + " says " + serial + " (write-once: correct it with Back Market)");
    }

    private JsonNode read(ChannelConnection connection, ChannelRequest request, String what) {
        ChannelAnswer answer = client.call(connection, request, List.of());
        if (answer.statusCode() < 200 || answer.statusCode() >= 300) {
            throw new ShipmentRefusedException("Back Market answered " + answer.statusCode() + " to " + what + " for "
                    + connection.account() + ": " + shorten(answer.body()));
        }
        try {
            return json.readTree(answer.body());
        } catch (IOException e) {
            throw new ChannelUnavailableException("Back Market answered " + what + " with a body that is not JSON", e);
        }
    }

    private static String shorten(String body) {
        String text = body == null ? "" : body;
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
