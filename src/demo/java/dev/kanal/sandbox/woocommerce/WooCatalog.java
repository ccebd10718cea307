package dev.kanal.sandbox.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The products and variations of one sandbox shop. Stored as the JSON WooCommerce answers with,
 * derived fields ({@code price}, {@code on_sale}, {@code stock_status}, {@code variations}, ...)
 * recomputed on every write; only the host-dependent {@code permalink} is added when rendered.
 * Not thread-safe: {@link WooShop} serialises access.
 */
final class WooCatalog {

    static final String PRODUCT_INVALID_ID = "woocommerce_rest_product_invalid_id";
    static final String VARIATION_INVALID_ID = "woocommerce_rest_product_variation_invalid_id";

    private final Clock clock;
    private final TreeMap<Long, ObjectNode> products = new TreeMap<>();
    private final Map<Long, TreeMap<Long, ObjectNode>> variations = new HashMap<>();
    private final Map<String, Long> skus = new HashMap<>();
    private final Map<String, Long> slugs = new HashMap<>();
    private long nextId = 10;
    private long nextMetaId = 1000;
    private long nextMediaId = 500;

    WooCatalog(Clock clock) {
        this.clock = clock;
    }

    // ------------------------------------------------------------ products

    Collection<ObjectNode> products() {
        return products.values();
    }

    ObjectNode product(long id) {
        ObjectNode product = products.get(id);
        if (product == null) {
            throw WooError.invalidId(PRODUCT_INVALID_ID);
        }
        return product;
    }

    ObjectNode createProduct(JsonNode body) {
        Map<String, JsonNode> values = WooFields.read(body, WooFields.PRODUCT);
        long id = nextId;
        checkSku(values, id);
        nextId++;
        String now = WooJson.now(clock);
        ObjectNode product = JsonNodeFactory.instance.objectNode();
        product.put("id", id);
        product.put("name", "");
        product.put("slug", "");
        product.put("permalink", "");
        product.put("date_created", now);
        product.put("date_created_gmt", now);
        product.put("date_modified", now);
        product.put("date_modified_gmt", now);
        product.put("type", "simple");
        product.put("status", "publish");
        product.put("featured", false);
        product.put("catalog_visibility", "visible");
        product.put("description", "");
        product.put("short_description", "");
        product.put("sku", "");
        product.put("global_unique_id", "");
        product.put("price", "");
        product.put("regular_price", "");
        product.put("sale_price", "");
        product.putNull("date_on_sale_from");
        product.putNull("date_on_sale_from_gmt");
        product.putNull("date_on_sale_to");
        product.putNull("date_on_sale_to_gmt");
        product.put("on_sale", false);
        product.put("purchasable", false);
        product.put("total_sales", 0);
        product.put("virtual", false);
        product.put("downloadable", false);
        product.put("external_url", "");
        product.put("button_text", "");
        product.put("tax_status", "taxable");
        product.put("tax_class", "");
        product.put("manage_stock", false);
        product.putNull("stock_quantity");
        product.put("stock_status", "instock");
        product.put("backorders", "no");
        product.put("backorders_allowed", false);
        product.put("backordered", false);
        product.putNull("low_stock_amount");
        product.put("sold_individually", false);
        product.put("weight", "");
        product.set("dimensions", WooFields.dimensions());
        product.put("shipping_required", true);
        product.put("shipping_class", "");
        product.put("shipping_class_id", 0);
        product.put("reviews_allowed", true);
        product.put("average_rating", "0.00");
        product.put("rating_count", 0);
        product.putArray("upsell_ids");
        product.putArray("cross_sell_ids");
        product.put("parent_id", 0);
        product.put("purchase_note", "");
        product.putArray("categories");
        product.putArray("tags");
        product.putArray("images");
        product.putArray("attributes");
        product.putArray("default_attributes");
        product.putArray("variations");
        product.putArray("grouped_products");
        product.put("menu_order", 0);
        product.putArray("meta_data");
        apply(product, values);
        String slug = product.path("slug").asText().isEmpty() ? product.path("name").asText() : product.path("slug").asText();
        product.put("slug", "");
        setSlug(product, uniqueSlug(slugify(slug), id), id);
        products.put(id, product);
        indexSku(product, id, "");
        refreshProduct(product);
        return product;
    }

