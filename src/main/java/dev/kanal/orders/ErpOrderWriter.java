package dev.kanal.orders;

import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.client.config.SourceType;
import dev.kanal.connector.SourceOrder;
import dev.kanal.client.config.ErpPush;
import dev.kanal.client.config.SourceConfig;
import dev.kanal.connector.subiekt.ErpCustomer;
import dev.kanal.connector.subiekt.ErpOrder;
import dev.kanal.connector.subiekt.SubiektGatewayClient;
import dev.kanal.connector.subiekt.SubiektGatewayException;
import dev.kanal.connector.subiekt.SubiektGatewayUnavailableException;
import dev.kanal.support.CommitGroup;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates an order in the client's ERP as a ZK document (the "source writer" of flow 2) and stores
 * the ZK number: an accepted, paid order on {@code erp-push: on-paid} accounts, an order its
 * channel shipped on {@code on-completed} accounts (it stays SHIPPED; see {@link ErpPushRule}).
 *
 * <p><b>Exactly one ZK.</b> The gateway can be slow and can time out after it saved the order.
 * Every attempt is counted in the database before the gateway is called (in its own, committed
 * transaction), and {@link SubiektGatewayClient#createOrder} looks the order up by its channel
 * reference before {@code order/add} and again after a failure whose outcome is unknown. An
 * unknown outcome that the lookup cannot settle throws {@link SubiektGatewayUnavailableException}:
 * the broker redelivers and the next attempt finds the ZK instead of making a second one.
 *
 * <p><b>One writer per ERP.</b> The whole attempt holds the client's {@link ErpWriterLock}, a
 * database row lock, so writers on different Kanal nodes take turns, and a writer waiting
 * behind another sees the ZK the other stored. Orders of one client that arrive while its writer
 * is busy are written together under one acquisition of the lock ({@link CommitGroup},
 * docs/decisions/0035), every attempt still counted and committed before its call.
 *
 * <p>Stock is not reserved in the ERP ({@code reservation: false}): Kanal's allocation already
 * holds the units, and an ERP reservation would lower the stock Kanal reads a second time.
 */
public class ErpOrderWriter {

    private static final Logger log = LoggerFactory.getLogger(ErpOrderWriter.class);

    /** What {@link #write} did. */
    public enum Outcome {
        /** A ZK was created now, or found by its reference after an earlier attempt. */
        WRITTEN,
        /** The order already had its ZK number: nothing to do (a redelivery, a second trigger). */
        ALREADY_IN_ERP,
        /** Not due: unpaid, held, cancelled, or (on-completed) not shipped by its channel yet. */
        NOT_DUE,
        /** The ERP refused the order (e.g. an unknown product): the order is held for an operator. */
        REFUSED
    }

    record Candidate(long orderId, long clientId, String client, String account, String channelOrderId, OrderStatus status,
            boolean paid, boolean cashOnDelivery, ErpPush erpPush, String erpOrderRef, String customerName,
            boolean shippedByChannel) {

        boolean due() {
            return ErpPushRule.due(status, paid || cashOnDelivery, erpPush, erpOrderRef, shippedByChannel);
        }
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final TransactionTemplate ownTx;
    private final ClientRegistry clients;
    private final SubiektGatewayClient gateway;
    private final ErpWriterLock writerLock;
    private final Clock clock;
    private final CommitGroup<Long, Long, Outcome> group;
    private final ShopOrderWriter shops;

    /** Most orders written under one acquisition of a client's writer lock. */
    static final int BATCH = 50;

    /** @param shops writes the orders of clients whose source is a shop */
    public ErpOrderWriter(JdbcTemplate jdbc, TransactionTemplate tx, ClientRegistry clients, SubiektGatewayClient gateway,
                          ShopOrderWriter shops) {
        this.shops = shops;
        this.jdbc = jdbc;
        this.tx = tx;
        this.ownTx = new TransactionTemplate(tx.getTransactionManager());
        this.ownTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clients = clients;
        this.gateway = gateway;
        this.writerLock = new ErpWriterLock(jdbc);
        this.clock = Clock.systemUTC();
        this.group = new CommitGroup<>(BATCH, this::writeBatch, this::writeOne);
    }

    /**
     * Whether the order is due for the ERP now (the route's filter; {@link #write} checks again
     * under the lock). An order of a client no file declares any more is never due: there is no
     * gateway to write to, and retrying would only fill a dead-letter queue.
     */
    public boolean isDue(long orderId) {
        Candidate order = candidate(orderId);
        if (order.due() && clients.find(order.client()).isEmpty()) {
            log.warn("Order {} is due for the ERP but client {} has no configuration: not written", orderId, order.client());
            return false;
        }
        return order.due();
    }

    /**
     * Writes the order to the ERP if it is due and not there yet. Orders of one client that
     * consumers hand in while the client's writer is busy are written together, under one
     * acquisition of the writer lock and in one transaction ({@link #writeBatch}).
     *
     * @throws SubiektGatewayUnavailableException the outcome is unknown: let the broker redeliver
     */
    public Outcome write(long orderId) {
        Candidate first = candidate(orderId);
        if (first.erpOrderRef() != null) {
            return Outcome.ALREADY_IN_ERP;
        }
        if (!first.due()) {
            return Outcome.NOT_DUE;
        }
        return group.submit(first.clientId(), orderId);
    }

    /** One order alone: the lock, its attempt counted and committed, the gateway, the ZK stored. */
    Outcome writeOne(long orderId) {
        Candidate first = candidate(orderId);
        if (first.erpOrderRef() != null) {
            return Outcome.ALREADY_IN_ERP;
        }
        if (!first.due()) {
            return Outcome.NOT_DUE;
        }
        SourceConfig source = clients.require(first.client()).source();
        writerLock.ensureRow(first.clientId());
        return tx.execute(status -> {
            writerLock.lock(first.clientId());
            Candidate order = candidate(orderId); // another writer may have finished while this one waited
            if (order.erpOrderRef() != null) {
                return Outcome.ALREADY_IN_ERP;
            }
            if (!order.due()) {
                return Outcome.NOT_DUE;
            }
            ErpOrder erpOrder = erpOrder(order, lines(orderId));
            // Attempts are counted and committed before every call, under the writer lock: none
            // counted means no call for this order ever reached the gateway, so there is nothing
            // to look up first (half the gateway calls of a first write).
            boolean earlierAttempt = jdbc.queryForObject("SELECT erp_attempts FROM sales_order WHERE id = ?",
                    Integer.class, orderId) > 0;
            countAttempts(List.of(orderId));
            String zk;
            try {
                zk = push(source, order, erpOrder, earlierAttempt);
            } catch (SubiektGatewayUnavailableException unknown) {
                recordUnknown(orderId, erpOrder, unknown);
                throw unknown;
            } catch (SubiektGatewayException refused) {
                hold(orderId, erpOrder, refused);
                return Outcome.REFUSED;
            }
            stored(List.of(new Written(orderId, zk)));
            log.info("Order {} ({}) is {} in the ERP of {}", orderId, erpOrder.reference(), zk, order.client());
            return Outcome.WRITTEN;
        });
    }

    private record Written(long orderId, String zk) {
    }

    /**
     * Several orders of one client under one acquisition of its writer lock, in one transaction:
     * the attempts of every due order are counted and committed together before the first
     * gateway call (so each order whose call may have reached the gateway is looked up before any
     * later {@code order/add}), then each order is written in id order, and the ZK numbers are
     * stored together. An unknown outcome stops the batch: that order and those not tried yet
     * answer {@link SubiektGatewayUnavailableException} (their messages are redelivered, their
     * next attempt looks them up first); the ZKs made so far are stored with the rest.
     */
    List<CommitGroup.Result<Outcome>> writeBatch(List<Long> orderIds) {
        List<Long> ids = orderIds.stream().distinct().sorted().toList();
        Candidate any = candidate(ids.get(0));
        SourceConfig source = clients.require(any.client()).source();
        writerLock.ensureRow(any.clientId());
        Map<Long, CommitGroup.Result<Outcome>> byId = tx.execute(status -> {
            writerLock.lock(any.clientId());
            Map<Long, CommitGroup.Result<Outcome>> results = new HashMap<>();
            Map<Long, Candidate> candidates = candidates(ids);
            List<Long> due = new ArrayList<>();
            for (long id : ids) {
                Candidate order = candidates.get(id);
                if (order == null) {
                    results.put(id, CommitGroup.Result.failed(new OrderAllocator.UnknownOrderException(id)));
                } else if (order.clientId() != any.clientId()) {
                    throw new IllegalArgumentException("A batch of ERP writes holds orders of two clients");
                } else if (order.erpOrderRef() != null) {
                    results.put(id, CommitGroup.Result.of(Outcome.ALREADY_IN_ERP));
                } else if (!order.due()) {
                    results.put(id, CommitGroup.Result.of(Outcome.NOT_DUE));
                } else {
                    due.add(id);
                }
            }
            if (due.isEmpty()) {
                return results;
            }
            Map<Long, Integer> attempts = new HashMap<>();
            jdbc.query("SELECT id, erp_attempts FROM sales_order WHERE id IN (" + OrderAllocator.placeholders(due.size()) + ")",
                    rs -> {
                        attempts.put(rs.getLong(1), rs.getInt(2));
                    }, due.toArray());
            Map<Long, List<ErpOrder.Line>> lines = lines(due);
            countAttempts(due);
            List<Written> written = new ArrayList<>();
            SubiektGatewayUnavailableException stopped = null;
            for (long id : due) {
                Candidate order = candidates.get(id);
                ErpOrder erpOrder = erpOrder(order, lines.getOrDefault(id, List.of()));
                if (stopped != null) {
                    results.put(id, CommitGroup.Result.failed(new SubiektGatewayUnavailableException(
                            "not tried: the ERP gateway gave an unknown outcome for an order before it (" + stopped.getMessage() + ")")));
                    continue;
                }
                try {
                    String zk = push(source, order, erpOrder, attempts.getOrDefault(id, 0) > 0);
                    written.add(new Written(id, zk));
                    results.put(id, CommitGroup.Result.of(Outcome.WRITTEN));
                    log.info("Order {} ({}) is {} in the ERP of {}", id, erpOrder.reference(), zk, order.client());
                } catch (SubiektGatewayUnavailableException unknown) {
                    recordUnknown(id, erpOrder, unknown);
                    results.put(id, CommitGroup.Result.failed(unknown));
                    stopped = unknown;
                } catch (SubiektGatewayException refused) {
                    hold(id, erpOrder, refused);
                    results.put(id, CommitGroup.Result.of(Outcome.REFUSED));
                }
            }
            stored(written);
            return results;
        });
        return orderIds.stream().map(byId::get).toList();
    }

    /**
     * The order to the client's source, in the writer's transaction: a ZK through the ERP gateway,
     * or a shop order when the source is a shop ({@link ShopOrderWriter}, which also consumes the
     * order's allocations and reads the shop's stock back in this transaction). Returns the reference stored.
     */
    private String push(SourceConfig source, Candidate order, ErpOrder erpOrder, boolean earlierAttempt) {
        if (source.type() != SourceType.WOOCOMMERCE) {
            return gateway.createOrder(source, order.client(), erpOrder, earlierAttempt);
        }
        ClientConfig client = clients.require(order.client());
        List<SourceOrder.Line> lines = erpOrder.lines().stream()
                .map(l -> new SourceOrder.Line(l.code(), l.qty().intValueExact(), l.price())).toList();
        ShopOrderWriter.Booked booked = shops.write(client, order, lines, earlierAttempt);
        shops.booked(client, order.orderId(), booked);
        return booked.reference();
    }

    /** Counts an attempt of each order in a transaction of its own, committed before any gateway call. */
    private void countAttempts(List<Long> orderIds) {
        Timestamp now = now();
        ownTx.executeWithoutResult(s -> jdbc.update("UPDATE sales_order SET erp_attempts = erp_attempts + 1, erp_attempted_at = ? WHERE id IN ("
                + OrderAllocator.placeholders(orderIds.size()) + ")", Stream.concat(Stream.of(now), orderIds.stream()).toArray()));
    }

    private void recordUnknown(long orderId, ErpOrder erpOrder, SubiektGatewayUnavailableException unknown) {
        ownTx.executeWithoutResult(s -> jdbc.update("UPDATE sales_order SET erp_error = ? WHERE id = ?",
                abbreviate(unknown.getMessage()), orderId));
        log.warn("ERP write of order {} ({}) failed, outcome unknown; the broker will redeliver: {}", orderId,
                erpOrder.reference(), unknown.getMessage());
    }

    private void hold(long orderId, ErpOrder erpOrder, SubiektGatewayException refused) {
        String reason = abbreviate("ERP refused the order: " + refused.getMessage());
        jdbc.update("""
                UPDATE sales_order SET status = 'HELD', hold_reason = ?, erp_error = ?, updated_at = ?, version = version + 1
                 WHERE id = ?""", reason, reason, now(), orderId);
        event(orderId, "ERP_REFUSED", reason);
        log.warn("Order {} ({}) held: {}", orderId, erpOrder.reference(), reason);
    }

    /** The ZK numbers, and an IN_ERP event each; an order its channel shipped (on-completed) stays SHIPPED. */
    private void stored(List<Written> written) {
        if (written.isEmpty()) {
            return;
        }
        Timestamp now = now();
        jdbc.batchUpdate("""
                UPDATE sales_order SET erp_order_ref = ?, status = CASE WHEN shipped_by_channel_at IS NULL THEN 'IN_ERP' ELSE status END,
                       erp_error = NULL, updated_at = ?, version = version + 1
                 WHERE id = ? AND erp_order_ref IS NULL""",
                written.stream().map(w -> new Object[] {w.zk(), now, w.orderId()}).toList());
        jdbc.batchUpdate("INSERT INTO order_event (order_id, type, detail, created_at) VALUES (?, 'IN_ERP', ?, ?)",
                written.stream().map(w -> new Object[] {w.orderId(), w.zk(), now}).toList());
    }

    private Map<Long, Candidate> candidates(List<Long> orderIds) {
        Map<Long, Candidate> found = new HashMap<>();
        jdbc.query(CANDIDATE + " WHERE o.id IN (" + OrderAllocator.placeholders(orderIds.size()) + ")", rs -> {
            Candidate c = candidate(rs);
            found.put(c.orderId(), c);
        }, orderIds.toArray());
        return found;
    }

    private Map<Long, List<ErpOrder.Line>> lines(List<Long> orderIds) {
        Map<Long, List<ErpOrder.Line>> lines = new HashMap<>();
        jdbc.query("""
                SELECT l.order_id, k.code, l.quantity - l.missing_quantity - l.cancelled_quantity, l.unit_price
                  FROM order_line l JOIN sku k ON k.id = l.sku_id
                 WHERE l.order_id IN (%s) AND l.quantity > l.missing_quantity + l.cancelled_quantity ORDER BY l.order_id, l.line_no"""
                .formatted(OrderAllocator.placeholders(orderIds.size())), rs -> {
            lines.computeIfAbsent(rs.getLong(1), o -> new ArrayList<>())
                    .add(new ErpOrder.Line(rs.getString(2), BigDecimal.valueOf(rs.getInt(3)), rs.getBigDecimal(4)));
        }, orderIds.toArray());
        return lines;
    }

    /**
     * Lifts the hold an ERP refusal put on an order (the cause was fixed in the ERP, e.g. the
     * product created), so the writer tries again. Answers false when the order is not held
     * for that reason.
     */
    public boolean releaseErpHold(long orderId) {
        return jdbc.update("""
                UPDATE sales_order SET status = CASE WHEN shipped_by_channel_at IS NOT NULL THEN 'SHIPPED'
                                                     WHEN paid OR cash_on_delivery THEN 'ACCEPTED' ELSE 'AWAITING_PAYMENT' END,
                       hold_reason = NULL, erp_error = NULL, updated_at = ?, version = version + 1
                 WHERE id = ? AND status = 'HELD' AND hold_reason LIKE 'ERP refused%'""", now(), orderId) == 1;
    }

    /** The channel reference the ZK carries as its original number: unique per client, readable by people. */
    static String reference(String account, String channelOrderId) {
        return account + ":" + channelOrderId;
    }

    /** The ZK to create: the allocated units of each line at the channel's price, no ERP reservation. */
    static ErpOrder erpOrder(Candidate order, List<ErpOrder.Line> lines) {
        String payType = order.cashOnDelivery() ? "money" : "transfer";
        return new ErpOrder(reference(order.account(), order.channelOrderId()), customer(order.customerName()), lines,
                "Kanal: " + order.account() + " order " + order.channelOrderId(), false, payType, null, false);
    }

    /** The customer as one name (the translation already chose shipping name or channel name). */
    static ErpCustomer customer(String name) {
        String full = name == null || name.isBlank() ? "" : name.trim();
        int space = full.lastIndexOf(' ');
        if (space < 0) {
            return ErpCustomer.person(null, full.isEmpty() ? null : full, null, null, null, null, null, null);
        }
        return ErpCustomer.person(full.substring(0, space), full.substring(space + 1), null, null, null, null, null, null);
    }

    Candidate candidate(long orderId) {
        return candidate(jdbc, orderId);
    }

    private static final String CANDIDATE = """
            SELECT o.id, o.client_id, c.code, a.code, o.channel_order_id, o.status, o.paid, o.cash_on_delivery,
                   a.erp_push, o.erp_order_ref, o.customer_name, o.shipped_by_channel_at
              FROM sales_order o JOIN client c ON c.id = o.client_id JOIN channel_account a ON a.id = o.channel_account_id""";

    static Candidate candidate(JdbcTemplate jdbc, long orderId) {
        List<Candidate> found = jdbc.query(CANDIDATE + " WHERE o.id = ?", (rs, n) -> candidate(rs), orderId);
        if (found.isEmpty()) {
            throw new OrderAllocator.UnknownOrderException(orderId);
        }
        return found.get(0);
    }

    private static Candidate candidate(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Candidate(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                rs.getString(5), OrderStatus.valueOf(rs.getString(6)), rs.getBoolean(7), rs.getBoolean(8),
                ErpPush.valueOf(rs.getString(9)), rs.getString(10), rs.getString(11), rs.getTimestamp(12) != null);
    }

    private List<ErpOrder.Line> lines(long orderId) {
        return lines(jdbc, orderId);
    }

    /** The ZK's lines: each order line's units that were neither missing nor cancelled, at the channel's price. */
    static List<ErpOrder.Line> lines(JdbcTemplate jdbc, long orderId) {
        return jdbc.query("""
                SELECT k.code, l.quantity - l.missing_quantity - l.cancelled_quantity, l.unit_price
                  FROM order_line l JOIN sku k ON k.id = l.sku_id
                 WHERE l.order_id = ? AND l.quantity > l.missing_quantity + l.cancelled_quantity ORDER BY l.line_no""",
                (rs, n) -> new ErpOrder.Line(rs.getString(1), BigDecimal.valueOf(rs.getInt(2)), rs.getBigDecimal(3)), orderId);
    }

    private void event(long orderId, String type, String detail) {
        jdbc.update("INSERT INTO order_event (order_id, type, detail, created_at) VALUES (?, ?, ?, ?)", orderId, type, detail, now());
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }

    static String abbreviate(String message) {
        String text = message == null ? "" : message;
        return text.length() <= 500 ? text : text.substring(0, 500) + "...";
    }
}
