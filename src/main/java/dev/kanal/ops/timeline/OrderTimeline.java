package dev.kanal.ops.timeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An order's timeline: every hop it made with its time, from the channel to the ERP and back
 * (received and translated, allocated, acknowledged on the channel, in the ERP, shipped, confirmed
 * by the channel, delivered, cancelled, returned, refunded, invoiced…), and the channel payload it
 * came with. Read-only: the order's row and the events every hop records (order_event).
 */
public class OrderTimeline {

    /**
     * The timeline of one order.
     *
     * @param order          the order now: id, client, account, channel order id, status, hold reason, ERP reference
     * @param hops           every hop, oldest first
     * @param channelPayload the order as the channel sent it (JSON when it parses, else the text)
     */
    public record Timeline(Map<String, Object> order, List<Hop> hops, Object channelPayload) {
    }

    /** Event types with a plainer name; every other type is shown as its own words. */
    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("CHANNEL_ACCEPTED", "acknowledged (accepted on the channel)"),
            Map.entry("CHANNEL_REFUSED", "acknowledged (refused on the channel)"),
            Map.entry("ACK_FAILED", "acknowledgement failed"),
            Map.entry("ACK_DEFERRED", "acknowledgement deferred"),
            Map.entry("IN_ERP", "in ERP"),
            Map.entry("ERP_REFUSED", "refused by the ERP"),
            Map.entry("SHIPMENT_ON_CHANNEL", "shipment confirmed by the channel"),
            Map.entry("SHIPMENT_REFUSED", "shipment refused by the channel"),
            Map.entry("PARCEL_DELIVERED", "delivered"),
            Map.entry("PARCEL_IN_TRANSIT", "in transit"),
            Map.entry("INVOICE_ON_CHANNEL", "invoice on the channel"),
            Map.entry("CANCELLED_ON_CHANNEL", "cancelled on the channel"));

    private final JdbcTemplate jdbc;
    private final ObjectMapper json = new ObjectMapper();

    public OrderTimeline(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The order's timeline; empty when the client has no such order. */
    public Optional<Timeline> of(String client, long orderId) {
        List<Map<String, Object>> rows = jdbc.queryForList("""
                SELECT o.id, c.code AS client, a.code AS account, a.channel_type AS channel, o.channel_order_id,
                       o.channel_status, o.mapped_status, o.status, o.hold_reason, o.erp_order_ref, o.received_via,
                       o.received_at, o.channel_payload
                  FROM sales_order o JOIN client c ON c.id = o.client_id JOIN channel_account a ON a.id = o.channel_account_id
                 WHERE c.code = ? AND o.id = ?""", client, orderId);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> order = new LinkedHashMap<>(rows.get(0));
        Object payload = order.remove("channel_payload");
        Instant received = ((Timestamp) order.get("received_at")).toInstant();
        List<Hop> hops = new ArrayList<>();
        String via = order.get("received_via") == null ? "" : " via " + order.get("received_via");
        hops.add(new Hop(received, "received", "received_at", "channel status " + order.get("channel_status") + via));
        // import and translation are one transaction: the translated order is stored as it is received
        hops.add(new Hop(received, "translated", "received_at", order.get("mapped_status") == null
                ? "channel status not mapped" : "mapped to " + order.get("mapped_status")));
        jdbc.query("SELECT type, detail, created_at FROM order_event WHERE order_id = ? ORDER BY created_at, id",
                rs -> {
                    String type = rs.getString(1);
                    hops.add(new Hop(rs.getTimestamp(3).toInstant(), name(type), type, rs.getString(2)));
                }, orderId);
        hops.sort(Comparator.comparing(Hop::at)); // stable: the two first hops and same-time events keep their order
        return Optional.of(new Timeline(order, hops, parsed(payload)));
    }

    static String name(String type) {
        String known = NAMES.get(type);
        return known != null ? known : type.toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    private Object parsed(Object payload) {
        if (payload == null) {
            return null;
        }
        try {
            return json.readTree(payload.toString());
        } catch (Exception notJson) {
            return payload.toString(); // kept as received: a payload that failed to parse is still evidence
        }
    }
}