    ObjectNode updateProduct(long id, JsonNode body) {
        ObjectNode product = product(id);
        Map<String, JsonNode> values = WooFields.read(body, WooFields.PRODUCT);
        checkSku(values, id);
        String oldSku = product.path("sku").asText();
        String oldSlug = product.path("slug").asText();
        apply(product, values);
        if (values.containsKey("slug")) {
            String wanted = slugify(product.path("slug").asText());
            product.put("slug", oldSlug);
            setSlug(product, uniqueSlug(wanted, id), id);
        }
        indexSku(product, id, oldSku);
        touch(product);
        refreshProduct(product);
        return product;
    }

    /** Without force a product goes to the trash; with force it is gone with its variations. */
    ObjectNode deleteProduct(long id, boolean force) {
        ObjectNode product = product(id);
        if (!force) {
            if ("trash".equals(product.path("status").asText())) {
                throw new WooError(410, "woocommerce_rest_already_trashed", "The product has already been deleted.");
            }
            product.put("status", "trash");
            touch(product);
            return product;
        }
        ObjectNode deleted = product.deepCopy();
        products.remove(id);
        skus.remove(product.path("sku").asText(), id);
        slugs.remove(product.path("slug").asText(), id);
        TreeMap<Long, ObjectNode> children = variations.remove(id);
        if (children != null) {
            children.values().forEach(v -> skus.remove(v.path("sku").asText(), v.path("id").asLong()));
        }
        return deleted;
    }

    /** A shop manager edits stock in wp-admin: stock managed, quantity set. */
    ObjectNode setProductStock(long id, Integer quantity) {
        ObjectNode product = product(id);
        product.put("manage_stock", quantity != null);
        product.put("stock_quantity", quantity);
        touch(product);
        refreshProduct(product);
        return product;
    }

    // ------------------------------------------------------------ variations

    Collection<ObjectNode> variations(long productId) {
        product(productId);
        TreeMap<Long, ObjectNode> children = variations.get(productId);
        return children == null ? List.of() : children.values();
    }

    ObjectNode variation(long productId, long variationId) {
        product(productId);
        TreeMap<Long, ObjectNode> children = variations.get(productId);
        ObjectNode variation = children == null ? null : children.get(variationId);
        if (variation == null) {
            throw WooError.invalidId(VARIATION_INVALID_ID);
        }
        return variation;
    }

    ObjectNode createVariation(long productId, JsonNode body) {
        ObjectNode parent = product(productId);
        Map<String, JsonNode> values = WooFields.read(body, WooFields.VARIATION);
        long id = nextId;
        checkSku(values, id);
        nextId++;
        String now = WooJson.now(clock);
        ObjectNode variation = JsonNodeFactory.instance.objectNode();
        variation.put("id", id);
        variation.put("date_created", now);
        variation.put("date_created_gmt", now);
        variation.put("date_modified", now);
        variation.put("date_modified_gmt", now);
        variation.put("description", "");
        variation.put("permalink", "");
        variation.put("sku", "");
        variation.put("global_unique_id", "");
        variation.put("price", "");
        variation.put("regular_price", "");
        variation.put("sale_price", "");
        variation.putNull("date_on_sale_from");
        variation.putNull("date_on_sale_from_gmt");
        variation.putNull("date_on_sale_to");
        variation.putNull("date_on_sale_to_gmt");
        variation.put("on_sale", false);
        variation.put("status", "publish");
        variation.put("purchasable", false);
        variation.put("virtual", false);
        variation.put("downloadable", false);
        variation.put("tax_status", "taxable");
        variation.put("tax_class", "");
        variation.put("manage_stock", false);
        variation.putNull("stock_quantity");
        variation.put("stock_status", "instock");
        variation.put("backorders", "no");
        variation.put("backorders_allowed", false);
        variation.put("backordered", false);
        variation.putNull("low_stock_amount");
        variation.put("weight", "");
        variation.set("dimensions", WooFields.dimensions());
        variation.put("shipping_class", "");
        variation.put("shipping_class_id", 0);
        variation.putNull("image");
        variation.putArray("attributes");
        variation.put("menu_order", 0);
        variation.putArray("meta_data");
        apply(variation, values);
        variations.computeIfAbsent(productId, k -> new TreeMap<>()).put(id, variation);
        indexSku(variation, id, "");
        refreshStockAndPrice(variation);
        refreshProduct(parent);
        return variation;
    }

