package dev.kanal.sandbox.baselinker;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * The account's one product catalog (BaseLinker calls it inventory or catalog): products with
 * variants, a price each and stock per warehouse, and the catalog methods Kanal calls. Guarded
 * by the account's lock.
 */
final class SandboxInventory {

    /** BaseLinker answers at most 1,000 products a page ("for BaseLinker warehouse"). */
    static final int PAGE_SIZE = 1000;
    /** updateInventoryProductsStock takes at most 1,000 products a call. */
    static final int MAX_STOCK_UPDATES = 1000;
    private static final Pattern WAREHOUSE = Pattern.compile("(bl|shop|warehouse)_\\d+");

    final long inventoryId;
    final long priceGroup;
    /** The catalog's own warehouses, default first; stock can be written to these only. */
    final List<String> warehouses;
    /** Products by id (variants are inside their product). */
    private final TreeMap<Long, SandboxProduct> products = new TreeMap<>();
    /** Every product and variant by id, for stock writes. */
    private final Map<Long, SandboxProduct> byId = new HashMap<>();
    private final LongSupplier ids;
    private long stockWrites;
    private long productsAdded;

    SandboxInventory(long inventoryId, long priceGroup, List<String> warehouses, LongSupplier ids) {
        this.inventoryId = inventoryId;
        this.priceGroup = priceGroup;
        this.warehouses = List.copyOf(warehouses);
        this.ids = ids;
    }

    // ---- control: seeding and reading ----

    /**
     * A product from the control API's JSON: {@code {"sku","name","ean","price","stock":{"bl_1":5},
     * "variants":[{"sku","name","price","stock":{...}}]}}; everything but the SKU has a default.
     */
    SandboxProduct add(JsonNode node) {
        SandboxProduct product = fill(new SandboxProduct(ids.getAsLong(), 0), node, null);
        for (JsonNode variant : node.path("variants")) {
            SandboxProduct v = fill(new SandboxProduct(ids.getAsLong(), product.id), variant, product);
            product.variants.put(v.id, v);
            byId.put(v.id, v);
        }
        if (product.hasVariants()) {
            product.stock.replaceAll((warehouse, quantity) -> 0); // a product with variants keeps stock on them
        }
        products.put(product.id, product);
        byId.put(product.id, product);
        return product;
    }

    private SandboxProduct fill(SandboxProduct product, JsonNode node, SandboxProduct parent) {
        String sku = node.path("sku").asText("");
        if (sku.isBlank()) {
            throw new IllegalArgumentException("each product and variant needs a sku");
        }
        product.sku = sku;
        product.ean = node.path("ean").asText("");
        product.name = node.path("name").asText(parent == null ? "Sandbox product " + sku : parent.name + " " + sku);
        product.price = new BigDecimal(node.path("price").asText(parent == null ? "99.00" : parent.price.toPlainString()));
        for (String warehouse : warehouses) {
            product.stock.put(warehouse, 0);
        }
        JsonNode stock = node.path("stock");
        if (stock.isInt()) {
            product.stock.put(warehouses.get(0), stock.asInt());
        } else {
            stock.fields().forEachRemaining(e -> {
                if (!warehouses.contains(e.getKey())) {
                    throw new IllegalArgumentException("no warehouse " + e.getKey() + " in inventory " + inventoryId
                            + "; it has " + warehouses);
                }
                product.stock.put(e.getKey(), e.getValue().asInt());
            });
        }
        return product;
    }

    Optional<SandboxProduct> bySku(String sku) {
        String key = sku.toLowerCase(Locale.ROOT);
        return byId.values().stream().filter(p -> !p.hasVariants() && p.sku.toLowerCase(Locale.ROOT).equals(key))
                .min((a, b) -> Long.compare(a.id, b.id));
    }

    Optional<SandboxProduct> byId(long id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Stock by SKU (products without variants and variants), for the control API. */
    List<Map<String, Object>> stockView() {
        List<Map<String, Object>> view = new ArrayList<>();
        for (SandboxProduct product : products.values()) {
            List<SandboxProduct> sellable = product.hasVariants() ? List.copyOf(product.variants.values()) : List.of(product);
            for (SandboxProduct p : sellable) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", p.id);
                row.put("parent_id", p.parentId);
                row.put("sku", p.sku);
                row.put("name", p.name);
                row.put("ean", p.ean);
                row.put("stock", new LinkedHashMap<>(p.stock));
                row.put("total", p.totalStock());
                view.add(row);
            }
        }
        return view;
    }

    long stockWrites() {
        return stockWrites;
    }

    int productCount() {
        return products.size();
    }

    // ---- API methods ----

