package dev.kanal.orders;

import dev.kanal.inventory.RecalculationRequests;
import dev.kanal.inventory.StockChangePublisher;
import dev.kanal.inventory.StockChanged;
import dev.kanal.orders.AllocationPlanner.LinePlan;
import dev.kanal.orders.AllocationPlanner.Stock;
import dev.kanal.orders.AllocationPlanner.Take;
import dev.kanal.support.CommitGroup;
import dev.kanal.support.PermanentFailure;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Allocates a translated order's lines to fulfilment centres (step "allocate" of flow 2).
 *
 * <p><b>Never the same unit twice.</b> In one database transaction the allocator locks the
 * order's row, then the {@code sku} rows of its lines in id order (the same order everywhere, so
 * two allocators cannot deadlock), and only then counts what each centre has left: units in the
 * account's warehouses and statuses minus every OPEN allocation. Another allocator of the same
 * SKU, on this node or another, waits for the commit and then counts the allocations just made.
 * The lock is PostgreSQL's, so it holds across Kanal instances (docs/decisions/0006).
 *
 * <p><b>Idempotent.</b> A line is allocated once ({@code order_line.allocated_at}); a redelivered
 * message finds nothing left to do. An order waiting for payment that translation hands on again
 * because the channel reports it paid becomes ACCEPTED (nothing is allocated again). {@code stock.changed} is published for the touched SKUs
 * after the commit, so the other channels lower their quantities.
 */
public class OrderAllocator {

    private static final Logger log = LoggerFactory.getLogger(OrderAllocator.class);

    /** Units of a SKU each of the account's centres can still give. */
    private static final String SKU_STOCK = """
            SELECT w.id, w.priority,
                   (SELECT COALESCE(SUM(s.quantity), 0) FROM stock_level s
                      JOIN channel_account_status ast ON ast.inventory_status_id = s.inventory_status_id AND ast.channel_account_id = aw.channel_account_id
                     WHERE s.sku_id = ? AND s.warehouse_id = w.id)
                 + (SELECT COUNT(*) FROM serialized_item si JOIN variation v ON v.id = si.variation_id
                      JOIN channel_account_status ast ON ast.inventory_status_id = si.inventory_status_id AND ast.channel_account_id = aw.channel_account_id
                     WHERE v.sku_id = ? AND si.warehouse_id = w.id)
                 - (SELECT COALESCE(SUM(al.quantity), 0) FROM allocation al
                     WHERE al.status = 'OPEN' AND al.sku_id = ? AND al.warehouse_id = w.id) AS available
              FROM channel_account_warehouse aw JOIN warehouse w ON w.id = aw.warehouse_id
             WHERE aw.channel_account_id = ?
             ORDER BY w.priority, w.id
            """;

    /** Units of a variation each of the account's centres can still give (serialized stock). */
    private static final String VARIATION_STOCK = """
            SELECT w.id,
                   (SELECT COUNT(*) FROM serialized_item si
                      JOIN channel_account_status ast ON ast.inventory_status_id = si.inventory_status_id AND ast.channel_account_id = aw.channel_account_id
                     WHERE si.variation_id = ? AND si.warehouse_id = w.id)
                 - (SELECT COALESCE(SUM(al.quantity), 0) FROM allocation al
                     WHERE al.status = 'OPEN' AND al.variation_id = ? AND al.warehouse_id = w.id) AS available
              FROM channel_account_warehouse aw JOIN warehouse w ON w.id = aw.warehouse_id
             WHERE aw.channel_account_id = ?
            """;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final StockChangePublisher stockChanges;
    private final Clock clock;
    private volatile String rowLock;
    private final CommitGroup<String, Long, AllocationResult> group;

    /** Most orders allocated in one transaction. */
    static final int BATCH = 50;
    /** One batch at a time per node, whatever the client: the SKU locks decide who waits for whom. */
    private static final String ALL_ORDERS = "all";

    public OrderAllocator(JdbcTemplate jdbc, TransactionTemplate tx, StockChangePublisher stockChanges) {
        this(jdbc, tx, stockChanges, Clock.systemUTC());
    }

