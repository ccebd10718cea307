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
 */
public class ShopOrderWriter {

    /** The prefix of a shop order id stored as an order's source reference ({@code erp_order_ref}). */
    static final String SHOP_REF = "shop:";

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

    private static SourceStockRow row(SourceItem item, String warehouse) {
        return new SourceStockRow(item.sku(), warehouse, item.onHand() == null ? 0 : Math.max(0, item.onHand()), 0,
                item.onHand() == null);
    }

    /** The key the shop's order carries: one per Kanal order of the client, the same on every attempt. */
    static String requestKey(String client, ErpOrderWriter.Candidate order) {
        return client + "/" + order.orderId() + "/" + ErpOrderWriter.reference(order.account(), order.channelOrderId());
    }

    /** Whether the order's channel account is the source shop itself (a WooCommerce account with the source's API root). */
    static boolean isTheSourceShop(ClientConfig client, String account) {
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