    ObjectNode updateVariation(long productId, long variationId, JsonNode body) {
        ObjectNode variation = variation(productId, variationId);
        Map<String, JsonNode> values = WooFields.read(body, WooFields.VARIATION);
        checkSku(values, variationId);
        String oldSku = variation.path("sku").asText();
        apply(variation, values);
        indexSku(variation, variationId, oldSku);
        touch(variation);
        refreshStockAndPrice(variation);
        syncParent(productId);
        return variation;
    }

    /** Variations cannot be trashed: deleting one removes it. */
    ObjectNode deleteVariation(long productId, long variationId) {
        ObjectNode variation = variation(productId, variationId);
        variations.get(productId).remove(variationId);
        skus.remove(variation.path("sku").asText(), variationId);
        refreshProduct(product(productId));
        return variation.deepCopy();
    }

    ObjectNode setVariationStock(long productId, long variationId, Integer quantity) {
        ObjectNode variation = variation(productId, variationId);
        variation.put("manage_stock", quantity != null);
        variation.put("stock_quantity", quantity);
        touch(variation);
        refreshStockAndPrice(variation);
        syncParent(productId);
        return variation;
    }

    /**
     * A paid order took {@code units} of the product or variation: WooCommerce lowers a managed
     * stock (a variation managing it at the parent lowers the parent's) and leaves an unmanaged one.
     * Returns what changed (for its product.updated webhook), or null when nothing did.
     */
    ObjectNode reduceStock(long productId, long variationId, int units) {
        ObjectNode product = product(productId);
        ObjectNode item = variationId > 0 ? variation(productId, variationId) : product;
        if (variationId > 0 && "parent".equals(item.path("manage_stock").asText())) {
            item = product;
        }
        if (!item.path("manage_stock").asBoolean(false) || item.path("stock_quantity").isNull()) {
            return null;
        }
        item.put("stock_quantity", item.path("stock_quantity").asInt() - units);
        touch(item);
        if (item != product) {
            refreshStockAndPrice(item);
            syncParent(productId);
        } else {
            refreshProduct(product);
        }
        return item;
    }

    /** {product, variation or null} of a line naming ids instead of a SKU; null when the shop has no such product. */
    ObjectNode[] byIds(long productId, long variationId) {
        ObjectNode product = products.get(productId);
        if (product == null) {
            return null;
        }
        if (variationId <= 0) {
            return new ObjectNode[] {product, null};
        }
        TreeMap<Long, ObjectNode> children = variations.get(productId);
        ObjectNode variation = children == null ? null : children.get(variationId);
        return variation == null ? null : new ObjectNode[] {product, variation};
    }

    /** The product or variation selling this SKU: {product, variation or null}; null when none does. */
    ObjectNode[] bySku(String sku) {
        if (sku == null || sku.isEmpty()) {
            return null;
        }
        for (ObjectNode product : products.values()) {
            if (sku.equals(product.path("sku").asText())) {
                return new ObjectNode[] {product, null};
            }
            for (ObjectNode variation : variations(product.path("id").asLong())) {
                if (sku.equals(variation.path("sku").asText())) {
                    return new ObjectNode[] {product, variation};
                }
            }
        }
        return null;
    }

    // ------------------------------------------------------------ rendering

    ObjectNode renderProduct(ObjectNode product, String shopRoot) {
        ObjectNode rendered = product.deepCopy();
        rendered.put("permalink", shopRoot + "/product/" + product.path("slug").asText() + "/");
        return rendered;
    }

    /**
     * A variation as the products endpoint shows it ({@code GET /products/{variationId}}, a
     * {@code sku} search, a product.updated webhook): product-shaped, {@code type} variation,
     * with its {@code parent_id}, the parent's name followed by its options, and its image as the
     * products endpoint's {@code images} list (empty when it has none: the products endpoint of
     * wc/v3 adds no placeholder).
     */
    ObjectNode renderVariationAsProduct(long productId, ObjectNode variation, String shopRoot) {
        ObjectNode rendered = renderVariation(productId, variation, shopRoot);
        List<String> options = new ArrayList<>();
        variation.path("attributes").forEach(a -> options.add(a.path("option").asText()));
        String name = product(productId).path("name").asText("");
        rendered.put("name", options.isEmpty() ? name : name + " - " + String.join(", ", options));
        rendered.put("type", "variation");
        rendered.put("parent_id", productId);
        JsonNode image = rendered.remove("image");
        ArrayNode images = rendered.putArray("images");
        if (image != null && image.isObject()) {
            images.add(image);
        }
        return rendered;
    }

