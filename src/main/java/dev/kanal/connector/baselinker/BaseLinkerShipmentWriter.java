package dev.kanal.connector.baselinker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelShipmentWriter;
import dev.kanal.connector.OutgoingShipment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Ships BaseLinker orders (shared/api-contracts.md 4.2): the parcel as a package sent outside
 * BaseLinker ({@code createPackageManual} with the carrier as {@code courier_code}, the tracking
 * number as {@code package_number} and the shipping time as {@code pickup_date}); serials and
 * IMEIs, for which BaseLinker has no field, appended to the order's {@code admin_comments}
 * ({@code setOrderFields}); and, with the order's last parcel, the account's
 * {@code status-shipped} ({@code setOrderStatus}), which is what makes BaseLinker tell Allegro or
 * eBay.
 *
 * <p>Looks first ({@code getOrders}, {@code getOrderPackages}): a package with this tracking
 * number, serials already in the comments and the status already set are not sent again, so a
 * redelivery changes nothing. A refusal by BaseLinker is a {@link ShipmentRefusedException}.
 */
public class BaseLinkerShipmentWriter implements ChannelShipmentWriter {

    /** BaseLinker's limit for {@code admin_comments}. */
    static final int ADMIN_COMMENTS_MAX = 200;
    /** BaseLinker's limit for {@code courier_code}. */
    static final int COURIER_CODE_MAX = 20;

    private final BaseLinkerHttp http;
    private final BaseLinkerStatuses statuses;

    public BaseLinkerShipmentWriter(BaseLinkerHttp http) {
        this.http = http;
        this.statuses = new BaseLinkerStatuses(http);
    }

    @Override
    public void write(ChannelConnection connection, OutgoingShipment shipment, LongConsumer lineConfirmed) {
        try {
            JsonNode order = statuses.order(connection, shipment.channelOrderId());
            if (order == null) {
                throw new ShipmentRefusedException("BaseLinker has no order " + shipment.channelOrderId() + " for "
                        + connection.account());
            }
            long orderId = order.path("order_id").asLong();
            String tracking = shipment.trackingNumber();
            if (tracking != null && !tracking.isBlank() && !hasPackage(connection, orderId, tracking)) {
                http.call(connection, "createPackageManual", http.json().createObjectNode()
                        .put("order_id", orderId)
                        .put("courier_code", courierCode(shipment.carrier()))
                        .put("package_number", tracking)
                        .put("pickup_date", (shipment.shippedAt() == null ? Instant.now() : shipment.shippedAt()).getEpochSecond())
                        .put("return_shipment", false));
            }
            writeSerials(connection, shipment, order, lineConfirmed);
            BaseLinkerSettings settings = BaseLinkerSettings.of(connection);
            if (shipment.completesOrder() && settings.statusShipped() != null) {
                long shipped = statuses.id(connection, settings.statusShipped(), "status-shipped");
                if (order.path("order_status_id").asLong() != shipped) {
                    statuses.set(connection, shipment.channelOrderId(), shipped);
                }
            }
        } catch (BaseLinkerRefusal refused) {
            throw new ShipmentRefusedException(refused.getMessage());
        }
    }

    private boolean hasPackage(ChannelConnection connection, long orderId, String tracking) {
        JsonNode packages = http.call(connection, "getOrderPackages", http.json().createObjectNode().put("order_id", orderId))
                .path("packages");
        for (JsonNode pkg : packages) {
            if (tracking.equals(pkg.path("courier_package_nr").asText())) {
                return true;
            }
        }
        return false;
    }

    /** The lines' serials not yet in {@code admin_comments}, appended as {@code "SN <sku>: a, b"}. */
    private void writeSerials(ChannelConnection connection, OutgoingShipment shipment, JsonNode order, LongConsumer lineConfirmed) {
        String comments = order.path("admin_comments").asText("");
        StringBuilder added = new StringBuilder();
        List<Long> written = new ArrayList<>();
        for (OutgoingShipment.Line line : shipment.lines()) {
            if (line.confirmed() || line.serials().isEmpty()) {
                continue;
            }
            List<String> missing = line.serials().stream().filter(s -> !comments.contains(s)).toList();
            if (!missing.isEmpty()) {
                added.append(comments.isEmpty() && added.length() == 0 ? "" : "; ")
                        .append("SN ").append(line.channelSku() == null ? "" : line.channelSku() + ": ")
                        .append(String.join(", ", missing));
            }
            written.add(line.shipmentLineId());
        }
        if (added.length() > 0) {
            String updated = comments + added;
            if (updated.length() > ADMIN_COMMENTS_MAX) {
                throw new ShipmentRefusedException("The serials of shipment " + shipment.reference() + " do not fit in the "
                        + ADMIN_COMMENTS_MAX + " characters of BaseLinker order " + shipment.channelOrderId()
                        + "'s admin_comments: " + added);
            }
            http.call(connection, "setOrderFields", http.json().createObjectNode()
                    .put("order_id", order.path("order_id").asLong()).put("admin_comments", updated));
        }
        written.forEach(lineConfirmed::accept);
    }

    /** The carrier as BaseLinker's courier code or a custom courier name: at most 20 characters, "other" when none. */
    static String courierCode(String carrier) {
        if (carrier == null || carrier.isBlank()) {
            return "other";
        }
        String code = carrier.trim().toLowerCase(java.util.Locale.ROOT);
        return code.length() > COURIER_CODE_MAX ? code.substring(0, COURIER_CODE_MAX) : code;
    }
}
