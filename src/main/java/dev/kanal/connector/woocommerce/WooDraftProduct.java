package dev.kanal.connector.woocommerce;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.connector.OfferedProduct;
import java.math.RoundingMode;
import java.util.Map;

/**
 * The {@code POST /products} body for an offered product (shared/api-contracts.md 1.4): a simple
 * product in {@code draft}, so the shop manager reviews it before it is sold; stock managed from
 * 0 (the stock flow sets the real quantity once it is a listing); money as a string with two
 * decimals; the EAN in {@code meta_data} under {@value #EAN_META_KEY} (the documented product
 * fields have no barcode field); attributes as custom product attributes; images by URL.
 */
final class WooDraftProduct {

    /** The meta key the EAN goes under. */
    static final String EAN_META_KEY = "ean";

    private WooDraftProduct() {
    }

    static ObjectNode body(OfferedProduct product) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("name", product.name());
        body.put("type", "simple");
        body.put("status", "draft");
        body.put("sku", product.sku());
        body.put("manage_stock", true);
        body.put("stock_quantity", 0);
        if (product.price() != null) {
            body.put("regular_price", product.price().setScale(2, RoundingMode.HALF_UP).toPlainString());
        }
        if (product.ean() != null) {
            body.putArray("meta_data").addObject().put("key", EAN_META_KEY).put("value", product.ean());
        }
        if (!product.attributes().isEmpty()) {
            ArrayNode attributes = body.putArray("attributes");
            int position = 0;
            for (Map.Entry<String, String> attribute : product.attributes().entrySet()) {
                ObjectNode a = attributes.addObject();
                a.put("name", attribute.getKey());
                a.put("position", position++);
                a.put("visible", true);
                a.put("variation", false);
                a.putArray("options").add(attribute.getValue());
            }
        }
        if (!product.imageUrls().isEmpty()) {
            ArrayNode images = body.putArray("images");
            product.imageUrls().forEach(url -> images.addObject().put("src", url));
        }
        return body;
    }
}