    /** Every variation of every product, with its parent's id. */
    Map<ObjectNode, Long> allVariations() {
        Map<ObjectNode, Long> all = new java.util.IdentityHashMap<>();
        variations.forEach((parent, children) -> children.values().forEach(v -> all.put(v, parent)));
        return all;
    }

    ObjectNode renderVariation(long productId, ObjectNode variation, String shopRoot) {
        ObjectNode parent = product(productId);
        ObjectNode rendered = variation.deepCopy();
        if (!variation.path("manage_stock").asBoolean() && parent.path("manage_stock").asBoolean()) {
            rendered.put("manage_stock", "parent");
            rendered.set("stock_quantity", parent.get("stock_quantity"));
            rendered.set("stock_status", parent.get("stock_status"));
        }
        StringBuilder link = new StringBuilder(shopRoot + "/product/" + parent.path("slug").asText() + "/");
        String separator = "?";
        for (JsonNode attribute : variation.path("attributes")) {
            link.append(separator).append("attribute_")
                    .append(slugify(attribute.path("name").asText())).append('=')
                    .append(slugify(attribute.path("option").asText()));
            separator = "&";
        }
        rendered.put("permalink", link.toString());
        return rendered;
    }

    // ------------------------------------------------------------ rules

    private void apply(ObjectNode target, Map<String, JsonNode> values) {
        values.forEach((name, value) -> {
            switch (name) {
                case "meta_data" -> WooMeta.merge(target.withArray("meta_data"), value, () -> nextMetaId++);
                case "images" -> target.set("images", images(value));
                case "image" -> target.set("image", value.isNull() ? value : images(JsonNodeFactory.instance.arrayNode().add(value)).get(0));
                default -> target.set(name, value.deepCopy());
            }
        });
        if (values.containsKey("date_on_sale_from") && !values.containsKey("date_on_sale_from_gmt")) {
            target.set("date_on_sale_from_gmt", values.get("date_on_sale_from"));
        }
        if (values.containsKey("date_on_sale_to") && !values.containsKey("date_on_sale_to_gmt")) {
            target.set("date_on_sale_to_gmt", values.get("date_on_sale_to"));
        }
    }

    /** Images as the shop stores them after sideloading each {@code src}: an attachment id, name and alt text. */
    private ArrayNode images(JsonNode given) {
        ArrayNode images = JsonNodeFactory.instance.arrayNode();
        String now = WooJson.now(clock);
        for (JsonNode image : given) {
            if (!image.isObject() || !image.hasNonNull("src") && !image.hasNonNull("id")) {
                throw WooError.invalidParams(Map.of("images", "images[] needs a src or an id."));
            }
            ObjectNode stored = images.addObject();
            stored.put("id", image.hasNonNull("id") ? image.get("id").asLong() : nextMediaId++);
            stored.put("date_created", now);
            stored.put("date_created_gmt", now);
            stored.put("date_modified", now);
            stored.put("date_modified_gmt", now);
            String src = image.path("src").asText("");
            stored.put("src", src);
            stored.put("name", image.path("name").asText(src.substring(src.lastIndexOf('/') + 1)));
            stored.put("alt", image.path("alt").asText(""));
        }
        return images;
    }

    private void touch(ObjectNode item) {
        String now = WooJson.now(clock);
        item.put("date_modified", now);
        item.put("date_modified_gmt", now);
    }

    /** Stock fields and price of a product or variation from its own values. */
    private void refreshStockAndPrice(ObjectNode item) {
        boolean managed = item.path("manage_stock").asBoolean();
        String backorders = item.path("backorders").asText("no");
        boolean backordersAllowed = !"no".equals(backorders);
        item.put("backorders_allowed", backordersAllowed);
        if (managed) {
            JsonNode quantityNode = item.get("stock_quantity");
            long quantity = quantityNode == null || quantityNode.isNull() ? 0 : quantityNode.asLong();
            item.put("stock_quantity", quantity);
            item.put("stock_status", quantity > 0 ? "instock" : backordersAllowed ? "onbackorder" : "outofstock");
            item.put("backordered", quantity <= 0 && backordersAllowed);
        } else {
            item.putNull("stock_quantity");
            item.put("backordered", false);
        }
        boolean onSale = saleActive(item);
        item.put("on_sale", onSale);
        item.put("price", onSale ? item.path("sale_price").asText() : item.path("regular_price").asText());
        item.put("purchasable", !item.path("price").asText().isEmpty());
    }

