package dev.kanal.orders;

import dev.kanal.client.config.ChannelAccountConfig;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.client.config.MappedStatus;
import dev.kanal.connector.ChannelConnector;
import dev.kanal.connector.ChannelConnectors;
import dev.kanal.connector.ChannelOrder;
import dev.kanal.connector.ChannelOrderCanceller;
import dev.kanal.connector.ChannelOrderSource;
import dev.kanal.connector.MalformedOrderException;
import dev.kanal.support.CommitGroup;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The import-and-translate step of flow 2: one channel order as received (raw JSON, from a poll
 * or a webhook) becomes at most one sales order, translated.
 *
 * <p><b>Idempotent on client + channel account + channel order id.</b> The order row is inserted
 * with {@code ON CONFLICT DO NOTHING} (the only unique key a new order can hit is that one; no
 * conflict target, so the demo's H2 accepts it too) and then locked ({@code FOR UPDATE}), so
 * however many consumers on however many nodes receive the same order at once, one inserts and
 * translates it and the others wait for that, then find it. A delivery whose channel modification
 * time is not newer than the stored one, with the same status, changes nothing; an older one
 * (a late poll after a webhook) neither.
 *
 * <p><b>A newer state</b> updates the channel status, payload and paid flag. A held order is then
 * translated again (the channel may have fixed what held it). An order already translated keeps its
 * internal status (allocation, the ERP and cancellation own it from there) and is handed on again
 * only when its mapped status becomes one Kanal fulfils and was not before (e.g. pending to
 * processing), marked {@code status-changed}. A status the map does not name, on an order already
 * translated, is stored and logged but holds nothing: the order is already with allocation.
 * An open order (not shipped, not cancelled; held too) whose status now maps to cancelled or
 * refunded is marked {@code cancelled-on-channel} and goes to cancellation, which releases its
 * allocations and removes its ZK; an order first seen already cancelled is only recorded. On an
 * {@code erp-push: on-completed} account, an allocated open order whose status now maps to shipped
 * was shipped by the shop: it becomes SHIPPED and is marked {@code completed-on-channel}, for the
 * ERP writer (docs/decisions/0021).
 *
 * <p><b>Allocated lines stay.</b> Once any line is allocated the order is never translated again
 * and its lines are never deleted (allocations reference them): a repeat of the same channel state
 * is a no-op, a newer one changes statuses as above, and lines that really changed on the channel
 * hold the order with that reason. Each import records what the channel shows about each line's
 * acknowledgement ({@code order_line.channel_awaits_ack}).
 *
 * <p><b>Between the two commits.</b> The database commits before the broker acknowledges. If the
 * process dies in between, the broker redelivers and the order is already there: a redelivered
 * message for an order still waiting for allocation is handed on again, so the hand-on is not
 * lost (allocation must be idempotent per order, as every hop is). Likewise a paid order still
 * waiting for payment is handed on again. An open order cancelled on the channel is recorded as
 * an order change (CANCEL to the ERP, the whole order) in the import's transaction; the import
 * hands on every change it left unsent, a redelivery included.
 *
 * <p><b>Batches.</b> Deliveries of one client that consumers hand in while another batch is
 * being imported are imported together in one transaction, each exactly as it would be alone
 * ({@link CommitGroup}, docs/decisions/0035); each consumer still acknowledges its own message
 * after that commit.
 */
public class OrderIntake {

    private static final Logger log = LoggerFactory.getLogger(OrderIntake.class);

    /** What one delivery did. {@code event} is null when nothing is to be handed on. */
    public record Outcome(Long orderId, String client, String account, String status, String mappedStatus,
                          String holdReason, String event) {

        public static final String TRANSLATED = "translated";
        public static final String STATUS_CHANGED = "status-changed";
        /** Cancelled or refunded on the channel after Kanal took the order on: its CANCEL change (kanal.order.changes) releases it. */
        public static final String CANCELLED_ON_CHANNEL = "cancelled-on-channel";
        /** Completed (shipped) by the shop on an {@code erp-push: on-completed} account: goes to the ERP writer. */
        public static final String COMPLETED_ON_CHANNEL = "completed-on-channel";

        /** Goes on to allocation. */
        public boolean handOn() {
            return TRANSLATED.equals(event) || STATUS_CHANGED.equals(event);
        }

        /** Was cancelled on the channel: its order change is on its way ({@code kanal.order.changes}). */
        public boolean cancel() {
            return CANCELLED_ON_CHANNEL.equals(event);
        }

        /** Goes on to the ERP writer ({@code kanal.orders.accepted}): shipped by the channel, written on completion. */
        public boolean toErp() {
            return COMPLETED_ON_CHANNEL.equals(event);
        }
    }

    /** What releasing the orders held for one reason did. */
    public record ReleaseReport(String reason, int held, int released, int stillHeld, Map<String, Integer> stillHeldFor,
                                List<Outcome> handedOn) {
    }

    private record Stored(long id, String status, String channelStatus, Instant modifiedAt, String mappedStatus,
                          String holdReason, String payload) {
    }

    private record Ids(long clientId, long accountId) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ClientRegistry clients;
    private final ChannelConnectors connectors;
    private final OrderTranslator translator;
    private final CommitGroup<String, Received, Outcome> group;
    /** The catalogue lookups of the batch this thread is importing (null outside a batch). */
    private final ThreadLocal<Map<String, Optional<List<OrderTranslator.Component>>>> catalogCache = new ThreadLocal<>();

    /** Most deliveries imported in one transaction. */
    static final int BATCH = 50;

    public OrderIntake(JdbcTemplate jdbc, TransactionTemplate tx, ClientRegistry clients, ChannelConnectors connectors,
                       OrderTranslator translator) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clients = clients;
        this.connectors = connectors;
        this.translator = translator;
        this.group = new CommitGroup<>(BATCH, this::importBatch, this::importOne);
    }

    /**
     * Imports one received order.
     *
     * @param deliveryCount the broker's delivery count (1 the first time); null outside a queue
     * @throws MalformedOrderException when the body is not an order of the account's channel, or a
     *                                 value does not fit its column ({@link OrderColumnLimits})
     * @throws dev.kanal.client.config.UnknownClientException when no client file names the account
     */
    public Outcome receive(String body, String client, String account, String channelOrderId, String source,
                           Integer deliveryCount) {
        ChannelAccountConfig config = clients.account(client, account);
        ChannelOrder order = source(config).read(body);
        OrderColumnLimits.check(order);
        if (channelOrderId != null && !channelOrderId.isBlank() && !channelOrderId.equals(order.channelOrderId())) {
            throw new MalformedOrderException("The message names channel order " + channelOrderId + " but its body is order "
                    + order.channelOrderId());
        }
        boolean redelivered = deliveryCount != null && deliveryCount > 1;
        Outcome outcome = group.submit(client, new Received(client, account, config, order, body, source, redelivered));
        log.debug("Order {}/{}/{} via {}: {}", client, account, order.channelOrderId(), source, outcome);
        return outcome;
    }

    /** One delivery, read and checked, waiting for its transaction. */
    private record Received(String client, String account, ChannelAccountConfig config, ChannelOrder order, String body,
                            String source, boolean redelivered) {
    }

    /** One delivery in its own transaction. */
    private Outcome importOne(Received r) {
        Ids ids = ids(r.client(), r.account());
        return tx.execute(status -> upsert(ids, r.client(), r.account(), r.config(), r.order(), r.body(), r.source(), r.redelivered()));
    }

    /**
     * Deliveries of one client in one transaction (docs/decisions/0035), each imported exactly as
     * alone, in a stable order (account, channel order id) so two batches wait for each other's
     * order rows in the same order and cannot deadlock; account ids and catalogue lookups are read
     * once per batch.
     */
    private List<CommitGroup.Result<Outcome>> importBatch(List<Received> batch) {
        Map<String, Ids> ids = new HashMap<>();
        List<Integer> order = IntStream.range(0, batch.size()).boxed()
                .sorted(Comparator.comparing((Integer i) -> batch.get(i).account()).thenComparing(i -> batch.get(i).order().channelOrderId()))
                .toList();
        for (Received r : batch) {
            ids.computeIfAbsent(r.account(), a -> ids(r.client(), a));
        }
        Outcome[] outcomes = new Outcome[batch.size()];
        catalogCache.set(new HashMap<>());
        try {
            tx.executeWithoutResult(status -> {
                for (int i : order) {
                    Received r = batch.get(i);
                    outcomes[i] = upsert(ids.get(r.account()), r.client(), r.account(), r.config(), r.order(), r.body(), r.source(),
                            r.redelivered());
                }
            });
        } finally {
            catalogCache.remove();
        }
        return Arrays.stream(outcomes).map(CommitGroup.Result::of).toList();
    }

    private Outcome upsert(Ids ids, String client, String account, ChannelAccountConfig config, ChannelOrder order,
                           String body, String source, boolean redelivered) {
        Timestamp now = Timestamp.from(Instant.now());
        int inserted = jdbc.update("""
                INSERT INTO sales_order (client_id, channel_account_id, channel_order_id, channel_status, status, paid,
                       cash_on_delivery, currency, total, received_at, updated_at, channel_payload, channel_modified_at,
                       received_via)
                VALUES (?, ?, ?, ?, 'RECEIVED', ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING
                """, ids.clientId(), ids.accountId(), order.channelOrderId(), order.channelStatus(), order.paid(),
                order.cashOnDelivery(), order.currency(), order.total(), now, now, body, timestamp(order.modifiedAt()),
                source == null ? null : source.length() > 16 ? source.substring(0, 16) : source);
        Stored stored = lock(ids, order.channelOrderId());
        if (inserted == 1) {
            Outcome translated = translateInto(stored.id(), client, account, ids, config, order);
            recordLineStates(stored.id(), order);
            recordChannelChanges(stored.id(), order, config);
            return translated;
        }
        if (!isNewer(order, stored, body)) {
            recordAnsweredLines(stored.id(), order);
            if (redelivered && endsOnChannel(stored.mappedStatus()) && OrderStatus.valueOf(stored.status()).isOpen()) {
                // recorded with the first delivery (or, for an order imported before the hop, now); the route hands it on
                recordCancelledOnChannel(stored.id(), stored.mappedStatus());
                return outcome(stored.id(), client, account, Outcome.CANCELLED_ON_CHANNEL);
            }
            if (redelivered && OrderStatus.RECEIVED.name().equals(stored.status()) && stored.mappedStatus() != null
                    && OrderTranslator.isFulfilled(MappedStatus.valueOf(stored.mappedStatus()))) {
                return outcome(stored.id(), client, account, Outcome.TRANSLATED);
            }
            if (redelivered && OrderStatus.AWAITING_PAYMENT.name().equals(stored.status()) && order.paid()
                    && MappedStatus.TO_FULFIL.name().equals(stored.mappedStatus())) {
                // the paid-now hand-on may not have reached the broker: allocation turns it ACCEPTED once
                return outcome(stored.id(), client, account, Outcome.STATUS_CHANGED);
            }
            if (redelivered && shippedByChannelWithoutZk(stored.id())) {
                // the ERP hand-on of the completion may not have reached the broker; the writer writes once
                return outcome(stored.id(), client, account, Outcome.COMPLETED_ON_CHANNEL);
            }
            return new Outcome(stored.id(), client, account, stored.status(), stored.mappedStatus(), stored.holdReason(), null);
        }
        jdbc.update("""
                UPDATE sales_order SET channel_status = ?, channel_payload = ?, channel_modified_at = ?, paid = (paid OR ?),
                       updated_at = ?, version = version + 1
                 WHERE id = ?
                """, order.channelStatus(), body, timestamp(order.modifiedAt()), order.paid(), now, stored.id());
        recordLineStates(stored.id(), order);
        boolean allocated = hasAllocatedLines(stored.id());
        MappedStatus mapped = config.mappedStatus(order.channelStatus()).orElse(null);
        boolean wasFulfilled = stored.mappedStatus() != null
                && OrderTranslator.isFulfilled(MappedStatus.valueOf(stored.mappedStatus()));
        if (mapped != null && endsOnChannel(mapped.name()) && !endsOnChannel(stored.mappedStatus())
                && !MappedStatus.SHIPPED.name().equals(stored.mappedStatus()) // refunded after shipping: a return
                && OrderStatus.valueOf(stored.status()).isOpen()) {
            // Cancelled or refunded on the channel: cancellation (not translation) closes the order, so its
            // allocations are released and its ZK removed, held or not. Closed orders stay as they are.
            jdbc.update("UPDATE sales_order SET mapped_status = ? WHERE id = ?", mapped.name(), stored.id());
            recordCancelledOnChannel(stored.id(), mapped.name());
            log.info("Order {}/{}/{} is '{}' on the channel: cancelling it", client, account, order.channelOrderId(),
                    order.channelStatus());
            return outcome(stored.id(), client, account, Outcome.CANCELLED_ON_CHANNEL);
        }
        recordChannelChanges(stored.id(), order, config);
        if (allocated && linesChanged(config, stored, order)) {
            return holdForChangedLines(stored, client, account, order);
        }
        if (ErpPushRule.completedOnChannel(config.erpPush(), OrderStatus.valueOf(stored.status()), stored.mappedStatus(), mapped,
                allocated)) {
            return shippedByChannel(stored, client, account, order);
        }
        if (!allocated && (OrderStatus.HELD.name().equals(stored.status())
                || (OrderStatus.RECEIVED.name().equals(stored.status()) && !wasFulfilled && OrderTranslator.isFulfilled(mapped)))) {
            // held, or recorded without needing its lines (ignored) and now to be fulfilled: translate it whole
            return translateInto(stored.id(), client, account, ids, config, order);
        }
        String event = null;
        if (mapped != null && !mapped.name().equals(stored.mappedStatus())) {
            jdbc.update("UPDATE sales_order SET mapped_status = ? WHERE id = ?", mapped.name(), stored.id());
            if (OrderStatus.valueOf(stored.status()).isOpen() && wasFulfilled && mapped == MappedStatus.TO_FULFIL) {
                event = Outcome.STATUS_CHANGED; // e.g. paid now: the ERP rule "once paid" may apply
            }
        } else if (mapped == null) {
            log.warn("Order {}/{}/{} changed to channel status '{}', which the status map does not name; kept as {}",
                    client, account, order.channelOrderId(), order.channelStatus(), stored.status());
        }
        return outcome(stored.id(), client, account, event);
    }

    /**
     * Allocated lines are never deleted or replaced (allocations reference them): when the
     * channel's lines themselves changed after allocation (another SKU, another quantity, a line
     * added or removed), the order is held for an operator with the difference as its reason;
     * one already in the ERP keeps its status and gets the event, as its ZK must be changed by hand.
     */
    private Outcome holdForChangedLines(Stored stored, String client, String account, ChannelOrder order) {
        String reason = truncate("lines changed on the channel after allocation: now " + lineKeys(order), 512);
        Timestamp now = Timestamp.from(Instant.now());
        OrderStatus status = OrderStatus.valueOf(stored.status());
        if (status.isOpen() && status != OrderStatus.IN_ERP && !reason.equals(stored.holdReason())) {
            jdbc.update("UPDATE sales_order SET status = 'HELD', hold_reason = ?, updated_at = ?, version = version + 1 WHERE id = ?",
                    reason, now, stored.id());
        }
        jdbc.update("INSERT INTO order_event (order_id, type, detail, created_at) VALUES (?, 'LINES_CHANGED', ?, ?)",
                stored.id(), reason, now);
        log.warn("Order {}/{}/{}: {}", client, account, order.channelOrderId(), reason);
        return outcome(stored.id(), client, account, null);
    }

    /**
     * The shop shipped the order itself ({@code erp-push: on-completed}, docs/decisions/0021): the
     * order is SHIPPED, with an event naming the channel as the shipper, and goes to the ERP writer.
     * Its allocations stay OPEN: the ERP's stock falls only when the ERP issues the document for
     * the ZK, and the shipment poll consumes them then.
     */
    private Outcome shippedByChannel(Stored stored, String client, String account, ChannelOrder order) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("""
                UPDATE sales_order SET status = 'SHIPPED', mapped_status = 'SHIPPED', shipped_by_channel_at = ?, updated_at = ?,
                       version = version + 1
                 WHERE id = ?""", now, now, stored.id());
        jdbc.update("INSERT INTO order_event (order_id, type, detail, created_at) VALUES (?, 'SHIPPED', ?, ?)", stored.id(),
                truncate("shipped by the channel: " + account + " shows '" + order.channelStatus() + "'", 1024), now);
        log.info("Order {}/{}/{} is '{}' on the channel: shipped by the shop, on to the ERP", client, account,
                order.channelOrderId(), order.channelStatus());
        return outcome(stored.id(), client, account, Outcome.COMPLETED_ON_CHANNEL);
    }

    private boolean shippedByChannelWithoutZk(long orderId) {
        return jdbc.queryForObject("""
                SELECT COUNT(*) FROM sales_order
                 WHERE id = ? AND status = 'SHIPPED' AND shipped_by_channel_at IS NOT NULL AND erp_order_ref IS NULL""",
                Integer.class, orderId) == 1;
    }

    /** The channel's lines before this delivery differ from its lines now (by line id, SKU and quantity). */
    private boolean linesChanged(ChannelAccountConfig config, Stored stored, ChannelOrder order) {
        if (stored.payload() == null) {
            return false;
        }
        ChannelOrder before;
        try {
            before = source(config).read(stored.payload());
        } catch (RuntimeException unreadable) {
            return false; // nothing to compare with: keep the lines as they are
        }
        return !lineKeys(before).equals(lineKeys(order));
    }

    private static List<String> lineKeys(ChannelOrder order) {
        return order.lines().stream().map(l -> l.channelLineId() + ":" + l.channelSku() + "x" + l.quantity()).sorted().toList();
    }

    private boolean hasAllocatedLines(long orderId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM order_line WHERE order_id = ? AND allocated_at IS NOT NULL",
                Integer.class, orderId) > 0;
    }

    /**
     * Flow 4, channel to ERP: lines the channel cancelled or refunded on their own while the order
     * goes on (Back Market line state 4 or 5), and refunds it lists without their lines
     * (WooCommerce), of an open order, each become an order change (kanal.order.changes) in this
     * transaction, keyed so that every later import of the same state records nothing new.
     * Refunds Kanal made itself carry a change marker in their reason and are skipped. A whole
     * order cancelled or refunded is one change of the whole order instead (above).
     */
    private void recordChannelChanges(long orderId, ChannelOrder order, ChannelAccountConfig config) {
        String status = jdbc.queryForObject("SELECT status FROM sales_order WHERE id = ?", String.class, orderId);
        if (!OrderStatus.valueOf(status).isOpen() || config.mappedStatus(order.channelStatus()).orElse(null) == MappedStatus.SHIPPED) {
            return; // shipped (a refund now is a return) or cancelled
        }
        for (ChannelOrder.Line line : order.lines()) {
            if (!line.cancelled() || line.channelLineId() == null) {
                continue;
            }
            List<OrderChange.Units> units = jdbc.query("""
                    SELECT id, quantity - shipped_quantity - cancelled_quantity FROM order_line
                     WHERE order_id = ? AND channel_line_id = ? AND quantity > shipped_quantity + cancelled_quantity ORDER BY line_no""",
                    (rs, n) -> new OrderChange.Units(rs.getLong(1), rs.getInt(2)), orderId, line.channelLineId());
            if (!units.isEmpty()) {
                OrderChanges.record(jdbc, new OrderChanges.NewChange(orderId, OrderChange.Direction.TO_ERP, OrderChange.Kind.CANCEL,
                        OrderChange.Origin.CHANNEL, "channel-line:" + line.channelLineId() + ":cancelled", units,
                        "line " + line.channelLineId() + " cancelled on the channel", null), Clock.systemUTC());
            }
        }
        for (ChannelOrder.Refund refund : order.refundIds()) {
            if (!ChannelOrderCanceller.carriesMarker(refund.reason())) {
                OrderChanges.record(jdbc, new OrderChanges.NewChange(orderId, OrderChange.Direction.TO_ERP, OrderChange.Kind.CANCEL,
                        OrderChange.Origin.CHANNEL, "channel-refund:" + refund.id(), null,
                        truncate("refund " + refund.id() + " on the channel" + (refund.reason() == null || refund.reason().isBlank()
                                ? "" : ": " + refund.reason()), 1000), refund.id()), Clock.systemUTC());
            }
        }
    }

    /**
     * The whole order cancelled or refunded on the channel before it shipped: a CANCEL change to the
     * ERP with no lines (the whole order), once per channel state ({@code CancelToErp} cancels what
     * is left, a second one finds nothing).
     */
    private void recordCancelledOnChannel(long orderId, String mappedStatus) {
        OrderChanges.record(jdbc, new OrderChanges.NewChange(orderId, OrderChange.Direction.TO_ERP, OrderChange.Kind.CANCEL,
                OrderChange.Origin.CHANNEL, "channel-order:" + mappedStatus.toLowerCase(Locale.ROOT), List.of(),
                "cancelled on the channel (" + mappedStatus + ")", null), Clock.systemUTC());
    }

    /** What the channel shows about each line's acknowledgement (see {@code order_line.channel_awaits_ack}). */
    private void recordLineStates(long orderId, ChannelOrder order) {
        List<Object[]> states = order.lines().stream().filter(l -> l.awaitsAcceptance() != null && l.channelLineId() != null)
                .map(l -> new Object[] {l.awaitsAcceptance(), orderId, l.channelLineId()}).toList();
        if (!states.isEmpty()) {
            jdbc.batchUpdate("UPDATE order_line SET channel_awaits_ack = ? WHERE order_id = ? AND channel_line_id = ?", states);
        }
    }

    /**
     * A snapshot that is not newer than the stored one (Back Market dates a change to the second, and
     * accepts one SKU per call) may still be the only one showing a line Kanal told the channel about
     * as no longer waiting: a poll between two acceptances in one second stores the first, and the
     * one after the second looks the same age. Kanal tells a line only once it waits (paid and
     * allocated), and it leaves waiting only through what Kanal told, so its leaving is recorded from
     * any snapshot; the other line states only from newer ones. "Told" counts an attempt without an
     * answer too: a node killed between the channel's 2xx and recording it leaves only the attempt,
     * and the channel then refuses every repeat (the line is no longer waiting).
     */
    private void recordAnsweredLines(long orderId, ChannelOrder order) {
        List<Object[]> answered = order.lines().stream()
                .filter(l -> Boolean.FALSE.equals(l.awaitsAcceptance()) && l.channelLineId() != null)
                .map(l -> new Object[] {orderId, l.channelLineId()}).toList();
        if (!answered.isEmpty()) {
            jdbc.batchUpdate("""
                    UPDATE order_line SET channel_awaits_ack = FALSE
                     WHERE order_id = ? AND channel_line_id = ? AND channel_awaits_ack
                       AND (channel_ack IS NOT NULL OR channel_ack_attempted_at IS NOT NULL)""", answered);
        }
    }

    private static boolean endsOnChannel(String mappedStatus) {
        return MappedStatus.CANCELLED.name().equals(mappedStatus) || MappedStatus.REFUNDED.name().equals(mappedStatus);
    }

    /** Newer: a later channel modification time, or the same time with another status; without times, another body. */
    private static boolean isNewer(ChannelOrder order, Stored stored, String body) {
        boolean sameStatus = order.channelStatus().equals(stored.channelStatus());
        if (order.modifiedAt() != null && stored.modifiedAt() != null) {
            if (order.modifiedAt().isBefore(stored.modifiedAt())) {
                return false;
            }
            return order.modifiedAt().isAfter(stored.modifiedAt()) || !sameStatus;
        }
        return !sameStatus || !Objects.equals(body, stored.payload());
    }

    /** Translates the order (again) into its row: lines replaced, status, hold reason, mapped status, customer. */
    private Outcome translateInto(long orderId, String client, String account, Ids ids, ChannelAccountConfig config,
                                  ChannelOrder order) {
        if (hasAllocatedLines(orderId)) {
            // allocations reference the lines: never replace them (allocation and the operator own the order now)
            log.info("Order {}/{}/{} has allocated lines: not translated again", client, account, order.channelOrderId());
            return outcome(orderId, client, account, null);
        }
        OrderTranslator.Catalog catalog = new JdbcOrderCatalog(jdbc, ids.clientId(), ids.accountId(), config.mappingMode());
        Map<String, Optional<List<OrderTranslator.Component>>> cache = catalogCache.get();
        if (cache != null) { // in a batch: a listing's mapping is read once
            OrderTranslator.Catalog read = catalog;
            catalog = (listingId, sku) -> cache.computeIfAbsent(ids.accountId() + "\u0000" + listingId + "\u0000" + sku,
                    k -> read.find(listingId, sku));
        }
        OrderTranslator.Translation t = translator.translate(order, config, catalog);
        jdbc.update("DELETE FROM order_line WHERE order_id = ?", orderId);
        List<Object[]> lines = new ArrayList<>();
        int lineNo = 1;
        for (OrderTranslator.Line line : t.lines()) {
            lines.add(new Object[] {orderId, lineNo++, line.channelLineId(), line.channelSku(), line.skuId(), line.variationId(),
                    line.quantity(), line.unitPrice()});
        }
        jdbc.batchUpdate("INSERT INTO order_line (order_id, line_no, channel_line_id, channel_sku, sku_id, variation_id, "
                + "quantity, unit_price) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", lines);
        jdbc.update("""
                UPDATE sales_order SET status = ?, hold_reason = ?, mapped_status = ?, customer_name = ?, updated_at = ?,
                       version = version + 1
                 WHERE id = ?
                """, t.status().name(), truncate(t.holdReason(), 512), t.mappedStatus() == null ? null : t.mappedStatus().name(),
                truncate(t.customerName(), 255), Timestamp.from(Instant.now()), orderId);
        if (t.held()) {
            log.info("Order {}/{}/{} held: {}", client, account, order.channelOrderId(), t.holdReason());
        }
        return new Outcome(orderId, client, account, t.status().name(),
                t.mappedStatus() == null ? null : t.mappedStatus().name(), t.holdReason(), t.handOn() ? Outcome.TRANSLATED : null);
    }

    /**
     * Translates again, from its stored payload, every order of the client held for exactly this
     * reason (after the mapping that held them was fixed). Each order in its own transaction.
     */
    public ReleaseReport release(String client, String reason) {
        long clientId = clientId(client);
        List<Long> held = jdbc.queryForList("SELECT id FROM sales_order WHERE client_id = ? AND status = 'HELD' AND hold_reason = ? "
                + "ORDER BY id", Long.class, clientId, reason);
        List<Outcome> outcomes = new ArrayList<>();
        for (long id : held) {
            Outcome outcome = tx.execute(status -> retranslate(id, client, clientId, reason));
            if (outcome != null) {
                outcomes.add(outcome);
            }
        }
        Map<String, Integer> stillHeldFor = new TreeMap<>();
        outcomes.stream().filter(o -> o.holdReason() != null).forEach(o -> stillHeldFor.merge(o.holdReason(), 1, Integer::sum));
        int stillHeld = stillHeldFor.values().stream().mapToInt(Integer::intValue).sum();
        return new ReleaseReport(reason, held.size(), outcomes.size() - stillHeld, stillHeld, stillHeldFor,
                outcomes.stream().filter(Outcome::handOn).toList());
    }

    private Outcome retranslate(long orderId, String client, long clientId, String reason) {
        Map<String, Object> row = jdbc.queryForList(
                "SELECT status, hold_reason, channel_payload, channel_account_id FROM sales_order WHERE id = ? FOR UPDATE", orderId)
                .stream().findFirst().orElse(null);
        if (row == null || !"HELD".equals(row.get("status")) || !reason.equals(row.get("hold_reason"))) {
            return null; // released or changed meanwhile
        }
        long accountId = ((Number) row.get("channel_account_id")).longValue();
        row.put("account", jdbc.queryForObject("SELECT code FROM channel_account WHERE id = ?", String.class, accountId));
        row.put("account_id", accountId);
        String account = (String) row.get("account");
        ChannelAccountConfig config = clients.account(client, account);
        ChannelOrder order = source(config).read((String) row.get("channel_payload"));
        return translateInto(orderId, client, account, new Ids(clientId, ((Number) row.get("account_id")).longValue()), config, order);
    }

    private Outcome outcome(long orderId, String client, String account, String event) {
        Map<String, Object> row = jdbc.queryForMap("SELECT status, mapped_status, hold_reason FROM sales_order WHERE id = ?", orderId);
        return new Outcome(orderId, client, account, (String) row.get("status"), (String) row.get("mapped_status"),
                (String) row.get("hold_reason"), event);
    }

    private Stored lock(Ids ids, String channelOrderId) {
        return jdbc.queryForObject("""
                SELECT id, status, channel_status, channel_modified_at, mapped_status, hold_reason, channel_payload
                  FROM sales_order WHERE client_id = ? AND channel_account_id = ? AND channel_order_id = ? FOR UPDATE
                """, (rs, n) -> new Stored(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant(), rs.getString(5), rs.getString(6),
                        rs.getString(7)),
                ids.clientId(), ids.accountId(), channelOrderId);
    }

    private ChannelOrderSource source(ChannelAccountConfig config) {
        ChannelOrderSource source = connectors.capability(config.type(), ChannelConnector::orderSource).orElse(null);
        if (source == null) {
            throw new IllegalStateException("Kanal cannot read " + config.type() + " orders yet (account " + config.id() + ")");
        }
        return source;
    }

    private Ids ids(String client, String account) {
        Map<String, Object> row = jdbc.queryForList("SELECT c.id AS client_id, a.id AS account_id FROM channel_account a "
                + "JOIN client c ON c.id = a.client_id WHERE c.code = ? AND a.code = ?", client, account)
                .stream().findFirst().orElseThrow(() -> new IllegalStateException(
                        "Channel account " + client + "/" + account + " is not in the database"));
        return new Ids(((Number) row.get("client_id")).longValue(), ((Number) row.get("account_id")).longValue());
    }

    long clientId(String client) {
        List<Long> ids = jdbc.queryForList("SELECT id FROM client WHERE code = ?", Long.class, client);
        if (ids.isEmpty()) {
            throw new dev.kanal.client.config.UnknownClientException("unknown client '" + client + "'");
        }
        return ids.get(0);
    }

    private static Timestamp timestamp(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
