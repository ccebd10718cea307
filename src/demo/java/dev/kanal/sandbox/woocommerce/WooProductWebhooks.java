package dev.kanal.sandbox.woocommerce;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The sandbox's product.updated deliveries: WooCommerce sends one for every product or variation
 * saved (a variation as the products endpoint shows it, with its parent_id), whoever changed it
 * (wp-admin, an order lowering stock, the REST API).
 */
final class WooProductWebhooks {

    private WooProductWebhooks() {
    }

    /** One delivery per changed item ({product id, item} each, the item the product itself or a variation). Under the shop's lock. */
    static void announce(WooWebhookSender sender, WooShop shop, WooOrderBook book, WooCatalog catalog, List<Object[]> changed,
                         String root) {
        if (sender == null) {
            return;
        }
        for (Object[] change : changed) {
            long productId = (Long) change[0];
            ObjectNode item = (ObjectNode) change[1];
            long itemId = item.path("id").asLong();
            ObjectNode rendered = itemId == productId ? catalog.renderProduct(item, root)
                    : catalog.renderVariationAsProduct(productId, item, root);
            sender.deliverLater(shop, book.deliveriesFor("product.updated", itemId), rendered.toString(), root);
        }
    }
}
