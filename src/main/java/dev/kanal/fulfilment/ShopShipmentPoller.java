package dev.kanal.fulfilment;

import dev.kanal.changes.ShopOrderCancellations;
import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.connector.SourceCancelledOrder;
import dev.kanal.connector.SourceConnector;
import dev.kanal.connector.SourceConnectors;
import dev.kanal.connector.SourceFinishedOrder;
import dev.kanal.connector.SourceShipment;
import dev.kanal.ops.health.FailureClassifier;
import dev.kanal.ops.health.HealthRecorder;
import dev.kanal.orders.ShopOrderWriter;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One poll of a shop source for the orders Kanal wrote to it that the shop finished with
 * (routes/templates/shop-shipment-poll.camel.yaml, docs/decisions/0044, 0049): the shop's
 * completed, cancelled and refunded orders modified since the last poll (less {@link #OVERLAP}:
 * the shop's dates have whole seconds and its clock is not Kanal's), in one read. A completed one
 * is recorded by {@link ShipmentRecorder} as a shipment of source SHOP keyed by the shop's order
 * ({@code shop:<id>}); a cancelled one the staff cancelled while Kanal's order was open becomes a
 * TO_CHANNEL cancellation ({@link ShopOrderCancellations}, key {@code shop-cancelled:<id>}). Both
 * are keyed, so a re-read records nothing twice. Answers what was recorded now, for the route to
 * hand to {@code kanal.shipments} and {@code kanal.order.changes}.
 *
 * <p><b>Kanal's own cancellations</b> set the shop order cancelled too; they are told apart under
 * the client's writer lock. While Kanal's order has a change in flight the cancelled shop order is
 * read again by every poll (the cursor does not pass it), up to {@link #CHANGE_GRACE}.
 *
 * <p><b>Tracking.</b> A completed order without tracking waits up to {@link #TRACKING_GRACE}
 * after its completion (staff often complete first and add the tracking a moment later) and is
 * read again by every poll meanwhile: the cursor does not pass it. After that it is recorded
 * without tracking; a channel that needs one refuses it with that reason (dead-lettered).
 *
 * <p><b>Calls.</b> One call a page of finished orders (completed, cancelled and refunded alike),
 * on the source's budget; none while the client has no open order in the shop (nothing there can
 * ship or be cancelled), when the cursor simply moves on. The first poll starts from the oldest open order's arrival.
 */
public class ShopShipmentPoller {

    private static final Logger log = LoggerFactory.getLogger(ShopShipmentPoller.class);

    /** How far before the last poll's start the next one reads again. */
    static final Duration OVERLAP = Duration.ofMinutes(1);
    /** How long a completed order without tracking waits for it. */
    static final Duration TRACKING_GRACE = Duration.ofMinutes(30);
    /** How long a cancelled shop order is read again while Kanal's order has a change in flight. */
    static final Duration CHANGE_GRACE = Duration.ofMinutes(30);

    /** What one poll recorded: shipments for {@code kanal.shipments}, order changes for {@code kanal.order.changes}. */
    public record Poll(List<Long> shipments, List<Long> changes) {
        static final Poll NOTHING = new Poll(List.of(), List.of());
    }

    private static final String OPEN = "('RECEIVED', 'HELD', 'ACCEPTED', 'AWAITING_PAYMENT', 'IN_ERP')";

    private final JdbcTemplate jdbc;
    private final ClientRegistry clients;
    private final SourceConnectors connectors;
    private final ShipmentRecorder recorder;
    private final ShopOrderCancellations cancellations;
    private final HealthRecorder health;
    private final Clock clock;

    public ShopShipmentPoller(JdbcTemplate jdbc, ClientRegistry clients, SourceConnectors connectors, ShipmentRecorder recorder,
            ShopOrderCancellations cancellations, HealthRecorder health, Clock clock) {
        this.jdbc = jdbc;
        this.clients = clients;
        this.connectors = connectors;
        this.recorder = recorder;
        this.cancellations = cancellations;
        this.health = health;
        this.clock = clock;
    }

    /** One poll: the ids of the shipments and of the order changes recorded now. */
    public Poll poll(String clientCode) {
        ClientConfig client = clients.require(clientCode);
        Optional<SourceConnector> shop = client.source() == null ? Optional.empty() : connectors.find(client.source().type());
        if (shop.isEmpty()) {
            return Poll.NOTHING; // not a shop source: its ERP's documents are polled instead
        }
        long clientId = jdbc.queryForObject("SELECT id FROM client WHERE code = ?", Long.class, clientCode);
        Instant now = clock.instant();
        Instant cursor = jdbc.queryForList("SELECT read_after FROM source_order_cursor WHERE client_id = ?", Timestamp.class, clientId)
                .stream().findFirst().map(Timestamp::toInstant).orElse(null);
        Instant oldestOpen = oldestOpenInShop(client, clientId);
        if (oldestOpen == null) {
            moveCursor(clientId, cursor, now); // nothing of Kanal's open in the shop: nothing there can ship or be cancelled
            return Poll.NOTHING;
        }
        Instant since = (cursor != null ? cursor : oldestOpen).minus(OVERLAP);
        List<Long> shipments = new ArrayList<>();
        List<Long> changes = new ArrayList<>();
        Instant[] holdAt = {null};
        try {
            shop.get().readFinished(clientCode, client.source(), since, page -> {
                for (SourceFinishedOrder finished : page) {
                    Instant modified = finished.modifiedAt() != null ? finished.modifiedAt() : now;
                    boolean again;
                    if (finished instanceof SourceShipment shipped) {
                        again = !due(shipped, now);
                        Long shipment = again ? null : record(clientCode, clientId, shipped);
                        if (shipment != null) {
                            shipments.add(shipment);
                        }
                    } else {
                        SourceCancelledOrder cancelled = (SourceCancelledOrder) finished;
                        ShopOrderCancellations.Outcome outcome = cancellations.confirm(clientCode, clientId, cancelled);
                        again = outcome.decision() == ShopOrderCancellations.Decision.WAIT && waitsFor(cancelled, outcome, now);
                        if (outcome.changeId() != null) {
                            changes.add(outcome.changeId());
                        }
                    }
                    if (again) {
                        holdAt[0] = holdAt[0] == null || modified.isBefore(holdAt[0]) ? modified : holdAt[0];
                    }
                }
            });
        } catch (RuntimeException e) {
            health.sourcePollFailed(clientCode, FailureClassifier.classify(e, null));
            throw e;
        }
        moveCursor(clientId, cursor, holdAt[0] != null && holdAt[0].isBefore(now) ? holdAt[0] : now);
        health.sourcePolled(clientCode);
        return new Poll(List.copyOf(shipments), List.copyOf(changes));
    }

    /** Whether a cancelled shop order is read again while Kanal's order has a change in flight: within the grace, else logged. */
    private boolean waitsFor(SourceCancelledOrder cancelled, ShopOrderCancellations.Outcome outcome, Instant now) {
        if (waiting(cancelled, now)) {
            return true;
        }
        log.warn("Shop order {} was {} in the shop over {} ago, and order {} still has a change pending: Kanal no longer reads it; "
                + "an operator decides whether to cancel the order on its channel", cancelled.orderRef(), cancelled.status(), CHANGE_GRACE,
                outcome.orderId());
        return false;
    }

    /** Whether a cancelled shop order Kanal could not decide on yet is still within {@link #CHANGE_GRACE} of its cancellation. */
    static boolean waiting(SourceCancelledOrder cancelled, Instant now) {
        return cancelled.modifiedAt() == null || cancelled.modifiedAt().plus(CHANGE_GRACE).isAfter(now);
    }

    /** Whether a completed order is recorded now: with its tracking, or without once the grace is over. */
    static boolean due(SourceShipment shipped, Instant now) {
        return shipped.tracked() || shipped.shippedAt() == null || !shipped.shippedAt().plus(TRACKING_GRACE).isAfter(now);
    }

    /** Records one completed order in its own transaction; the new shipment's id, or null (recorded before, or nothing to ship). */
    private Long record(String clientCode, long clientId, SourceShipment shipped) {
        String reference = ShopOrderWriter.SHOP_REF + shipped.orderRef();
        if (!jdbc.queryForList("""
                SELECT s.id FROM shipment s JOIN sales_order o ON o.id = s.order_id WHERE o.client_id = ? AND s.source_ref = ?""",
                Long.class, clientId, reference).isEmpty()) {
            return null; // the overlap: recorded by an earlier poll
        }
        // by the shop's order id Kanal stored, or by the channel reference written on it when an attempt's answer was lost
        ShipmentRecorder.Report report = new ShipmentRecorder.Report(clientCode, ShipmentRecorder.SHOP, reference, reference,
                shipped.reference(), shipped.carrier(), shipped.trackingNumber(), shipped.trackingUrl(), shipped.shippedAt(), List.of());
        ShipmentRecorder.Outcome outcome;
        try {
            outcome = recorder.record(report);
        } catch (ShipmentRecorder.NothingToShipException e) {
            log.warn("Shop order {} of {} was completed in the shop, but Kanal's order holds nothing left to ship: {}", shipped.orderRef(),
                    clientCode, e.getMessage());
            return null;
        }
        if (outcome.shipmentId() == null || !outcome.created()) {
            return null;
        }
        jdbc.update("UPDATE sales_order SET erp_order_ref = ? WHERE id = ? AND erp_order_ref IS NULL", reference, outcome.orderId());
        log.info("Shipment {} of order {} recorded from shop order {} of {} ({} {})", outcome.shipmentId(), outcome.orderId(),
                shipped.orderRef(), clientCode, shipped.carrier() == null ? "no carrier" : shipped.carrier(),
                shipped.tracked() ? shipped.trackingNumber() : "without tracking");
        return outcome.shipmentId();
    }

    /**
     * When the oldest of the client's open orders that are (or may be) in the shop arrived; null
     * when there is none. The shop's own orders (a channel account that is the source shop) are
     * not Kanal's to follow: the shop ships them on its channel side.
     */
    private Instant oldestOpenInShop(ClientConfig client, long clientId) {
        Instant oldest = null;
        for (var row : jdbc.queryForList("""
                SELECT a.code AS account, MIN(o.received_at) AS received FROM sales_order o
                  JOIN channel_account a ON a.id = o.channel_account_id
                 WHERE o.client_id = ? AND o.status IN %s AND (o.erp_order_ref LIKE 'shop:%%' OR o.erp_order_ref IS NULL AND o.erp_attempts > 0)
                 GROUP BY a.code""".formatted(OPEN), clientId)) {
            if (ShopOrderWriter.isTheSourceShop(client, (String) row.get("account"))) {
                continue;
            }
            Instant received = ((Timestamp) row.get("received")).toInstant();
            oldest = oldest == null || received.isBefore(oldest) ? received : oldest;
        }
        return oldest;
    }

    private void moveCursor(long clientId, Instant before, Instant to) {
        if (before == null) {
            jdbc.update("INSERT INTO source_order_cursor (client_id, read_after) VALUES (?, ?)", clientId, Timestamp.from(to));
        } else {
            jdbc.update("UPDATE source_order_cursor SET read_after = ? WHERE client_id = ?", Timestamp.from(to), clientId);
        }
    }
}