    Map<String, Object> describe(boolean isDefault) {
        Map<String, Object> inventory = new LinkedHashMap<>();
        inventory.put("inventory_id", inventoryId);
        inventory.put("name", "Default");
        inventory.put("description", "Sandbox catalog");
        inventory.put("languages", List.of("pl", "en"));
        inventory.put("default_language", "pl");
        inventory.put("price_groups", List.of(priceGroup));
        inventory.put("default_price_group", priceGroup);
        inventory.put("warehouses", warehouses);
        inventory.put("default_warehouse", warehouses.get(0));
        inventory.put("reservations", false);
        inventory.put("is_default", isDefault);
        return inventory;
    }

    /** getInventoryProductsList: products (not variants) by id, 1,000 a page, {@code filter_sku}/{@code filter_id}. */
    Map<String, Object> list(Params params) {
        long page = params.optionalLong("page") == null ? 1 : params.optionalLong("page");
        if (page < 1) {
            throw SandboxApiError.parameters("Parameter page must be at least 1");
        }
        String sku = params.optionalText("filter_sku");
        Long id = params.optionalLong("filter_id");
        Map<String, Object> answer = new LinkedHashMap<>();
        products.values().stream()
                .filter(p -> sku == null || p.sku.equalsIgnoreCase(sku))
                .filter(p -> id == null || p.id == id)
                .skip((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
                .forEach(p -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", p.id);
                    row.put("ean", p.ean);
                    row.put("sku", p.sku);
                    row.put("name", p.name);
                    row.put("prices", p.prices(priceGroup));
                    row.put("stock", stockOf(p));
                    answer.put(Long.toString(p.id), row);
                });
        return Map.of("products", answer);
    }

    /** getInventoryProductsData: the named products with their variants; unknown ids are left out. */
    Map<String, Object> data(Params params) {
        JsonNode ids = params.node("products");
        if (!ids.isArray()) {
            throw SandboxApiError.parameters("Parameter products must be an array of product ids");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        for (JsonNode idNode : ids) {
            long id;
            try {
                id = Long.parseLong(idNode.asText().trim());
            } catch (NumberFormatException e) {
                throw SandboxApiError.parameters("Parameter products must be an array of product ids");
            }
            SandboxProduct p = products.get(id);
            if (p == null) {
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("is_bundle", false);
            row.put("ean", p.ean);
            row.put("sku", p.sku);
            row.put("tax_rate", 23);
            row.put("weight", 0.2);
            row.put("category_id", 0);
            row.put("manufacturer_id", 0);
            row.put("text_fields", Map.of("name", p.name));
            row.put("prices", p.prices(priceGroup));
            row.put("stock", stockOf(p));
            Map<String, Object> variants = new LinkedHashMap<>();
            for (SandboxProduct v : p.variants.values()) {
                Map<String, Object> variant = new LinkedHashMap<>();
                variant.put("name", v.name);
                variant.put("sku", v.sku);
                variant.put("ean", v.ean);
                variant.put("prices", v.prices(priceGroup));
                variant.put("stock", new LinkedHashMap<>(v.stock));
                variants.put(Long.toString(v.id), variant);
            }
            // PHP sends an empty associative array as []
            row.put("variants", variants.isEmpty() ? List.of() : variants);
            answer.put(Long.toString(p.id), row);
        }
        return Map.of("products", answer);
    }

    /**
     * addInventoryProduct: an empty {@code product_id} creates a product, a set one updates the
     * fields given. Reads {@code sku}, {@code ean}, {@code text_fields.name}, {@code prices}
     * (this catalog's price group only), {@code stock} (this catalog's warehouses only) and
     * keeps {@code images}; answers {@code product_id} and {@code warnings} ({@code []} when none).
     * A product created without a price has none ({@code prices: []}).
     */
    Map<String, Object> addProduct(Params params) {
        String productId = params.optionalText("product_id");
        JsonNode prices = params.node("prices");
        BigDecimal price = null;
        if (prices.isObject() && !prices.isEmpty()) {
            for (Map.Entry<String, JsonNode> entry : (Iterable<Map.Entry<String, JsonNode>>) prices::fields) {
                if (!entry.getKey().equals(Long.toString(priceGroup))) {
                    throw SandboxApiError.parameters("Price group " + entry.getKey() + " is not available in this catalog");
                }
                try {
                    price = new BigDecimal(entry.getValue().asText());
                } catch (NumberFormatException e) {
                    throw SandboxApiError.parameters("Invalid price for price group " + entry.getKey());
                }
            }
        }
        JsonNode stock = params.node("stock");
        if (stock.isObject()) {
            for (Map.Entry<String, JsonNode> entry : (Iterable<Map.Entry<String, JsonNode>>) stock::fields) {
                if (!warehouses.contains(entry.getKey())) {
                    throw SandboxApiError.parameters("Warehouse " + entry.getKey() + " is not available in this catalog");
                }
            }
        }
        String name = params.node("text_fields").path("name").asText(null);
        SandboxProduct found = null;
        if (productId != null && !productId.isBlank()) {
            try {
                found = byId.get(Long.parseLong(productId.trim()));
            } catch (NumberFormatException e) {
                found = null;
            }
            if (found == null) {
                throw new SandboxApiError(SandboxApiError.PRODUCT_NOT_FOUND, "Product not found: " + productId);
            }
        } else {
            found = new SandboxProduct(ids.getAsLong(), 0);
            found.sku = "";
            found.ean = "";
            found.name = "";
            for (String warehouse : warehouses) {
                found.stock.put(warehouse, 0);
            }
            products.put(found.id, found);
            byId.put(found.id, found);
        }
        SandboxProduct product = found;
        String sku = params.optionalText("sku");
        if (sku != null) {
            product.sku = sku;
        }
        String ean = params.optionalText("ean");
        if (ean != null) {
            product.ean = ean;
        }
        if (name != null) {
            product.name = name;
        }
        if (price != null) {
            product.price = price;
        }
        if (stock.isObject()) {
            stock.fields().forEachRemaining(e -> product.stock.put(e.getKey(), e.getValue().asInt()));
        }
        productsAdded++;
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("product_id", product.id);
        answer.put("warnings", List.of());
        return answer;
    }

    long productsAdded() {
        return productsAdded;
    }

    /** A product with variants shows the sum of its variants' stock per warehouse. */
    private Map<String, Integer> stockOf(SandboxProduct p) {
        if (!p.hasVariants()) {
            return new LinkedHashMap<>(p.stock);
        }
        Map<String, Integer> sum = new TreeMap<>();
        for (SandboxProduct v : p.variants.values()) {
            v.stock.forEach((w, q) -> sum.merge(w, q, Integer::sum));
        }
        return sum;
    }

    /**
     * updateInventoryProductsStock: at most 1,000 products (or variants); a product or warehouse
     * BaseLinker cannot write is a warning under its id, the others are written. Answers
     * {@code counter} (products written) and {@code warnings} ({@code []} when none, as PHP
     * encodes an empty array).
     */
    Map<String, Object> updateStock(Params params) {
        JsonNode updates = params.node("products");
        if (!updates.isObject()) {
            throw SandboxApiError.parameters("Parameter products must be an object of product id to stocks");
        }
        if (updates.size() > MAX_STOCK_UPDATES) {
            throw new SandboxApiError(SandboxApiError.TOO_MANY_PRODUCTS, "At most " + MAX_STOCK_UPDATES
                    + " products can be updated at once, " + updates.size() + " given");
        }
        Map<String, String> warnings = new LinkedHashMap<>();
        int counter = 0;
        for (Map.Entry<String, JsonNode> entry : (Iterable<Map.Entry<String, JsonNode>>) updates::fields) {
            String warning = writeStock(entry.getKey(), entry.getValue());
            if (warning == null) {
                counter++;
            } else {
                warnings.put(entry.getKey(), warning);
            }
        }
        stockWrites += counter;
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("counter", counter);
        answer.put("warnings", warnings.isEmpty() ? List.of() : warnings);
        return answer;
    }

    /** Writes one product's stocks, all or nothing; the warning, or null when written. */
    private String writeStock(String key, JsonNode stocks) {
        SandboxProduct product;
        try {
            product = byId.get(Long.parseLong(key.trim()));
        } catch (NumberFormatException e) {
            return "Invalid product identifier";
        }
        if (product == null) {
            return "Product not found";
        }
        if (product.hasVariants()) {
            return "Product has variants, stock must be set for variants";
        }
        if (!stocks.isObject() || stocks.isEmpty()) {
            return "Stock must be a list of warehouse identifiers and quantities";
        }
        Map<String, Integer> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> stock : (Iterable<Map.Entry<String, JsonNode>>) stocks::fields) {
            String warehouse = stock.getKey();
            if (!WAREHOUSE.matcher(warehouse).matches()) {
                return "Invalid warehouse identifier " + warehouse;
            }
            if (!warehouses.contains(warehouse)) {
                return "Warehouse " + warehouse + " is not available in this catalog";
            }
            JsonNode quantity = stock.getValue();
            if (!(quantity.isIntegralNumber() || (quantity.isTextual() && quantity.asText().matches("\\d{1,9}")))
                    || quantity.asLong() < 0) {
                return "Invalid stock value for warehouse " + warehouse;
            }
            values.put(warehouse, quantity.asInt());
        }
        product.stock.putAll(values);
        return null;
    }
}
