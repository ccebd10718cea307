package dev.kanal.connector.baselinker;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.connector.OfferedProduct;
import java.math.RoundingMode;

/**
 * The {@code addInventoryProduct} parameters for an offered product (shared/api-contracts.md
 * 4.3): no {@code product_id}, so BaseLinker creates one; the name (and attributes as
 * {@code features}) in {@code text_fields}; the gross price under the account's price group when
 * Kanal knows both; stock 0 in Kanal's warehouse (the stock flow sets it once it is a listing);
 * images by URL ({@code url:} prefix, as BaseLinker takes them).
 */
final class BaseLinkerInventoryProduct {

    private BaseLinkerInventoryProduct() {
    }

    /** @param priceGroup the account's (or the catalog's default) price group; null leaves the price out */
    static ObjectNode parameters(OfferedProduct product, long inventoryId, String warehouse, Long priceGroup) {
        ObjectNode parameters = JsonNodeFactory.instance.objectNode();
        parameters.put("inventory_id", inventoryId);
        parameters.put("sku", product.sku());
        if (product.ean() != null) {
            parameters.put("ean", product.ean());
        }
        ObjectNode text = parameters.putObject("text_fields");
        text.put("name", product.name());
        if (!product.attributes().isEmpty()) {
            ObjectNode features = text.putObject("features");
            product.attributes().forEach(features::put);
        }
        if (product.price() != null && priceGroup != null) {
            parameters.putObject("prices").put(Long.toString(priceGroup), product.price().setScale(2, RoundingMode.HALF_UP));
        }
        parameters.putObject("stock").put(warehouse, 0);
        if (!product.imageUrls().isEmpty()) {
            ArrayNode images = parameters.putArray("images");
            product.imageUrls().forEach(url -> images.add("url:" + url));
        }
        return parameters;
    }
}
