package dev.kanal.connector.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.connector.ChannelAnswer;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelProductOffers;
import dev.kanal.connector.OfferedProduct;
import dev.kanal.connector.ProductOfferResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * A source product into a WooCommerce shop as a draft ({@link WooDraftProduct}). First
 * {@code GET /products?sku=X&status=any}: a product of any status but trash with that SKU is
 * the listing already (a retry, or the shop had it); else {@code POST /products}. Should two
 * offers race, WooCommerce refuses the second with {@code product_invalid_sku}, and the look-up
 * again finds the first. Any other 400 refuses the product with WooCommerce's message.
 */
@Component
class WooCommerceProductOffers implements ChannelProductOffers {

    private static final String DUPLICATE_SKU = "product_invalid_sku";

    private final WooCommerceClient client;

    WooCommerceProductOffers(WooCommerceClient client) {
        this.client = client;
    }

    @Override
    public ProductOfferResult offer(ChannelConnection connection, OfferedProduct product) {
        Optional<String> existing = findBySku(connection, product.sku());
        if (existing.isPresent()) {
            return ProductOfferResult.alreadyListed(existing.get(), "the shop has product " + existing.get() + " with this SKU");
        }
        ChannelAnswer answer = client.send(connection, "POST", "/products", Map.of(), WooDraftProduct.body(product));
        int status = answer.statusCode();
        if (status == 400) {
            JsonNode error = client.parse(connection, "POST", "/products", answer);
            if (DUPLICATE_SKU.equals(error.path("code").asText())) {
                Optional<String> raced = findBySku(connection, product.sku());
                if (raced.isPresent()) {
                    return ProductOfferResult.alreadyListed(raced.get(), "the shop has product " + raced.get() + " with this SKU");
                }
            }
            return ProductOfferResult.refused("WooCommerce: " + error.path("message").asText("400")
                    + " (" + error.path("code").asText("?") + ")");
        }
        client.requireSuccess(connection, "POST", "/products", answer);
        JsonNode created = client.parse(connection, "POST", "/products", answer);
        String id = WooListingId.product(created.path("id").asLong()).toString();
        return ProductOfferResult.created(id, "draft product " + id);
    }

    private Optional<String> findBySku(ChannelConnection connection, String sku) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("sku", sku);
        query.put("status", "any");
        ChannelAnswer answer = client.send(connection, "GET", "/products", query, null);
        client.requireSuccess(connection, "GET", "/products", answer);
        for (JsonNode product : client.parse(connection, "GET", "/products", answer)) {
            if (sku.equals(product.path("sku").asText())) {
                return Optional.of(WooListingId.product(product.path("id").asLong()).toString());
            }
        }
        return Optional.empty();
    }
}
