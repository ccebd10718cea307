package dev.kanal.fulfilment;

import dev.kanal.connector.ChannelConnector;
import dev.kanal.connector.ChannelConnectors;
import dev.kanal.connector.ChannelShipmentWriter;
import dev.kanal.connector.OutgoingShipment;
import dev.kanal.messaging.QueueBacklog;
import dev.kanal.stock.AccountRef;
import dev.kanal.stock.ChannelAccounts;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code kanal.shipments} hop (routes/flows/shipments-out.camel.yaml): loads a shipment and
 * hands it to its channel's {@link ChannelShipmentWriter}. A shipment the channel confirmed
 * ({@code channel_confirmed_at}) or refused for good ({@code channel_error}) is skipped, so a
 * redelivered message does nothing; each line's part is recorded as soon as the channel holds it.
 * A refusal is recorded on the shipment (committed) and rethrown: the message goes to the
 * dead-letter queue at once.
 */
public class ShipmentWriter {

    private static final Logger log = LoggerFactory.getLogger(ShipmentWriter.class);

    private final JdbcTemplate jdbc;
    private final ChannelAccounts accounts;
    private final ChannelConnectors connectors;
    private final Clock clock;
    private final TransactionTemplate tx;
    private QueueBacklog backlog;
    private String shipmentsQueue;

    public ShipmentWriter(JdbcTemplate jdbc, TransactionTemplate tx, ChannelAccounts accounts, ChannelConnectors connectors,
                          Clock clock) {
        this.tx = tx;
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.connectors = connectors;
        this.clock = clock;
    }

    /** The sweep leaves owed shipments alone while this queue (the hop's) still holds messages. */
    public ShipmentWriter sweepingAfter(QueueBacklog backlog, String shipmentsQueue) {
        this.backlog = backlog;
        this.shipmentsQueue = shipmentsQueue;
        return this;
    }

    /** Unknown shipment id: nothing to send, ever. */
    public static class UnknownShipmentException extends RuntimeException implements dev.kanal.support.PermanentFailure {
        UnknownShipmentException(long id) {
            super("no shipment " + id);
        }
    }

    /**
     * Writes one shipment to its channel. The order's row is locked for the write, so two
     * shipments of one order (two parcels taken by two consumers) never go to the channel at the
     * same time: the second sees what the first did. A refusal is recorded with the write and then
     * thrown.
     *
     * @return true when the channel holds the shipment now (or did already)
     */
    public boolean write(long shipmentId) {
        Long orderId = jdbc.queryForList("SELECT order_id FROM shipment WHERE id = ?", Long.class, shipmentId).stream()
                .findFirst().orElseThrow(() -> new UnknownShipmentException(shipmentId));
        ChannelShipmentWriter.ShipmentRefusedException[] refused = new ChannelShipmentWriter.ShipmentRefusedException[1];
        Boolean held = tx.execute(status -> {
            jdbc.queryForList("SELECT id FROM sales_order WHERE id = ? FOR UPDATE", Long.class, orderId);
            try {
                return writeLocked(shipmentId);
            } catch (ChannelShipmentWriter.ShipmentRefusedException e) {
                refused[0] = e; // recorded by writeLocked; committed before it is thrown
                return false;
            }
        });
        if (refused[0] != null) {
            throw refused[0];
        }
        return Boolean.TRUE.equals(held);
    }