    OrderAllocator(JdbcTemplate jdbc, TransactionTemplate tx, StockChangePublisher stockChanges, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.stockChanges = stockChanges;
        this.clock = clock;
        this.group = new CommitGroup<>(BATCH, this::allocateBatch, this::allocateOne);
    }

    /**
     * Allocates every line not allocated yet, then announces the touched SKUs. Orders handed in
     * while another batch is being allocated are allocated together, in one transaction
     * ({@link #allocateBatch}).
     */
    public AllocationResult allocate(long orderId) {
        AllocationResult result = group.submit(ALL_ORDERS, orderId);
        announce(result);
        return result;
    }

    /** One order in its own transaction. */
    AllocationResult allocateOne(long orderId) {
        return tx.execute(status -> recorded(allocateLocked(orderId, null)));
    }

    /**
     * Several orders in one transaction, under one set of locks taken in a stable order: every
     * order row by id, then every SKU of their unallocated lines by id (as one order alone takes
     * them, so batches and single orders on any node cannot deadlock). Each SKU's stock is counted
     * once after its lock is granted and lowered by each order's allocations as the batch goes on,
     * so the orders of a batch see each other as they would in separate transactions, in id order.
     */
    List<CommitGroup.Result<AllocationResult>> allocateBatch(List<Long> orderIds) {
        List<Long> ids = orderIds.stream().distinct().sorted().toList();
        Map<Long, CommitGroup.Result<AllocationResult>> byId = tx.execute(status -> {
            Set<Long> locked = new HashSet<>(jdbc.queryForList("SELECT id FROM sales_order WHERE id IN (" + placeholders(ids.size())
                    + ") ORDER BY id " + rowLock(), Long.class, ids.toArray()));
            List<Long> skus = jdbc.queryForList("SELECT DISTINCT sku_id FROM order_line WHERE order_id IN (" + placeholders(ids.size())
                    + ") AND allocated_at IS NULL AND sku_id IS NOT NULL ORDER BY sku_id", Long.class, ids.toArray());
            StockBook book = new StockBook();
            if (!skus.isEmpty()) {
                jdbc.queryForList("SELECT id FROM sku WHERE id IN (" + placeholders(skus.size()) + ") ORDER BY id " + rowLock(),
                        Long.class, skus.toArray());
                book.locked.addAll(skus);
            }
            Map<Long, CommitGroup.Result<AllocationResult>> results = new HashMap<>();
            for (long id : ids) {
                results.put(id, locked.contains(id) ? CommitGroup.Result.of(recorded(allocateLocked(id, book)))
                        : CommitGroup.Result.failed(new UnknownOrderException(id)));
            }
            return results;
        });
        return orderIds.stream().map(byId::get).toList();
    }

    /**
     * What the centres have left per SKU (and variation) and account within one batch, counted
     * once under the SKU's lock and lowered by every allocation the batch makes. An allocation
     * lowers what every account sees in its centre: availability is stock in the account's
     * statuses minus all open allocations.
     */
    private static final class StockBook {
        final Set<Long> locked = new HashSet<>();
        final Map<List<Long>, List<Stock>> skus = new HashMap<>();
        final Map<List<Long>, Map<Long, Integer>> variations = new HashMap<>();

        void take(long skuId, Long variationId, long warehouseId, int quantity) {
            skus.forEach((key, stock) -> {
                if (key.get(0) == skuId) {
                    stock.replaceAll(s -> s.warehouseId() == warehouseId
                            ? new Stock(s.warehouseId(), s.priority(), s.available() - quantity) : s);
                }
            });
            if (variationId != null) {
                variations.forEach((key, byCentre) -> {
                    if (key.get(0).equals(variationId)) {
                        byCentre.computeIfPresent(warehouseId, (w, units) -> units - quantity);
                    }
                });
            }
        }
    }

    private record OrderRow(long id, OrderStatus status, boolean paidOrCod, boolean allocatedBefore, String client,
            long accountId, String account, boolean split, boolean refuseOversold) {
    }

