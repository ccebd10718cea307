package dev.kanal.connector.baselinker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelProductOffers;
import dev.kanal.connector.OfferedProduct;
import dev.kanal.connector.ProductOfferResult;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * A source product into the account's BaseLinker catalog as an inventory product
 * ({@link BaseLinkerInventoryProduct}). First {@code getInventoryProductsList} with
 * {@code filter_sku}: a product with that SKU is the listing already (a retry, or the catalog had
 * it); else {@code addInventoryProduct}, its price in the account's {@code price-group} (where
 * prices out writes it), else in the catalog's default group. A refusal of the call ({@code ERROR_*}) refuses the
 * product with BaseLinker's words.
 */
class BaseLinkerProductOffers implements ChannelProductOffers {

    private final BaseLinkerHttp http;
    private final BaseLinkerCatalog catalog;

    BaseLinkerProductOffers(BaseLinkerHttp http, BaseLinkerCatalog catalog) {
        this.http = http;
        this.catalog = catalog;
    }

    @Override
    public ProductOfferResult offer(ChannelConnection connection, OfferedProduct product) {
        BaseLinkerCatalog.Target target;
        try {
            target = catalog.target(connection);
        } catch (BaseLinkerRefusal refused) {
            return ProductOfferResult.refused(refused.getMessage());
        }
        Optional<String> existing = findBySku(connection, target.inventoryId(), product.sku());
        if (existing.isPresent()) {
            return ProductOfferResult.alreadyListed(existing.get(), "catalog " + target.inventoryId() + " has product "
                    + existing.get() + " with this SKU");
        }
        Long priceGroup = product.price() == null ? null : BaseLinkerSettings.of(connection).priceGroup();
        if (product.price() != null && priceGroup == null) {
            priceGroup = defaultPriceGroup(connection, target.inventoryId());
        }
        ObjectNode parameters = BaseLinkerInventoryProduct.parameters(product, target.inventoryId(), target.warehouse(), priceGroup);
        JsonNode answer;
        try {
            answer = http.call(connection, "addInventoryProduct", parameters);
        } catch (BaseLinkerRefusal refused) {
            return ProductOfferResult.refused("BaseLinker: " + refused.getMessage());
        }
        String id = answer.path("product_id").asText("");
        if (!id.matches("\\d{1,18}")) {
            return ProductOfferResult.refused("BaseLinker answered addInventoryProduct without a product_id");
        }
        JsonNode warnings = answer.path("warnings");
        String detail = "inventory product " + id + " in catalog " + target.inventoryId()
                + (warnings.isObject() && !warnings.isEmpty() ? "; warnings: " + warnings : "");
        return ProductOfferResult.created(id, detail);
    }

    private Optional<String> findBySku(ChannelConnection connection, long inventoryId, String sku) {
        ObjectNode list = http.json().createObjectNode().put("inventory_id", inventoryId).put("filter_sku", sku);
        JsonNode products = http.call(connection, "getInventoryProductsList", list).path("products");
        if (!products.isObject()) {
            return Optional.empty(); // PHP's empty list is []
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = products.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> product = it.next();
            if (sku.equalsIgnoreCase(product.getValue().path("sku").asText())) {
                return Optional.of(product.getKey());
            }
        }
        return Optional.empty();
    }

    /** The catalog's default price group ({@code getInventories}); null when it names none. */
    private Long defaultPriceGroup(ChannelConnection connection, long inventoryId) {
        for (JsonNode inventory : http.call(connection, "getInventories", http.json().createObjectNode()).path("inventories")) {
            if (inventory.path("inventory_id").asLong() == inventoryId && inventory.path("default_price_group").canConvertToLong()) {
                return inventory.path("default_price_group").asLong();
            }
        }
        return null;
    }
}