    /**
     * A variation was saved: WooCommerce syncs and saves its parent (price, stock status), and a
     * save moves the parent's {@code date_modified} even when nothing else of it changed, so a
     * {@code modified_after} list of products names the parent of a changed variation.
     */
    private void syncParent(long productId) {
        ObjectNode parent = product(productId);
        touch(parent);
        refreshProduct(parent);
    }

    private void refreshProduct(ObjectNode product) {
        refreshStockAndPrice(product);
        if (!"variable".equals(product.path("type").asText())) {
            product.putArray("variations");
            return;
        }
        TreeMap<Long, ObjectNode> children = variations.getOrDefault(product.path("id").asLong(), new TreeMap<>());
        ArrayNode ids = product.putArray("variations");
        children.keySet().forEach(ids::add);
        // a variable product's price is its cheapest variation's; it is on sale if one is
        BigDecimal lowest = null;
        String lowestText = "";
        boolean onSale = false;
        for (ObjectNode child : children.values()) {
            BigDecimal price = WooFields.decimal(child.path("price").asText());
            if (price != null && (lowest == null || price.compareTo(lowest) < 0)) {
                lowest = price;
                lowestText = child.path("price").asText();
            }
            onSale |= child.path("on_sale").asBoolean();
        }
        product.put("price", lowestText);
        product.put("on_sale", onSale);
        product.put("purchasable", !lowestText.isEmpty());
        if (!product.path("manage_stock").asBoolean() && !children.isEmpty()) {
            List<String> statuses = new ArrayList<>();
            for (ObjectNode child : children.values()) {
                statuses.add(child.path("stock_status").asText());
            }
            product.put("stock_status", statuses.contains("instock") ? "instock"
                    : statuses.contains("onbackorder") ? "onbackorder" : "outofstock");
        }
    }

    private boolean saleActive(ObjectNode item) {
        BigDecimal sale = WooFields.decimal(item.path("sale_price").asText());
        BigDecimal regular = WooFields.decimal(item.path("regular_price").asText());
        if (sale == null || regular == null || regular.compareTo(sale) <= 0) {
            return false;
        }
        LocalDateTime now = LocalDateTime.now(clock.withZone(ZoneOffset.UTC));
        JsonNode from = item.get("date_on_sale_from_gmt");
        JsonNode to = item.get("date_on_sale_to_gmt");
        if (from != null && from.isTextual() && WooFields.parseDate(from.asText()).isAfter(now)) {
            return false;
        }
        return to == null || !to.isTextual() || !WooFields.parseDate(to.asText()).isBefore(now);
    }

    private void checkSku(Map<String, JsonNode> values, long selfId) {
        JsonNode sku = values.get("sku");
        if (sku == null || sku.asText().isEmpty()) {
            return;
        }
        Long owner = skus.get(sku.asText());
        if (owner != null && owner != selfId) {
            String suggestion = sku.asText() + "-1";
            for (int n = 2; skus.containsKey(suggestion); n++) {
                suggestion = sku.asText() + "-" + n;
            }
            throw new WooError(400, "product_invalid_sku", "Invalid or duplicated SKU.",
                    Map.of("resource_id", owner, "unique_sku", suggestion));
        }
    }

    private void indexSku(ObjectNode item, long id, String oldSku) {
        String sku = item.path("sku").asText();
        if (!oldSku.isEmpty() && !oldSku.equals(sku)) {
            skus.remove(oldSku, id);
        }
        if (!sku.isEmpty()) {
            skus.put(sku, id);
        }
    }

    private String uniqueSlug(String base, long selfId) {
        String root = base.isEmpty() ? "product" : base;
        String slug = root;
        for (int n = 2; slugTaken(slug, selfId); n++) {
            slug = root + "-" + n;
        }
        return slug;
    }

    private boolean slugTaken(String slug, long selfId) {
        Long owner = slugs.get(slug);
        return owner != null && owner != selfId;
    }

    private void setSlug(ObjectNode product, String slug, long id) {
        slugs.remove(product.path("slug").asText(), id);
        product.put("slug", slug);
        slugs.put(slug, id);
    }

    static String slugify(String text) {
        String slug = java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("(^-+|-+$)", "");
        return slug;
    }
}
