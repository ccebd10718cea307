package dev.kanal.orders;

import dev.kanal.client.config.ClientRegistry;
import dev.kanal.client.config.SourceConfig;
import dev.kanal.client.config.SourceType;
import dev.kanal.connector.SourceOrder;
import dev.kanal.connector.subiekt.ErpOrder;
import dev.kanal.connector.subiekt.ErpOrderInfo;
import dev.kanal.connector.subiekt.SubiektGatewayClient;
import dev.kanal.connector.subiekt.SubiektGatewayException;
import dev.kanal.inventory.RecalculationRequests;
import dev.kanal.inventory.StockChangePublisher;
import dev.kanal.inventory.StockChanged;
import dev.kanal.support.AfterCommit;
import dev.kanal.support.PermanentFailure;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Cancels an order, or some units of its lines, before they shipped (on the channel, in the ERP,
 * unpaid too long, or by an operator): releases their allocations, corrects the ERP and announces
 * the released SKUs.
 *
 * <p><b>Units.</b> A line's units are shipped + allocated (OPEN) + missing + cancelled. Cancelling
 * n units takes the missing ones first (they hold nothing), then releases OPEN allocations (an
 * allocation of more units is split); units shipped are never cancelled. A line with nothing
 * left to cancel is skipped, so a repeat finds nothing to do. A line cancelled in full counts as
 * allocated (allocation leaves it alone) and no longer waits for a channel acknowledgement; a
 * line cancelled in part is allocated for what is left of it.
 *
 * <p><b>The ERP.</b> An order left with nothing to ship loses its ZK ({@code order/delete}) and is
 * CANCELLED. An order left with some lines gets its ZK corrected: the gateway has no line edit, so
 * the ZK is deleted and added again under the same channel reference with the lines left
 * (docs/decisions/0022). Lookup before every retry, as the ERP writer does: the ZK found by its
 * reference is kept when it already holds exactly the lines left (an earlier attempt re-added
 * it), deleted and re-added otherwise; a ZK missing on a retry was deleted by that earlier attempt
 * and is added again; missing on a first attempt, the ERP deleted it itself and nothing is added
 * (the ERP poll reports that deletion as a change of its own). A ZK the ERP will not delete
 * (realized: it has a sale or issue document) refuses the cancellation.
 *
 * <p><b>A shop source</b> (docs/decisions/0044). The order Kanal wrote to the shop is cancelled
 * there instead ({@link ShopOrderWriter#cancel}): the whole order set cancelled, or the cancelled
 * units that reached the shop refunded with restock, looked up in the shop first on every
 * attempt; the shop puts the units back and their stock is read back in this transaction. The
 * order keeps its shop reference. An order the shop refuses to cancel (it shipped it) refuses the
 * cancellation.
 *
 * <p>All of it runs under the client's {@link ErpWriterLock} and the order's row lock, in the
 * caller's transaction if there is one (the order-changes hop marks its change applied in the same
 * commit), so an ERP writer waiting on the same order sees it cancelled, and a shipment recorded
 * meanwhile is seen before anything is released.
 */
public class OrderCancellation {

    private static final Logger log = LoggerFactory.getLogger(OrderCancellation.class);

    /** What {@link #cancel} did. */
    public record Outcome(long orderId, boolean cancelledNow, String erpOrderRemoved, List<String> releasedSkus) {
    }

    /** Units of one order line to cancel. */
    public record LineUnits(long orderLineId, int quantity) {
    }

    /**
     * What {@link #cancelLines} did.
     *
     * @param cancelled      units cancelled now, per line (empty when a repeat found nothing left)
     * @param orderCancelled the order has nothing left to ship and is CANCELLED
     * @param erpBefore      the ZK before (null when the order had none)
     * @param erpAfter       the ZK after: the corrected one, null when deleted or never made
     * @param erpReplaced    the ZK was deleted and added again with the lines left (its number may be the same)
     * @param shopDetail     what the source shop did (a shop source), null when nothing was asked of it
     */
    public record LinesOutcome(long orderId, List<LineUnits> cancelled, boolean orderCancelled, String erpBefore, String erpAfter,
            boolean erpReplaced, List<String> releasedSkus, String shopDetail) {
    }

    /** The ZK an order has after a correction, and whether it was deleted and added again. */
    private record ErpCorrection(String orderRef, boolean replaced) {
    }

    /** A cancellation that cannot be made (units shipped, a realized ZK, an unknown line): retrying will not help. */
    public static class CancellationRefusedException extends IllegalStateException implements PermanentFailure {
        public CancellationRefusedException(String message) {
            super(message);
        }

        CancellationRefusedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ClientRegistry clients;
    private final SubiektGatewayClient gateway;
    private final StockChangePublisher stockChanges;
    private final ShopOrderWriter shops;
    private final ErpWriterLock writerLock;
    private final Clock clock = Clock.systemUTC();

    /** @param shops cancels in the shop the orders of clients whose source is a shop */
    public OrderCancellation(JdbcTemplate jdbc, TransactionTemplate tx, ClientRegistry clients, SubiektGatewayClient gateway,
            StockChangePublisher stockChanges, ShopOrderWriter shops) {
        this.shops = shops;
        this.jdbc = jdbc;
        this.tx = tx;
        this.clients = clients;
        this.gateway = gateway;
        this.stockChanges = stockChanges;
        this.writerLock = new ErpWriterLock(jdbc);
    }

    private record OrderRow(long clientId, String client, String account, String channelOrderId, OrderStatus status,
            String erpOrderRef, int erpAttempts) {
    }

    private record LineRow(long id, int lineNo, String sku, int quantity, int missing, int shipped, int cancelled, int awaitingErp) {
        int left() {
            return quantity - shipped - cancelled;
        }

        int toShip() {
            return quantity - missing - cancelled - shipped;
        }
    }

    /**
     * Cancels the whole order (every unit not shipped). Idempotent: a second cancellation finds
     * nothing left to do and answers {@code cancelledNow} false.
     *
     * @throws CancellationRefusedException the order was shipped, or the ERP will not delete its ZK
     *                                      (it was realized): an operator decides
     */
    public Outcome cancel(long orderId, String reason) {
        String why = reason == null || reason.isBlank() ? "cancelled on the channel" : reason;
        boolean[] cancelledNow = new boolean[1];
        LinesOutcome outcome = run(orderId, order -> {
            if (order.status() == OrderStatus.SHIPPED) {
                throw new CancellationRefusedException("Order " + orderId + " was shipped: it is returned, not cancelled");
            }
            cancelledNow[0] = order.status() != OrderStatus.CANCELLED;
            return null; // every line, all its units
        }, why, false);
        String removed = outcome.erpBefore() != null && outcome.erpAfter() == null ? outcome.erpBefore() : null;
        return new Outcome(orderId, cancelledNow[0], removed, outcome.releasedSkus());
    }

    /**
     * Cancels units of some lines. An order left with nothing to ship is cancelled as
     * {@link #cancel} does; otherwise its ZK is corrected to the lines left.
     *
     * @param lines   the units to cancel; empty = every unit of the order not shipped
     * @param retried an earlier attempt of the same cancellation may have reached the ERP (see the class comment)
     * @throws CancellationRefusedException a line is not the order's, the order was shipped in full, or the ERP refuses
     */
    public LinesOutcome cancelLines(long orderId, List<LineUnits> lines, String reason, boolean retried) {
        String why = reason == null || reason.isBlank() ? "cancelled" : reason;
        return run(orderId, order -> {
            if (lines.isEmpty() && order.status() == OrderStatus.SHIPPED) {
                throw new CancellationRefusedException("Order " + orderId + " was shipped: it is returned, not cancelled");
            }
            return lines.isEmpty() ? null : lines;
        }, why, retried);
    }

    /**
     * What stops these units from being cancelled, one message per problem (none: they can be):
     * a line that is not the order's, a quantity below one, a line with units shipped, an order
     * shipped or cancelled. Changes nothing.
     */
    public List<String> problems(long orderId, List<LineUnits> lines) {
        OrderRow order = row(orderId);
        List<String> problems = new ArrayList<>();
        if (order.status() == OrderStatus.SHIPPED) {
            problems.add("order " + orderId + " was shipped: it is returned, not cancelled");
        } else if (order.status() == OrderStatus.CANCELLED) {
            problems.add("order " + orderId + " is cancelled already");
        }
        Map<Long, LineRow> byId = new LinkedHashMap<>();
        lines(orderId).forEach(l -> byId.put(l.id(), l));
        for (LineUnits line : lines) {
            LineRow row = byId.get(line.orderLineId());
            if (row == null) {
                problems.add("line " + line.orderLineId() + " is not a line of order " + orderId);
            } else if (line.quantity() < 1) {
                problems.add("line " + line.orderLineId() + ": quantity must be at least 1");
            } else if (row.shipped() > 0) {
                problems.add("line " + line.orderLineId() + " has " + row.shipped() + " unit(s) shipped: a return, not a cancellation");
            } else if (line.quantity() > row.left()) {
                problems.add("line " + line.orderLineId() + " has " + row.left() + " unit(s) left to cancel, not " + line.quantity());
            }
        }
        if (lines.isEmpty()) {
            byId.values().stream().filter(l -> l.shipped() > 0).forEach(l -> problems.add(
                    "line " + l.id() + " has " + l.shipped() + " unit(s) shipped: a return, not a cancellation"));
        }
        return problems;
    }

    private interface Check {
        /** Refuses by throwing; answers the lines to cancel, or null for every unit of the order. */
        List<LineUnits> linesFor(OrderRow order);
    }

    private LinesOutcome run(long orderId, Check check, String why, boolean retried) {
        OrderRow first = row(orderId);
        writerLock.ensureRow(first.clientId());
        LinesOutcome outcome = tx.execute(status -> {
            writerLock.lock(first.clientId());
            jdbc.queryForList("SELECT id FROM sales_order WHERE id = ? FOR UPDATE", Long.class, orderId);
            OrderRow order = row(orderId);
            List<LineUnits> asked = check.linesFor(order);
            return cancelLocked(order, orderId, asked, why, retried);
        });
        List<String> skus = outcome.releasedSkus();
        AfterCommit.run(() -> skus.forEach(sku -> stockChanges.publish(new StockChanged(first.client(), sku, "cancellation", true))));
        return outcome;
    }

    private LinesOutcome cancelLocked(OrderRow order, long orderId, List<LineUnits> asked, String why, boolean retried) {
        Timestamp now = Timestamp.from(clock.instant());
        boolean wholeOrder = asked == null;
        Map<Long, LineRow> byId = new LinkedHashMap<>();
        lines(orderId).forEach(l -> byId.put(l.id(), l));
        Map<Long, Integer> wanted = new LinkedHashMap<>();
        if (wholeOrder) {
            byId.values().forEach(l -> wanted.put(l.id(), l.left()));
        } else {
            for (LineUnits line : asked) {
                if (!byId.containsKey(line.orderLineId())) {
                    throw new CancellationRefusedException("line " + line.orderLineId() + " is not a line of order " + orderId);
                }
                wanted.merge(line.orderLineId(), line.quantity(), Integer::sum);
            }
        }
        List<LineUnits> cancelled = new ArrayList<>();
        List<SourceOrder.Line> inShop = new ArrayList<>(); // units written to the order's source (missing ones never were)
        Set<String> skus = new LinkedHashSet<>();
        for (Map.Entry<Long, Integer> entry : wanted.entrySet()) {
            LineRow line = byId.get(entry.getKey());
            int units = Math.min(entry.getValue(), line.left());
            if (units <= 0) {
                continue;
            }
            int fromMissing = Math.min(line.missing(), units);
            int released = release(line, units - fromMissing, now);
            if (released > 0 && line.sku() != null) {
                skus.add(line.sku());
            }
            jdbc.update("""
                    UPDATE order_line SET missing_quantity = missing_quantity - ?, cancelled_quantity = cancelled_quantity + ?,
                           channel_awaits_ack = CASE WHEN quantity = shipped_quantity + cancelled_quantity + ? THEN FALSE
                                                     ELSE channel_awaits_ack END,
                           allocated_at = CASE WHEN quantity = shipped_quantity + cancelled_quantity + ? THEN COALESCE(allocated_at, ?)
                                               ELSE allocated_at END
                     WHERE id = ?""", fromMissing, units, units, units, now, line.id());
            cancelled.add(new LineUnits(line.id(), units));
            if (units > fromMissing && line.sku() != null) {
                inShop.add(new SourceOrder.Line(line.sku(), units - fromMissing, null));
            }
        }
        if (wholeOrder) {
            // anything still held by the order (units shipped outside the ERP on a cancelled order) goes too, as it always did
            skus.addAll(jdbc.queryForList("""
                    SELECT DISTINCT k.code FROM allocation a JOIN order_line l ON l.id = a.order_line_id JOIN sku k ON k.id = a.sku_id
                     WHERE l.order_id = ? AND a.status = 'OPEN' ORDER BY k.code""", String.class, orderId));
            jdbc.update("""
                    UPDATE allocation SET status = 'RELEASED', closed_at = ?
                     WHERE status = 'OPEN' AND order_line_id IN (SELECT id FROM order_line WHERE order_id = ?)""", now, orderId);
        }
        boolean nothingLeft = lines(orderId).stream().allMatch(l -> l.toShip() <= 0);
        boolean nothingShipped = byId.values().stream().allMatch(l -> l.shipped() == 0);
        boolean ends = wholeOrder || nothingLeft && nothingShipped;
        String erpAfter = order.erpOrderRef();
        String detail;
        if (ends) {
            boolean cancelledNow = order.status() != OrderStatus.CANCELLED;
            ShopOrderWriter.ShopCancel shop = null;
            String removed = null;
            if (!isShopSource(order)) {
                removed = removeFromErp(orderId, order);
                erpAfter = null;
            } else if (cancelledNow && (order.erpOrderRef() != null || order.erpAttempts() > 0)) {
                // a CANCELLED order's shop order was cancelled in the commit that made it so: nothing to look at
                shop = shops.cancel(clients.require(order.client()), orderId, order.account(), order.channelOrderId(), order.erpOrderRef(),
                        List.of(), null, why);
                erpAfter = shop.reference() != null ? shop.reference() : order.erpOrderRef();
                skus.addAll(shop.skus());
            }
            if (cancelledNow || removed != null || !cancelled.isEmpty()) {
                // an ERP's ZK is gone; a shop's order stays there, cancelled, and keeps its reference
                jdbc.update("""
                        UPDATE sales_order SET status = 'CANCELLED', hold_reason = NULL, cancel_reason = COALESCE(cancel_reason, ?),
                               erp_order_ref = ?, updated_at = ?, version = version + 1 WHERE id = ?""", why, erpAfter, now, orderId);
                detail = why + (removed != null ? "; ZK " + removed + " deleted in the ERP" : "")
                        + (shop != null && shop.detail() != null ? "; " + shop.detail() : "")
                        + (skus.isEmpty() ? "" : "; released " + skus);
                event(orderId, "CANCELLED", detail, now);
                log.info("Order {} cancelled ({}); {}; released {}", orderId, why, shop != null ? shop.detail()
                        : "ERP: " + (removed == null ? "nothing to remove" : removed), skus);
            }
            RecalculationRequests.record(jdbc, order.client(), skus);
            return new LinesOutcome(orderId, cancelled, true, order.erpOrderRef() != null ? order.erpOrderRef() : removed, erpAfter,
                    false, List.copyOf(skus), shop == null ? null : shop.detail());
        }
        if (cancelled.isEmpty()) {
            return new LinesOutcome(orderId, cancelled, false, order.erpOrderRef(), order.erpOrderRef(), false, List.of(), null);
        }
        ShopOrderWriter.ShopCancel shop = null;
        ErpCorrection correction;
        if (isShopSource(order)) {
            shop = refundInShop(orderId, order, cancelled, inShop, why);
            correction = new ErpCorrection(shop.reference(), false);
            skus.addAll(shop.skus());
        } else {
            correction = correctErp(orderId, order, retried);
        }
        erpAfter = correction.orderRef();
        jdbc.update("UPDATE sales_order SET erp_order_ref = ?, updated_at = ?, version = version + 1 WHERE id = ?", erpAfter, now, orderId);
        detail = why + "; cancelled " + describe(cancelled, byId)
                + (correction.replaced() ? "; ZK " + order.erpOrderRef() + " deleted and added again as " + erpAfter + " with the lines left"
                        : "")
                + (shop != null && shop.detail() != null ? "; " + shop.detail() : "")
                + (skus.isEmpty() ? "" : "; released " + skus);
        event(orderId, "LINES_CANCELLED", detail, now);
        log.info("Order {}: {}", orderId, detail);
        RecalculationRequests.record(jdbc, order.client(), skus);
        return new LinesOutcome(orderId, cancelled, false, order.erpOrderRef(), erpAfter, correction.replaced(), List.copyOf(skus),
                shop == null ? null : shop.detail());
    }

    private boolean isShopSource(OrderRow order) {
        return clients.require(order.client()).source().type() == SourceType.WOOCOMMERCE;
    }

    /**
     * The cancelled units that reached the shop, refunded there with restock: nothing when no
     * attempt ever wrote the order (the writer writes the lines left) or when every unit cancelled
     * was missing. The refund's key is the order's request key and each line's cancelled units
     * after this cancellation: the same on every attempt of it (the counts roll back with a failed
     * attempt), another for the next cancellation of the same line.
     */
    private ShopOrderWriter.ShopCancel refundInShop(long orderId, OrderRow order, List<LineUnits> cancelled, List<SourceOrder.Line> inShop,
            String why) {
        if (order.erpOrderRef() == null && order.erpAttempts() == 0 || inShop.isEmpty()) {
            return new ShopOrderWriter.ShopCancel(order.erpOrderRef(), null, Set.of());
        }
        StringBuilder key = new StringBuilder(ShopOrderWriter.requestKey(order.client(), orderId, order.account(), order.channelOrderId()))
                .append("/cancel");
        for (LineUnits line : cancelled) {
            key.append('/').append(line.orderLineId()).append('x').append(jdbc.queryForObject(
                    "SELECT cancelled_quantity FROM order_line WHERE id = ?", Integer.class, line.orderLineId()));
        }
        return shops.cancel(clients.require(order.client()), orderId, order.account(), order.channelOrderId(), order.erpOrderRef(),
                inShop, key.toString(), why);
    }

    /**
     * Releases up to {@code units} of the line's OPEN allocations that hold unshipped units (units
     * shipped outside the ERP keep theirs until the ERP's document); answers how many it released.
     */
    private int release(LineRow line, int units, Timestamp now) {
        if (units <= 0) {
            return 0;
        }
        List<long[]> open = jdbc.query("SELECT id, quantity FROM allocation WHERE order_line_id = ? AND status = 'OPEN' "
                        + "ORDER BY CASE WHEN serialized_item_id IS NULL THEN 0 ELSE 1 END, id DESC",
                (rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}, line.id());
        int openUnits = open.stream().mapToInt(a -> (int) a[1]).sum();
        int left = Math.min(units, Math.max(0, openUnits - line.awaitingErp()));
        int released = 0;
        for (long[] allocation : open) {
            if (left <= 0) {
                break;
            }
            int take = (int) Math.min(left, allocation[1]);
            if (take == allocation[1]) {
                jdbc.update("UPDATE allocation SET status = 'RELEASED', closed_at = ? WHERE id = ?", now, allocation[0]);
            } else {
                jdbc.update("UPDATE allocation SET quantity = quantity - ? WHERE id = ?", take, allocation[0]);
                jdbc.update("""
                        INSERT INTO allocation (order_line_id, sku_id, variation_id, warehouse_id, serialized_item_id, quantity, status,
                                                created_at, closed_at)
                        SELECT order_line_id, sku_id, variation_id, warehouse_id, NULL, ?, 'RELEASED', created_at, ? FROM allocation
                         WHERE id = ?""", take, now, allocation[0]);
            }
            left -= take;
            released += take;
        }
        return released;
    }

    /**
     * Brings the ZK to the lines left: kept when it already holds them, else deleted and added
     * again under the same reference. Answers the ZK number the order has now (null: none).
     */
    private ErpCorrection correctErp(long orderId, OrderRow order, boolean retried) {
        if (order.erpOrderRef() == null && order.erpAttempts() == 0) {
            return new ErpCorrection(null, false); // never written: the ERP writer writes the lines left
        }
        SourceConfig source = clients.require(order.client()).source();
        String reference = ErpOrderWriter.reference(order.account(), order.channelOrderId());
        List<ErpOrder.Line> left = ErpOrderWriter.lines(jdbc, orderId);
        Map<String, BigDecimal> wanted = new TreeMap<>();
        left.forEach(l -> wanted.merge(l.code(), l.qty(), BigDecimal::add));
        Optional<ErpOrderInfo> found = gateway.findByReference(source, order.client(), reference);
        if (found.isPresent()) {
            String zk = found.get().orderRef();
            Map<String, BigDecimal> held = gateway.orderProducts(source, order.client(), zk);
            if (sameUnits(held, wanted)) {
                return new ErpCorrection(zk, retried); // an earlier attempt re-added it, or nothing to change
            }
            if (found.get().sellDoc() != null) {
                throw new CancellationRefusedException("ZK " + zk + " of order " + orderId + " was realized in the ERP ("
                        + found.get().sellDoc() + "): its units left, so this is a return, not a cancellation");
            }
            delete(source, order, zk, orderId);
        } else if (order.erpOrderRef() == null) {
            return new ErpCorrection(null, false); // an attempted write the ERP never saved: the writer writes the lines left
        } else if (!retried) {
            // not deleted by Kanal: the ERP's own deletion, which the ERP poll reports as a change of its own
            log.warn("ZK {} of order {} is gone from the ERP: not added again", order.erpOrderRef(), orderId);
            return new ErpCorrection(order.erpOrderRef(), false);
        }
        ErpOrderWriter.Candidate candidate = ErpOrderWriter.candidate(jdbc, orderId);
        return new ErpCorrection(gateway.createOrder(source, order.client(), ErpOrderWriter.erpOrder(candidate, left), true), true);
    }

    private static boolean sameUnits(Map<String, BigDecimal> a, Map<String, BigDecimal> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        return a.entrySet().stream().allMatch(e -> e.getValue().compareTo(b.get(e.getKey())) == 0);
    }

    /**
     * Deletes the order's ZK, if it has one or may have one; answers its number, or null. Found by
     * the order's reference, never by the number alone: once the ZK is deleted in the ERP, the ERP
     * may give its number to the next ZK it makes, another order's.
     */
    private String removeFromErp(long orderId, OrderRow order) {
        String zk = order.erpOrderRef();
        if (zk == null && order.erpAttempts() == 0) {
            return null;
        }
        SourceConfig source = clients.require(order.client()).source();
        Optional<ErpOrderInfo> saved = gateway.findByReference(source, order.client(),
                ErpOrderWriter.reference(order.account(), order.channelOrderId()));
        if (saved.isEmpty()) {
            return zk; // gone already (or never saved)
        }
        delete(source, order, saved.get().orderRef(), orderId);
        return saved.get().orderRef();
    }

    private void delete(SourceConfig source, OrderRow order, String zk, long orderId) {
        try {
            gateway.deleteOrder(source, order.client(), zk);
        } catch (SubiektGatewayException refused) {
            if (refused.getMessage() != null && refused.getMessage().contains("not found")) {
                return; // already gone
            }
            throw new CancellationRefusedException("The ERP will not delete " + zk + " of order " + orderId + ": "
                    + refused.getMessage(), refused);
        }
    }

    private static String describe(List<LineUnits> cancelled, Map<Long, LineRow> lines) {
        List<String> parts = new ArrayList<>();
        for (LineUnits c : cancelled) {
            LineRow line = lines.get(c.orderLineId());
            parts.add(c.quantity() + " x " + (line.sku() == null ? "line " + line.lineNo() : line.sku()) + " (line " + line.lineNo() + ")");
        }
        return String.join(", ", parts);
    }

    private void event(long orderId, String type, String detail, Timestamp now) {
        jdbc.update("INSERT INTO order_event (order_id, type, detail, created_at) VALUES (?, ?, ?, ?)", orderId, type,
                detail.length() > 1024 ? detail.substring(0, 1024) : detail, now);
    }

    private List<LineRow> lines(long orderId) {
        return jdbc.query("""
                SELECT l.id, l.line_no, k.code, l.quantity, l.missing_quantity, l.shipped_quantity, l.cancelled_quantity,
                       l.awaiting_erp_quantity
                  FROM order_line l LEFT JOIN sku k ON k.id = l.sku_id WHERE l.order_id = ? ORDER BY l.line_no""",
                (rs, n) -> new LineRow(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getInt(4), rs.getInt(5), rs.getInt(6),
                        rs.getInt(7), rs.getInt(8)), orderId);
    }

    private OrderRow row(long orderId) {
        List<OrderRow> rows = jdbc.query("""
                SELECT o.client_id, c.code, a.code, o.channel_order_id, o.status, o.erp_order_ref, o.erp_attempts
                  FROM sales_order o JOIN client c ON c.id = o.client_id JOIN channel_account a ON a.id = o.channel_account_id
                 WHERE o.id = ?""", (rs, n) -> new OrderRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                OrderStatus.valueOf(rs.getString(5)), rs.getString(6), rs.getInt(7)), orderId);
        if (rows.isEmpty()) {
            throw new OrderAllocator.UnknownOrderException(orderId);
        }
        return rows.get(0);
    }
}