    private boolean writeLocked(long shipmentId) {
        List<Map<String, Object>> rows = jdbc.queryForList("""
                SELECT s.id, s.source_ref, s.carrier, s.tracking_number, s.tracking_url, s.shipped_at, s.channel_confirmed_at,
                       s.channel_error, o.id AS order_id, o.channel_order_id, c.code AS client, a.code AS account, a.channel_type
                  FROM shipment s JOIN sales_order o ON o.id = s.order_id JOIN client c ON c.id = o.client_id
                  JOIN channel_account a ON a.id = o.channel_account_id WHERE s.id = ?""", shipmentId);
        if (rows.isEmpty()) {
            throw new UnknownShipmentException(shipmentId);
        }
        Map<String, Object> s = rows.get(0);
        if (s.get("channel_confirmed_at") != null || s.get("channel_error") != null) {
            return s.get("channel_confirmed_at") != null;
        }
        long orderId = ((Number) s.get("order_id")).longValue();
        ChannelShipmentWriter writer = connectors.capability((String) s.get("channel_type"), ChannelConnector::shipmentWriter)
                .orElse(null);
        if (writer == null) {
            refuse(shipmentId, orderId, "no shipment writer for channel type " + s.get("channel_type"));
            return false;
        }
        boolean completes = jdbc.queryForObject("""
                SELECT COUNT(*) FROM order_line WHERE order_id = ? AND shipped_quantity < quantity - missing_quantity - cancelled_quantity""",
                Integer.class, orderId) == 0;
        List<OutgoingShipment.Line> lines = new ArrayList<>();
        jdbc.query("""
                SELECT sl.id, l.channel_line_id, l.channel_sku, sl.quantity, l.quantity, sl.channel_confirmed_at
                  FROM shipment_line sl JOIN order_line l ON l.id = sl.order_line_id WHERE sl.shipment_id = ? ORDER BY l.line_no""",
                rs -> {
                    long lineId = rs.getLong(1);
                    lines.add(new OutgoingShipment.Line(lineId, rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5),
                            jdbc.queryForList("SELECT serial FROM shipped_unit WHERE shipment_line_id = ? ORDER BY id", String.class, lineId),
                            rs.getTimestamp(6) != null));
                }, shipmentId);
        List<OutgoingShipment.Parcel> parcels = jdbc.query(
                "SELECT carrier, tracking_number, tracking_url FROM shipment WHERE order_id = ? ORDER BY id",
                (rs, n) -> new OutgoingShipment.Parcel(rs.getString(1), rs.getString(2), rs.getString(3)), orderId);
        OutgoingShipment shipment = new OutgoingShipment(shipmentId, (String) s.get("channel_order_id"), (String) s.get("source_ref"),
                (String) s.get("carrier"), (String) s.get("tracking_number"), (String) s.get("tracking_url"),
                ((Timestamp) s.get("shipped_at")).toInstant(), completes, lines, parcels);
        AccountRef ref = new AccountRef((String) s.get("client"), (String) s.get("account"));
        try {
            writer.write(accounts.connection(ref), shipment, lineId -> jdbc.update(
                    "UPDATE shipment_line SET channel_confirmed_at = ? WHERE id = ? AND channel_confirmed_at IS NULL", now(), lineId));
        } catch (ChannelShipmentWriter.ShipmentRefusedException refused) {
            refuse(shipmentId, orderId, refused.getMessage());
            throw refused;
        }
        Timestamp now = now();
        jdbc.update("UPDATE shipment SET channel_confirmed_at = ? WHERE id = ? AND channel_confirmed_at IS NULL", now, shipmentId);
        jdbc.update("INSERT INTO order_event (order_id, type, detail, created_at) VALUES (?, 'SHIPMENT_ON_CHANNEL', ?, ?)", orderId,
                shipment.reference() + (shipment.trackingNumber() == null ? "" : " " + shipment.trackingNumber()), now);
        log.info("Shipment {} ({}) of order {} is on {}", shipmentId, shipment.reference(), orderId, ref);
        return true;
    }

    /**
     * Shipments still owed to their channel, recorded over a minute ago: the sweep's list. Nothing
     * while {@code kanal.shipments} still holds messages: the hop is working off a backlog (a
     * channel's budget spent), the owed shipments are in it, and sending them again would only
     * double the queue (a 5,000 burst at Back Market's limit re-sent 2,000).
     */
    public List<Long> owed() {
        if (backlog != null && backlog.waiting(shipmentsQueue)) {
            return List.of();
        }
        return owed(Duration.ofMinutes(1));
    }

    /**
     * Shipments still owed to their channel (recorded more than {@code olderThan} ago): the sweep
     * sends them again. Only those of clients configured here: a client taken out of clients/
     * keeps what it is owed until it is back, instead of a dead letter every sweep.
     */
    public List<Long> owed(Duration olderThan) {
        List<String> configured = accounts.all().stream().map(AccountRef::client).distinct().toList();
        if (configured.isEmpty()) {
            return List.of();
        }
        List<Object> args = new ArrayList<>(configured);
        args.add(Timestamp.from(clock.instant().minus(olderThan)));
        return jdbc.queryForList("""
                SELECT s.id FROM shipment s JOIN sales_order o ON o.id = s.order_id JOIN client c ON c.id = o.client_id
                 WHERE c.code IN (%s) AND s.channel_confirmed_at IS NULL AND s.channel_error IS NULL AND s.created_at < ?
                 ORDER BY s.id FETCH FIRST 500 ROWS ONLY""".formatted(String.join(", ", java.util.Collections.nCopies(configured.size(), "?"))),
                Long.class, args.toArray());
    }

    private void refuse(long shipmentId, long orderId, String reason) {
        String text = reason == null ? "refused" : reason.length() > 1000 ? reason.substring(0, 1000) : reason;
        Timestamp now = now();
        jdbc.update("UPDATE shipment SET channel_error = ? WHERE id = ?", text, shipmentId);
        jdbc.update("INSERT INTO order_event (order_id, type, detail, created_at) VALUES (?, 'SHIPMENT_REFUSED', ?, ?)", orderId, text, now);
        log.warn("Shipment {} of order {} refused by its channel: {}", shipmentId, orderId, text);
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }
}
