package dev.kanal.orders;

import dev.kanal.client.config.ChannelAccountConfig;
import dev.kanal.client.config.ChannelType;
import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.SourceConfig;
import dev.kanal.connector.SourceConnector;
import dev.kanal.connector.SourceConnectors;
import dev.kanal.connector.SourceItem;
import dev.kanal.connector.SourceOrder;
import dev.kanal.connector.subiekt.SourceStockRow;
import dev.kanal.connector.subiekt.SubiektGatewayException;
import dev.kanal.connector.subiekt.SubiektGatewayUnavailableException;
import dev.kanal.inventory.RecalculationRequests;
import dev.kanal.inventory.SourceStockSync;
import dev.kanal.support.PermanentFailure;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The source writer of flow 2 for a client whose source is a shop (docs/decisions/0038): another
 * channel's order becomes an order of the shop, which lowers its own stock, instead of an ERP ZK.
 * Called by {@link ErpOrderWriter} under the client's writer lock with the attempt already
 * counted, so the same rules hold: an earlier attempt makes the connector look the order up by
 * its request key before it creates one, an unknown outcome is redelivered, a refusal holds the
 * order.
 *
 * <p>Once the shop has the order its stock carries it: the order's open allocations are consumed
 * and the stock of the items it took is read back from the shop, in the transaction that stores
 * the shop's order id, so no moment counts the units twice (taken by the shop and still
 * allocated) or not at all.
 *
 * <p>An order of a channel account that is the source shop itself (the same API root) is already
 * in the shop: nothing is written, the shop's order id is stored, and its allocations are
 * consumed the same way.
 *
 * <p>What Kanal later cancels of an order it wrote goes to the shop too ({@link #cancel},
 * docs/decisions/0044): the shop puts the units back in its own stock, which is read back in the
 * cancellation's transaction, as after the write.
 */
public class ShopOrderWriter {

    /** The prefix of a shop order id stored as an order's source reference ({@code erp_order_ref}). */
    public static final String SHOP_REF = "shop:";

    private final JdbcTemplate jdbc;
    private final SourceConnectors connectors;
    private final SourceStockSync stock;

    public ShopOrderWriter(JdbcTemplate jdbc, SourceConnectors connectors, SourceStockSync stock) {
        this.jdbc = jdbc;
        this.connectors = connectors;
        this.stock = stock;
    }

    /** What was written: the reference to store and the shop items whose stock the order took. */
    record Booked(String reference, List<String> itemRefs) {
    }

    /**
     * Writes the order to the shop, or finds it there.
     *
     * @throws SubiektGatewayUnavailableException the outcome is unknown: the broker redelivers (the writer's contract)
     * @throws SubiektGatewayException            the shop refused the order: it is held
     */
    Booked write(ClientConfig client, ErpOrderWriter.Candidate order, List<SourceOrder.Line> lines, boolean earlierAttempt) {
        if (isTheSourceShop(client, order.account())) {
            return new Booked(SHOP_REF + order.channelOrderId(), List.of());
        }
        SourceConnector shop = connectors.require(client.source().type());
        SourceOrder written = new SourceOrder(requestKey(client.id(), order), ErpOrderWriter.reference(order.account(),
                order.channelOrderId()), order.customerName(), order.cashOnDelivery(), lines);
        try {
            SourceConnector.Written answer = shop.writeOrder(client.id(), client.source(), written, earlierAttempt);
            return new Booked(SHOP_REF + answer.orderRef(), answer.itemRefs());
        } catch (RuntimeException e) {
            if (e instanceof PermanentFailure) {
                throw new SubiektGatewayException("POST /orders", e.getMessage());
            }
            throw new SubiektGatewayUnavailableException("the source shop's answer is unknown: " + e.getMessage(), e);
        }
    }

    /**
     * In the writer's transaction: the order's open allocations consumed, the stock of the items
     * it took read back from the shop ({@link SourceStockSync#refresh}). Returns the SKUs whose
     * sellable units changed.
     */
    Set<String> booked(ClientConfig client, long orderId, Booked booked) {
        jdbc.update("""
                UPDATE allocation SET status = 'SHIPPED', closed_at = ?
                 WHERE status = 'OPEN' AND order_line_id IN (SELECT id FROM order_line WHERE order_id = ?)""",
                Timestamp.from(Instant.now()), orderId);
        // the consumed allocations change what every channel may sell, whatever the read below finds
        RecalculationRequests.record(jdbc, client.id(), jdbc.queryForList("""
                SELECT DISTINCT k.code FROM order_line l JOIN sku k ON k.id = l.sku_id WHERE l.order_id = ? ORDER BY k.code""",
                String.class, orderId));
        if (booked.itemRefs().isEmpty()) {
            return Set.of();
        }
        SourceConfig source = client.source();
        SourceConnector shop = connectors.require(source.type());
        return stock.refresh(client.id(), () -> shop.readItems(client.id(), source, booked.itemRefs()).stream()
                .filter(item -> item.sku() != null)
                .map(item -> row(item, source.warehouse())).toList());
    }

    /**
     * What a cancellation did in the shop.
     *
     * @param reference the order's shop reference now ({@code shop:<id>}); null when the shop has no such order
     * @param detail    what was done, for the order's events; null when nothing was asked of the shop
     * @param skus      the SKUs whose sellable units the stock read back changed (their recalculation is recorded)
     */
    record ShopCancel(String reference, String detail, Set<String> skus) {
    }

    /**
     * Cancels in the shop what Kanal cancelled of an order it wrote there, in the caller's
     * transaction (the cancellation's, under the client's writer lock): the whole order, or the
     * given units by SKU. The connector looks at the shop first, so a retry after an attempt that
     * reached it changes nothing more. Then the stock of the order's items is read back from the
     * shop, which put the units back ({@link SourceStockSync#refresh}): a rollback of this
     * transaction rolls that back too, and the retry reads it again.
     *
     * @param shopRef   the order's stored reference ({@code shop:<id>}), null when an attempt's answer was lost
     * @param lines     units by SKU that reached the shop; empty: the whole order
     * @param cancelKey the same on every attempt of this cancellation (ignored for a whole order)
     * @throws OrderCancellation.CancellationRefusedException the shop will not (shipped, a line it does not hold)
     */
    ShopCancel cancel(ClientConfig client, long orderId, String account, String channelOrderId, String shopRef,
                      List<SourceOrder.Line> lines, String cancelKey, String reason) {
        if (isTheSourceShop(client, account)) {
            return new ShopCancel(shopRef, null, Set.of()); // the shop's own order: the shop cancels it itself, on its channel side
        }
        SourceConfig source = client.source();
        SourceConnector shop = connectors.require(source.type());
        String orderRef = shopRef == null ? null : shopRef.startsWith(SHOP_REF) ? shopRef.substring(SHOP_REF.length()) : shopRef;
        SourceConnector.Cancelled done;
        try {
            done = shop.cancelOrder(client.id(), source, new SourceConnector.Cancellation(orderRef,
                    requestKey(client.id(), orderId, account, channelOrderId), cancelKey, reason, lines));
        } catch (RuntimeException e) {
            if (e instanceof PermanentFailure) {
                throw new OrderCancellation.CancellationRefusedException("The source shop refused the cancellation of order "
                        + orderId + ": " + e.getMessage(), e);
            }
            throw e; // unknown or unanswered: the broker redelivers, the next attempt looks at the shop first
        }
        Set<String> skus = done.itemRefs().isEmpty() ? Set.of() : stock.refresh(client.id(), () -> shop.readItems(client.id(), source,
                done.itemRefs()).stream().filter(item -> item.sku() != null).map(item -> row(item, source.warehouse())).toList());
        return new ShopCancel(done.orderRef() == null ? null : SHOP_REF + done.orderRef(), done.detail(), skus);
    }

    /** Whether the order's reference is a shop order's ({@code shop:<id>}), not an ERP document's. */
    static boolean isShopReference(String reference) {
        return reference != null && reference.startsWith(SHOP_REF);
    }

    private static SourceStockRow row(SourceItem item, String warehouse) {
        return new SourceStockRow(item.sku(), warehouse, item.onHand() == null ? 0 : Math.max(0, item.onHand()), 0,
                item.onHand() == null);
    }

    /** The key the shop's order carries: one per Kanal order of the client, the same on every attempt. */
    static String requestKey(String client, ErpOrderWriter.Candidate order) {
        return requestKey(client, order.orderId(), order.account(), order.channelOrderId());
    }

    public static String requestKey(String client, long orderId, String account, String channelOrderId) {
        return client + "/" + orderId + "/" + ErpOrderWriter.reference(account, channelOrderId);
    }

    /**
     * Whether the order's channel account is the source shop itself (a WooCommerce account with
     * the source's API root): its orders are the shop's own, never written to it, shipped and
     * cancelled by the shop on its channel side.
     */
    public static boolean isTheSourceShop(ClientConfig client, String account) {
        return client.account(account)
                .filter(a -> a.type() == ChannelType.WOOCOMMERCE)
                .map(ChannelAccountConfig::baseUrl)
                .map(url -> sameRoot(url, client.source().baseUrl()))
                .orElse(false);
    }

    private static boolean sameRoot(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return normal(a).equals(normal(b));
    }

    private static String normal(String url) {
        String text = URI.create(url.trim()).normalize().toString().toLowerCase(Locale.ROOT);
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return text;
    }
}