    private record LineRow(long id, int lineNo, String group, Long skuId, String sku, Long variationId, int quantity,
            boolean allocated) {
    }

    /** Locks the order's row for this transaction (allocations of one order never interleave) and reads it. */
    private OrderRow lockOrder(long orderId) {
        List<Long> locked = jdbc.queryForList("SELECT id FROM sales_order WHERE id = ? " + rowLock(), Long.class, orderId);
        if (locked.isEmpty()) {
            throw new UnknownOrderException(orderId);
        }
        return orderRow(orderId);
    }

    private boolean oversold(long orderId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT oversold FROM sales_order WHERE id = ?", Boolean.class, orderId));
    }

    /** With a book, the order row and the SKUs are locked already (a batch) and the stock is counted in the book. */
    private AllocationResult allocateLocked(long orderId, StockBook book) {
        OrderRow order = book == null ? lockOrder(orderId) : orderRow(orderId);
        boolean oversold = oversold(orderId);
        if (!order.status().isOpen() || order.status() == OrderStatus.IN_ERP
                || (order.status() == OrderStatus.HELD && !order.allocatedBefore())) {
            // held by translation (e.g. an unmapped SKU), already in the ERP, shipped or cancelled
            log.info("Order {} is {}: nothing to allocate", orderId, order.status());
            return unchanged(order, oversold);
        }
        List<LineRow> lines = jdbc.query("""
                SELECT l.id, l.line_no, COALESCE(l.channel_line_id, CAST(l.id AS VARCHAR(32))), l.sku_id, k.code,
                       l.variation_id, l.quantity - l.cancelled_quantity, l.allocated_at
                  FROM order_line l LEFT JOIN sku k ON k.id = l.sku_id
                 WHERE l.order_id = ? ORDER BY l.line_no""", (rs, n) -> new LineRow(rs.getLong(1), rs.getInt(2),
                rs.getString(3), (Long) rs.getObject(4, Long.class), rs.getString(5), (Long) rs.getObject(6, Long.class),
                rs.getInt(7), rs.getTimestamp(8) != null), orderId);
        List<LineRow> pending = lines.stream().filter(l -> !l.allocated()).toList();
        if (pending.isEmpty()) {
            if (order.status() == OrderStatus.AWAITING_PAYMENT && order.paidOrCod()) {
                // handed on again because the channel reports it paid now: nothing to allocate, but it is accepted
                jdbc.update("UPDATE sales_order SET status = 'ACCEPTED', updated_at = ?, version = version + 1 WHERE id = ?",
                        now(), orderId);
                event(orderId, "PAID", "paid on the channel after allocation");
                return new AllocationResult(orderId, order.client(), order.account(), OrderStatus.ACCEPTED, oversold, false,
                        List.of());
            }
            return unchanged(order, oversold);
        }
        List<LineRow> unmapped = pending.stream().filter(l -> l.skuId() == null).toList();
        if (!unmapped.isEmpty()) {
            String reason = "line(s) " + unmapped.stream().map(l -> String.valueOf(l.lineNo())).toList()
                    + " have no SKU: map the channel SKU, then replay";
            jdbc.update("UPDATE sales_order SET status = 'HELD', hold_reason = ?, updated_at = ?, version = version + 1 WHERE id = ?",
                    reason, now(), orderId);
            event(orderId, "HELD", reason);
            return new AllocationResult(orderId, order.client(), order.account(), OrderStatus.HELD, oversold, false, List.of());
        }

        Placed placed = place(order, pending, book);
        Set<String> touched = placed.touched();
        Map<String, Integer> missingBySku = placed.missingBySku();
        int allocatedUnits = placed.units();
        Timestamp now = now();
        boolean nowOversold = oversold || !missingBySku.isEmpty();
        int allocatedBefore = lines.size() - pending.size();
        OrderStatus next = nextStatus(order, !missingBySku.isEmpty(), allocatedUnits + allocatedBefore > 0);
        String missing = missingBySku.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue()).toList().toString();
        String holdReason = next == OrderStatus.HELD ? "oversold, missing " + missing : null;
        String cancelReason = next == OrderStatus.CANCELLED ? "refused on the channel: oversold, missing " + missing : null;
        jdbc.update("""
                UPDATE sales_order SET status = ?, hold_reason = ?, oversold = ?, allocated_at = ?,
                       cancel_reason = COALESCE(?, cancel_reason), updated_at = ?, version = version + 1
                 WHERE id = ?""", next.name(), holdReason, nowOversold, now, cancelReason, now, orderId);
        event(orderId, "ALLOCATED", allocatedUnits + " unit(s) allocated" + (touched.isEmpty() ? "" : " of " + touched));
        if (!missingBySku.isEmpty()) {
            event(orderId, "OVERSOLD", "missing " + missing);
            log.warn("Order {} of {}/{} is oversold: missing {}", orderId, order.client(), order.account(), missing);
        }
        return new AllocationResult(orderId, order.client(), order.account(), next, nowOversold, true, List.copyOf(touched));
    }

    /** What {@link #place} did: SKUs that got allocations, units still missing by SKU, units allocated. */
    private record Placed(Set<String> touched, Map<String, Integer> missingBySku, int units) {
    }

    /**
     * Locks the lines' SKUs, counts what the account's centres have left, plans and writes the
     * allocations; each line's {@code missing_quantity} becomes what its plan could not place.
     */
    private Placed place(OrderRow order, List<LineRow> pending, StockBook book) {
        // Lock every SKU of the order in id order before counting: the guard against selling a unit twice.
        Set<Long> skuIds = new TreeSet<>();
        pending.forEach(l -> skuIds.add(l.skuId()));
        if (book == null || !book.locked.containsAll(skuIds)) {
            jdbc.queryForList("SELECT id FROM sku WHERE id IN (" + placeholders(skuIds.size()) + ") ORDER BY id " + rowLock(),
                    Long.class, skuIds.toArray());
        }

        Map<Long, List<Stock>> skuStock = new HashMap<>();
        for (long sku : skuIds) {
            List<Long> key = List.of(sku, order.accountId());
            List<Stock> counted = book == null ? null : book.skus.get(key);
            if (counted == null) {
                counted = new ArrayList<>(jdbc.query(SKU_STOCK, (rs, n) -> new Stock(rs.getLong(1), rs.getInt(2), rs.getInt(3)),
                        sku, sku, sku, order.accountId()));
                if (book != null) {
                    book.skus.put(key, counted);
                }
            }
            skuStock.put(sku, List.copyOf(counted));
        }
        Map<Long, Map<Long, Integer>> variationStock = new HashMap<>();
        for (LineRow line : pending) {
            if (line.variationId() != null && !variationStock.containsKey(line.variationId())) {
                List<Long> key = List.of(line.variationId(), order.accountId());
                Map<Long, Integer> byCentre = book == null ? null : book.variations.get(key);
                if (byCentre == null) {
                    Map<Long, Integer> read = new HashMap<>();
                    jdbc.query(VARIATION_STOCK, rs -> {
                        read.put(rs.getLong(1), rs.getInt(2));
                    }, line.variationId(), line.variationId(), order.accountId());
                    byCentre = read;
                    if (book != null) {
                        book.variations.put(key, read);
                    }
                }
                variationStock.put(line.variationId(), new HashMap<>(byCentre));
            }
        }
        List<AllocationPlanner.Line> toPlan = pending.stream()
                .map(l -> new AllocationPlanner.Line(l.id(), l.group(), l.skuId(), l.variationId(), l.quantity()))
                .toList();
        List<LinePlan> plans = AllocationPlanner.plan(toPlan, skuStock, variationStock, order.split(), order.refuseOversold());

        Timestamp now = now();
        Map<Long, LineRow> byId = new HashMap<>();
        pending.forEach(l -> byId.put(l.id(), l));
        Set<String> touched = new LinkedHashSet<>();
        Map<String, Integer> missingBySku = new LinkedHashMap<>();
        int allocatedUnits = 0;
        List<Object[]> allocations = new ArrayList<>();
        List<Object[]> lineUpdates = new ArrayList<>();
        for (LinePlan plan : plans) {
            LineRow line = byId.get(plan.line().lineId());
            for (Take take : plan.takes()) {
                allocations.add(new Object[] {line.id(), line.skuId(), line.variationId(), take.warehouseId(), take.quantity(), now});
                if (book != null) {
                    book.take(line.skuId(), line.variationId(), take.warehouseId(), take.quantity());
                }
                touched.add(line.sku());
                allocatedUnits += take.quantity();
            }
            lineUpdates.add(new Object[] {plan.missing(), now, line.id()});
            if (plan.missing() > 0) {
                missingBySku.merge(line.sku(), plan.missing(), Integer::sum);
            }
        }
        if (!allocations.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO allocation (order_line_id, sku_id, variation_id, warehouse_id, quantity, status, created_at) "
                    + "VALUES (?, ?, ?, ?, ?, 'OPEN', ?)", allocations, new int[] {java.sql.Types.BIGINT, java.sql.Types.BIGINT,
                    java.sql.Types.BIGINT, java.sql.Types.BIGINT, java.sql.Types.INTEGER, java.sql.Types.TIMESTAMP});
        }
        jdbc.batchUpdate("UPDATE order_line SET missing_quantity = ?, allocated_at = ? WHERE id = ?", lineUpdates);
        return new Placed(touched, missingBySku, allocatedUnits);
    }

    /**
     * An operator's second try for a held, oversold order (stock arrived): the missing units of
     * each line are allocated now where the account's centres have them, under the same locks.
     * The order goes on (accepted or awaiting payment) when nothing is missing any more, and
     * stays held with the new shortfall otherwise. The caller sends it through the flow again
     * so the channel acknowledgement and the ERP writer see it.
     *
     * @throws IllegalStateException the order is not held as oversold
     */
    public AllocationResult allocateMissing(long orderId) {
        AllocationResult result = tx.execute(status -> recorded(allocateMissingLocked(orderId)));
        announce(result);
        return result;
    }

    /** The touched SKUs' recalculation requests, in the allocation's transaction (see {@link RecalculationRequests}). */
    private AllocationResult recorded(AllocationResult result) {
        RecalculationRequests.record(jdbc, result.client(), result.touchedSkus());
        return result;
    }

    private void announce(AllocationResult result) {
        for (String sku : result.touchedSkus()) {
            stockChanges.publish(new StockChanged(result.client(), sku, "allocation", true));
        }
    }

    private AllocationResult allocateMissingLocked(long orderId) {
        OrderRow order = lockOrder(orderId);
        boolean oversold = oversold(orderId);
        if (order.status() != OrderStatus.HELD || !oversold || !order.allocatedBefore()) {
            throw new IllegalStateException("Order " + orderId + " is " + order.status()
                    + (oversold ? "" : ", not oversold") + ": only a held, oversold order gets its missing units allocated again");
        }
        List<LineRow> shortLines = jdbc.query("""
                SELECT l.id, l.line_no, COALESCE(l.channel_line_id, CAST(l.id AS VARCHAR(32))), l.sku_id, k.code,
                       l.variation_id, l.missing_quantity, l.allocated_at
                  FROM order_line l JOIN sku k ON k.id = l.sku_id
                 WHERE l.order_id = ? AND l.missing_quantity > 0 AND l.channel_ack IS NULL ORDER BY l.line_no""",
                (rs, n) -> new LineRow(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                        (Long) rs.getObject(6, Long.class), rs.getInt(7), true), orderId);
        Placed placed = shortLines.isEmpty() ? new Placed(Set.of(), Map.of(), 0) : place(order, shortLines, null);
        int stillMissing = jdbc.queryForObject("SELECT COALESCE(SUM(missing_quantity), 0) FROM order_line WHERE order_id = ?",
                Integer.class, orderId);
        OrderStatus next = stillMissing > 0 ? OrderStatus.HELD
                : order.paidOrCod() ? OrderStatus.ACCEPTED : OrderStatus.AWAITING_PAYMENT;
        String missing = placed.missingBySku().entrySet().stream().map(e -> e.getKey() + " x" + e.getValue()).toList().toString();
        Timestamp now = now();
        jdbc.update("UPDATE sales_order SET status = ?, hold_reason = ?, updated_at = ?, version = version + 1 WHERE id = ?",
                next.name(), next == OrderStatus.HELD ? "oversold, missing " + missing : null, now, orderId);
        event(orderId, "ALLOCATED", placed.units() + " missing unit(s) allocated on a second try"
                + (next == OrderStatus.HELD ? "; still missing " + missing : ""));
        return new AllocationResult(orderId, order.client(), order.account(), next, true, placed.units() > 0,
                List.copyOf(placed.touched()));
    }

    /**
     * The status after allocation: an oversold order waits for an operator (held) unless the
     * account refuses oversold lines on the channel, in which case an order left with nothing
     * is cancelled; an allocated order waits for payment or goes on.
     */
    static OrderStatus nextStatus(OrderStatusInput order, boolean missing, boolean anyAllocated) {
        if (missing && !order.refuseOversold()) {
            return OrderStatus.HELD;
        }
        if (missing && !anyAllocated) {
            return OrderStatus.CANCELLED;
        }
        return order.paidOrCod() ? OrderStatus.ACCEPTED : OrderStatus.AWAITING_PAYMENT;
    }

    /** What {@link #nextStatus} looks at. */
    record OrderStatusInput(boolean paidOrCod, boolean refuseOversold) {
    }

    private static OrderStatus nextStatus(OrderRow order, boolean missing, boolean anyAllocated) {
        return nextStatus(new OrderStatusInput(order.paidOrCod(), order.refuseOversold()), missing, anyAllocated);
    }

    private OrderRow orderRow(long orderId) {
        return jdbc.queryForObject("""
                SELECT o.id, o.status, o.paid, o.cash_on_delivery, o.allocated_at, c.code, a.id, a.code,
                       a.split_allocation, a.refuse_oversold
                  FROM sales_order o JOIN client c ON c.id = o.client_id JOIN channel_account a ON a.id = o.channel_account_id
                 WHERE o.id = ?""", (rs, n) -> new OrderRow(rs.getLong(1), OrderStatus.valueOf(rs.getString(2)),
                rs.getBoolean(3) || rs.getBoolean(4), rs.getTimestamp(5) != null, rs.getString(6), rs.getLong(7),
                rs.getString(8), rs.getBoolean(9), rs.getBoolean(10)), orderId);
    }

    private AllocationResult unchanged(OrderRow order, boolean oversold) {
        return new AllocationResult(order.id(), order.client(), order.account(), order.status(), oversold, false, List.of());
    }

    private void event(long orderId, String type, String detail) {
        jdbc.update("INSERT INTO order_event (order_id, type, detail, created_at) VALUES (?, ?, ?, ?)", orderId, type,
                detail.length() > 1024 ? detail.substring(0, 1024) : detail, now());
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }

    /**
     * PostgreSQL: FOR NO KEY UPDATE excludes other allocators but not inserts that merely
     * reference the row (an order line or stock level naming the SKU); H2 (demo) knows only FOR UPDATE.
     */
    private String rowLock() {
        String lock = rowLock;
        if (lock == null) {
            String product = jdbc.execute((java.sql.Connection c) -> c.getMetaData().getDatabaseProductName());
            lock = "PostgreSQL".equalsIgnoreCase(product) ? "FOR NO KEY UPDATE" : "FOR UPDATE";
            rowLock = lock;
        }
        return lock;
    }

    static String placeholders(int n) {
        return String.join(",", Collections.nCopies(n, "?"));
    }

    /** The order id names no order. */
    public static class UnknownOrderException extends IllegalArgumentException implements PermanentFailure {
        public UnknownOrderException(long orderId) {
            super("No sales order with id " + orderId);
        }
    }
}
