package dev.kanal.fulfilment;

import dev.kanal.connector.subiekt.SourceStockRow;
import dev.kanal.inventory.RecalculationRequests;
import dev.kanal.inventory.SourceStockSync;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records a shipment reported by a source, in one transaction (docs/decisions/0018):
 * <ol>
 *   <li>the shipment and its lines, keyed by {@code (order, source reference)}: the same ERP
 *       document read again finds its shipment and changes nothing;</li>
 *   <li>the shipped units' allocations consumed (status SHIPPED, closed_at set): the ERP's stock
 *       fell when it issued the document, so from this commit on only the ERP stock subtracts
 *       them; Kanal's copy of that stock is set from the ERP's current level in the same commit
 *       ({@link SourceStockSync#refresh}), so no stock poll has to come first;</li>
 *   <li>a shipping tool's shipment (source ADMIN, decision 0020) has no ERP document: its
 *       allocations stay OPEN (units awaiting the ERP) until the ERP's own document for the order
 *       is recorded;</li>
 *   <li>a source shop's shipment (source SHOP, decision 0044) ships what its order still holds:
 *       the shop's stock fell when it took the order, and the allocations were consumed then;</li>
 *   <li>each shipped serial recorded on its order line ({@code shipped_unit}) and, when Kanal
 *       tracks the unit, moved to the client's {@code sold} status;</li>
 *   <li>the order SHIPPED once every line has shipped (else it stays, with a PARTIALLY_SHIPPED
 *       event), an order_event, and recalculation requests for the SKUs.</li>
 * </ol>
 * A unit shipped beyond what a line ordered is not recorded on it (the event says so). The
 * decisions themselves are {@link ShipmentPlanner}'s.
 */
public class ShipmentRecorder {

    public static final String SOLD_STATUS = "sold";

    /** A shipment as its source reports it. {@code orderRef} (the ZK) or {@code reference} ({@code account:channel order id}) finds the order. */
    public record Report(String client, String source, String sourceRef, String orderRef, String reference, String carrier,
                         String trackingNumber, String trackingUrl, Instant shippedAt, List<Line> lines) {
    }

    public record Line(String sku, int quantity, List<String> serials) {
    }

    /**
     * @param shipmentId null when no Kanal order matched (a sale the ERP made itself)
     * @param created    false when the shipment was recorded before (a re-read)
     */
    public record Outcome(Long shipmentId, Long orderId, boolean created, boolean orderShipped, List<String> skus) {
        static Outcome foreign() {
            return new Outcome(null, null, false, false, List.of());
        }

        Outcome withSkus(Collection<String> more) {
            Set<String> all = new LinkedHashSet<>(skus);
            all.addAll(more);
            return new Outcome(shipmentId, orderId, created, orderShipped, List.copyOf(all));
        }
    }

    /** The ERP's current stock rows of some SKUs (all their warehouses), read while the shipment is recorded. */
    @FunctionalInterface
    public interface ErpStock {
        List<SourceStockRow> current(Collection<String> skus);
    }

    /** A shipping-tool shipment for an order with nothing left to ship: a per-row error, nothing recorded. */
    public static class NothingToShipException extends IllegalArgumentException {
        NothingToShipException(String message) {
            super(message);
        }
    }

    public static final String ERP = "ERP";
    public static final String ADMIN = "ADMIN";
    public static final String SHOP = "SHOP";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final SourceStockSync stockSync;

    /** Without a stock sync: ERP shipments do not refresh Kanal's copy of the ERP stock (unit tests of the recording only). */
    public ShipmentRecorder(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock) {
        this(jdbc, tx, clock, null);
    }

    public ShipmentRecorder(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock, SourceStockSync stockSync) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.stockSync = stockSync;
    }

    /** A shipment with no ERP stock to refresh (a shipping tool's). */
    public Outcome record(Report report) {
        return record(report, null);
    }

    /** @param erpStock reads the ERP's current stock of the document's SKUs (source ERP), or null */
    public Outcome record(Report report, ErpStock erpStock) {
        return tx.execute(status -> {
            Outcome outcome = recordInTransaction(report, clock.instant());
            return outcome.created() ? outcome.withSkus(refresh(report.client(), List.of(report), erpStock)) : outcome;
        });
    }

    /**
     * Several documents of one ERP read in one transaction: one commit, one read of the ERP's stock
     * and one refresh of Kanal's copy for all their SKUs, instead of one each (a burst of shipments
     * is recorded several times faster). All or nothing: the caller records them one by one when a
     * group fails, so one bad document fails alone.
     *
     * @param detectedAt when the ERP read that returned them answered
     * @return the outcomes in the reports' order, and the SKUs whose stock changed for the group
     */
    public Group recordAll(List<Report> reports, Instant detectedAt, ErpStock erpStock) {
        return tx.execute(status -> {
            List<Outcome> outcomes = new ArrayList<>(reports.size());
            List<Report> created = new ArrayList<>();
            Set<String> skus = new LinkedHashSet<>();
            for (Report report : reports) {
                Outcome outcome = recordInTransaction(report, detectedAt);
                outcomes.add(outcome);
                if (outcome.created()) {
                    created.add(report);
                    skus.addAll(outcome.skus());
                }
            }
            if (!created.isEmpty()) {
                skus.addAll(refresh(created.get(0).client(), created, erpStock));
            }
            return new Group(outcomes, List.copyOf(skus));
        });
    }

    /** What {@link #recordAll} recorded: each report's outcome, and every SKU to announce. */
    public record Group(List<Outcome> outcomes, List<String> skus) {
    }

    /** The ERP counted the documents, whichever poll came first: Kanal's copy of its stock falls in this commit too. */
    private Set<String> refresh(String client, List<Report> reports, ErpStock erpStock) {
        List<Report> fromErp = reports.stream().filter(r -> ERP.equals(r.source())).toList();
        if (fromErp.isEmpty() || erpStock == null || stockSync == null) {
            return Set.of();
        }
        List<String> documentSkus = fromErp.stream().flatMap(r -> r.lines().stream()).map(Line::sku).distinct().toList();
        return stockSync.refresh(client, () -> erpStock.current(documentSkus));
    }

    private Outcome recordInTransaction(Report report, Instant detectedAt) {
        Long clientId = single(jdbc.queryForList("SELECT id FROM client WHERE code = ?", Long.class, report.client()));
        if (clientId == null) {
            throw new IllegalArgumentException("unknown client " + report.client());
        }
        Long orderId = findOrder(clientId, report);
        if (orderId == null) {
            return Outcome.foreign();
        }
        jdbc.queryForList("SELECT id FROM sales_order WHERE id = ? FOR UPDATE", Long.class, orderId);
        Long existing = single(jdbc.queryForList("SELECT id FROM shipment WHERE order_id = ? AND source_ref = ?", Long.class,
                orderId, report.sourceRef()));
        if (existing != null) {
            return new Outcome(existing, orderId, false, false, List.of());
        }
        Timestamp now = Timestamp.from(clock.instant());
        Timestamp detected = Timestamp.from(detectedAt.isAfter(now.toInstant()) ? now.toInstant() : detectedAt);
        Timestamp shippedAt = report.shippedAt() == null ? now : Timestamp.from(report.shippedAt());
        boolean fromErp = ERP.equals(report.source());
        ShipmentPlanner.Issuer issuer = fromErp ? ShipmentPlanner.Issuer.ERP
                : SHOP.equals(report.source()) ? ShipmentPlanner.Issuer.SHOP : ShipmentPlanner.Issuer.SHIPPING_TOOL;
        // cancelled units are not to ship: a line is as long as what is left of it
        List<ShipmentPlanner.OrderLine> lines = jdbc.query("""
                SELECT l.id, k.code, l.quantity - l.cancelled_quantity, l.missing_quantity, l.shipped_quantity, l.awaiting_erp_quantity
                  FROM order_line l LEFT JOIN sku k ON k.id = l.sku_id WHERE l.order_id = ? ORDER BY l.line_no""",
                (rs, n) -> new ShipmentPlanner.OrderLine(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getInt(5),
                        rs.getInt(6)), orderId);
        Map<Long, List<ShipmentPlanner.OpenAllocation>> open = new HashMap<>();
        jdbc.query("""
                SELECT a.order_line_id, a.id, a.quantity, si.serial FROM allocation a JOIN order_line l ON l.id = a.order_line_id
                  LEFT JOIN serialized_item si ON si.id = a.serialized_item_id
                 WHERE l.order_id = ? AND a.status = 'OPEN' ORDER BY a.id""", rs -> {
            open.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                    .add(new ShipmentPlanner.OpenAllocation(rs.getLong(2), rs.getInt(3), rs.getString(4)));
        }, orderId); // the order row lock serializes shipments of its lines
        ShipmentPlanner.Plan plan = ShipmentPlanner.plan(issuer, lines, open, report.lines().stream()
                .map(l -> new ShipmentPlanner.Shipped(l.sku(), l.quantity(), l.serials())).toList());
        if (!fromErp && plan.lines().isEmpty()) {
            throw new NothingToShipException("order " + (report.reference() != null ? report.reference() : orderId)
                    + " has no unshipped units" + (report.lines().isEmpty() ? "" : " of the SKUs named")
                    + (plan.notes().isEmpty() ? "" : " (" + String.join("; ", plan.notes()) + ")"));
        }
        // an ERP document that only issues units shipped earlier outside the ERP has nothing new for the channel
        boolean nothingForChannel = plan.lines().isEmpty();
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(con -> {
            var ps = con.prepareStatement("""
                    INSERT INTO shipment (order_id, source, source_ref, carrier, tracking_number, tracking_url, serials, shipped_at, created_at,
                                          channel_confirmed_at, detected_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", new String[] {"id"});
            ps.setLong(1, orderId);
            ps.setString(2, report.source());
            ps.setString(3, report.sourceRef());
            ps.setString(4, report.carrier() == null || report.carrier().isBlank() ? "unknown" : report.carrier());
            ps.setString(5, report.trackingNumber());
            ps.setString(6, report.trackingUrl());
            List<String> all = plan.lines().stream().flatMap(l -> l.serials().stream()).toList();
            ps.setString(7, all.isEmpty() ? null : String.join(",", all));
            ps.setTimestamp(8, shippedAt);
            ps.setTimestamp(9, now);
            ps.setTimestamp(10, nothingForChannel ? now : null);
            ps.setTimestamp(11, detected);
            return ps;
        }, key);
        long shipmentId = key.getKey().longValue();
        Set<String> skus = new LinkedHashSet<>();
        Long soldStatus = null;
        for (ShipmentPlanner.LinePlan line : plan.lines()) {
            skus.add(line.sku());
            GeneratedKeyHolder lineKey = new GeneratedKeyHolder();
            jdbc.update(con -> {
                var ps = con.prepareStatement("INSERT INTO shipment_line (shipment_id, order_line_id, quantity) VALUES (?, ?, ?)",
                        new String[] {"id"});
                ps.setLong(1, shipmentId);
                ps.setLong(2, line.orderLineId());
                ps.setInt(3, line.units());
                return ps;
            }, lineKey);
            long shipmentLineId = lineKey.getKey().longValue();
            jdbc.update("UPDATE order_line SET shipped_quantity = shipped_quantity + ?, awaiting_erp_quantity = awaiting_erp_quantity + ? "
                    + "WHERE id = ?", line.units(), line.awaitingErp(), line.orderLineId());
            for (String serial : line.serials()) {
                Long item = single(jdbc.queryForList("SELECT id FROM serialized_item WHERE client_id = ? AND serial = ?",
                        Long.class, clientId, serial));
                if (item != null) {
                    soldStatus = soldStatus != null ? soldStatus : soldStatus(clientId);
                    jdbc.update("UPDATE serialized_item SET inventory_status_id = ?, updated_at = ? WHERE id = ?", soldStatus, now, item);
                }
                jdbc.update("INSERT INTO shipped_unit (shipment_line_id, order_line_id, serial, serialized_item_id) VALUES (?, ?, ?, ?)",
                        shipmentLineId, line.orderLineId(), serial, item);
            }
            consume(line.consumed(), now);
        }
        for (ShipmentPlanner.Settled settled : plan.settled()) {
            skus.add(settled.sku());
            jdbc.update("UPDATE order_line SET awaiting_erp_quantity = awaiting_erp_quantity - ? WHERE id = ?", settled.units(),
                    settled.orderLineId());
            consume(settled.consumed(), now);
        }
        boolean complete = plan.complete();
        String detail = report.sourceRef() + ": " + (report.carrier() == null ? "unknown carrier" : report.carrier())
                + (report.trackingNumber() == null ? "" : " " + report.trackingNumber())
                + (plan.notes().isEmpty() ? "" : "; " + String.join("; ", plan.notes()));
        if (complete && !plan.lines().isEmpty()) {
            jdbc.update("UPDATE sales_order SET status = 'SHIPPED', updated_at = ?, version = version + 1 WHERE id = ? AND status IN "
                    + "('RECEIVED', 'HELD', 'ACCEPTED', 'AWAITING_PAYMENT', 'IN_ERP')", now, orderId);
        }
        if (!plan.lines().isEmpty()) {
            event(orderId, complete ? "SHIPPED" : "PARTIALLY_SHIPPED", detail, now);
        }
        if (!plan.settled().isEmpty() || plan.lines().isEmpty()) {
            event(orderId, "ERP_ISSUED", report.sourceRef() + ": " + plan.settled().stream().mapToInt(ShipmentPlanner.Settled::units).sum()
                    + " unit(s) shipped earlier outside the ERP now issued by it"
                    + (plan.notes().isEmpty() ? "" : "; " + String.join("; ", plan.notes())), now);
        }
        RecalculationRequests.record(jdbc, report.client(), skus);
        confirmIfShippedByChannel(orderId, shipmentId, now);
        return new Outcome(shipmentId, orderId, true, complete, List.copyOf(skus));
    }

    /**
     * erp-push: on-completed (docs/decisions/0021): the shop already shipped and completed the
     * order on its channel, so the ERP's document only consumes the allocations (above); nothing
     * goes back to the channel. The shipment and its lines are confirmed at once, so the shipment
     * writer and its sweep find nothing to send.
     */
    private void confirmIfShippedByChannel(long orderId, long shipmentId, Timestamp now) {
        if (jdbc.queryForObject("SELECT COUNT(*) FROM sales_order WHERE id = ? AND shipped_by_channel_at IS NOT NULL",
                Integer.class, orderId) == 0) {
            return;
        }
        jdbc.update("UPDATE shipment_line SET channel_confirmed_at = ? WHERE shipment_id = ?", now, shipmentId);
        jdbc.update("UPDATE shipment SET channel_confirmed_at = ? WHERE id = ?", now, shipmentId);
    }

    private void event(long orderId, String type, String detail, Timestamp now) {
        jdbc.update("INSERT INTO order_event (order_id, type, detail, created_at) VALUES (?, ?, ?, ?)", orderId, type,
                detail.length() > 1024 ? detail.substring(0, 1024) : detail, now);
    }

    /** Closes allocations as SHIPPED; a partly consumed one is split (the rest stays OPEN). */
    private void consume(List<ShipmentPlanner.Consume> consumed, Timestamp now) {
        for (ShipmentPlanner.Consume c : consumed) {
            if (c.whole()) {
                jdbc.update("UPDATE allocation SET status = 'SHIPPED', closed_at = ? WHERE id = ?", now, c.allocationId());
            } else {
                jdbc.update("UPDATE allocation SET quantity = quantity - ? WHERE id = ?", c.units(), c.allocationId());
                jdbc.update("""
                        INSERT INTO allocation (order_line_id, sku_id, variation_id, warehouse_id, serialized_item_id, quantity, status, created_at, closed_at)
                        SELECT order_line_id, sku_id, variation_id, warehouse_id, NULL, ?, 'SHIPPED', created_at, ? FROM allocation WHERE id = ?""",
                        c.units(), now, c.allocationId());
            }
        }
    }

    private Long findOrder(long clientId, Report report) {
        if (report.orderRef() != null) {
            Long byRef = single(jdbc.queryForList("SELECT id FROM sales_order WHERE client_id = ? AND erp_order_ref = ?", Long.class,
                    clientId, report.orderRef()));
            if (byRef != null) {
                return byRef;
            }
        }
        if (report.reference() == null || !report.reference().contains(":")) {
            return null;
        }
        int colon = report.reference().indexOf(':');
        return single(jdbc.queryForList("""
                SELECT o.id FROM sales_order o JOIN channel_account a ON a.id = o.channel_account_id
                 WHERE o.client_id = ? AND a.code = ? AND o.channel_order_id = ?""", Long.class,
                clientId, report.reference().substring(0, colon), report.reference().substring(colon + 1)));
    }

    /** The client's sold status, created on first use; no channel account lists it, so sold units count nowhere. */
    private long soldStatus(long clientId) {
        Long id = single(jdbc.queryForList("SELECT id FROM inventory_status WHERE client_id = ? AND code = ?", Long.class,
                clientId, SOLD_STATUS));
        if (id != null) {
            return id;
        }
        jdbc.update("INSERT INTO inventory_status (client_id, code, name) VALUES (?, ?, ?)", clientId, SOLD_STATUS, "Sold");
        return jdbc.queryForObject("SELECT id FROM inventory_status WHERE client_id = ? AND code = ?", Long.class, clientId, SOLD_STATUS);
    }

    private static Long single(List<Long> ids) {
        return ids.isEmpty() ? null : ids.get(0);
    }
}
