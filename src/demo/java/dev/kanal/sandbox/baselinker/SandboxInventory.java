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
 * variants, a gross price per price group and stock per warehouse, and the catalog methods Kanal
 * calls. Guarded by the account's lock.
 */
final class SandboxInventory {

    /** BaseLinker answers at most 1,000 products a page ("for BaseLinker warehouse"). */
    static final int PAGE_SIZE = 1000;
    /** updateInventoryProductsStock and updateInventoryProductsPrices take at most 1,000 products a call. */
    static final int MAX_STOCK_UPDATES = 1000;
    static final int MAX_PRICE_UPDATES = 1000;
    private static final Pattern WAREHOUSE = Pattern.compile("(bl|shop|warehouse)_\\d+");

    final long inventoryId;
    /** The catalog's price groups, default first; prices can be written to these only. */
    final List<Long> priceGroups;
    /**
     * The account's price groups (BaseLinker keeps them in the storage, a catalog uses some):
     * the catalog's, the first the default, all in PLN and standard until the control API changes them.
     */
    final Map<Long, SandboxPriceGroup> groups = new LinkedHashMap<>();
    /** The catalog's own warehouses, default first; stock can be written to these only. */
    final List<String> warehouses;
    /** Products by id (variants are inside their product). */
    private final TreeMap<Long, SandboxProduct> products = new TreeMap<>();
    /** Every product and variant by id, for stock writes. */
    private final Map<Long, SandboxProduct> byId = new HashMap<>();
    private final LongSupplier ids;
    private long stockWrites;
    private long priceWrites;
    private long productsAdded;

    SandboxInventory(long inventoryId, List<Long> priceGroups, List<String> warehouses, LongSupplier ids) {
        this.inventoryId = inventoryId;
        this.priceGroups = new ArrayList<>(priceGroups);
        for (int i = 0; i < priceGroups.size(); i++) {
            long id = priceGroups.get(i);
            groups.put(id, new SandboxPriceGroup(id, i == 0 ? "Default" : i == 1 ? "Marketplaces" : "Price group " + id, "PLN",
                    i == 0));
        }
        this.warehouses = List.copyOf(warehouses);
        this.ids = ids;
    }

    // ---- control: seeding and reading ----

    /**
     * A product from the control API's JSON: {@code {"sku","name","ean","price","prices":{"106":"9.99"},
     * "stock":{"bl_1":5},"variants":[{"sku","name","price","stock":{...}}]}}; everything but the SKU
     * has a default. {@code price} is the default price group's (99.00, or the product's for a variant).
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
        long defaultGroup = priceGroups.get(0);
        product.prices.put(defaultGroup, new BigDecimal(node.path("price").asText(parent == null || parent.prices.get(defaultGroup) == null
                ? "99.00" : parent.prices.get(defaultGroup).toPlainString())));
        node.path("prices").fields().forEachRemaining(e -> {
            long group = Long.parseLong(e.getKey());
            if (!priceGroups.contains(group)) {
                throw new IllegalArgumentException("no price group " + group + " in inventory " + inventoryId
                        + "; it has " + priceGroups);
            }
            product.prices.put(group, new BigDecimal(e.getValue().asText()));
        });
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

    /**
     * Prices of every product and variant (a product with variants has prices of its own too):
     * id, parent_id, sku, prices by price group, for the control API.
     */
    List<Map<String, Object>> priceView() {
        List<Map<String, Object>> view = new ArrayList<>();
        for (SandboxProduct product : products.values()) {
            List<SandboxProduct> all = new ArrayList<>();
            all.add(product);
            all.addAll(product.variants.values());
            for (SandboxProduct p : all) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", p.id);
                row.put("parent_id", p.parentId);
                row.put("sku", p.sku);
                row.put("prices", p.pricesView());
                view.add(row);
            }
        }
        return view;
    }

    long stockWrites() {
        return stockWrites;
    }

    long priceWrites() {
        return priceWrites;
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
        inventory.put("price_groups", priceGroups);
        inventory.put("default_price_group", priceGroups.get(0));
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
                    row.put("prices", p.pricesView());
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
            row.put("prices", p.pricesView());
            row.put("stock", stockOf(p));
            Map<String, Object> variants = new LinkedHashMap<>();
            for (SandboxProduct v : p.variants.values()) {
                Map<String, Object> variant = new LinkedHashMap<>();
                variant.put("name", v.name);
                variant.put("sku", v.sku);
                variant.put("ean", v.ean);
                variant.put("prices", v.pricesView());
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
     * (this catalog's price groups only), {@code stock} (this catalog's warehouses only) and
     * keeps {@code images}; answers {@code product_id} and {@code warnings} ({@code []} when none).
     * A product created without a price has none ({@code prices: []}).
     */
    Map<String, Object> addProduct(Params params) {
        String productId = params.optionalText("product_id");
        JsonNode prices = params.node("prices");
        Map<Long, BigDecimal> newPrices = new LinkedHashMap<>();
        if (prices.isObject() && !prices.isEmpty()) {
            for (Map.Entry<String, JsonNode> entry : (Iterable<Map.Entry<String, JsonNode>>) prices::fields) {
                long group = priceGroup(entry.getKey());
                try {
                    newPrices.put(group, new BigDecimal(entry.getValue().asText()));
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
        product.prices.putAll(newPrices);
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
        JsonNode updates = products(params, "stocks", MAX_STOCK_UPDATES);
        Map<String, Object> answer = writeEach(updates, this::writeStock);
        stockWrites += (int) answer.get("counter");
        return answer;
    }

    /** The {@code products} parameter of an update call: an object of product id to {@code what}, at most {@code max} of them. */
    private static JsonNode products(Params params, String what, int max) {
        JsonNode updates = params.node("products");
        if (!updates.isObject()) {
            throw SandboxApiError.parameters("Parameter products must be an object of product id to " + what);
        }
        if (updates.size() > max) {
            throw new SandboxApiError(SandboxApiError.TOO_MANY_PRODUCTS, "At most " + max
                    + " products can be updated at once, " + updates.size() + " given");
        }
        return updates;
    }

    /**
     * Writes every product of {@code updates} with {@code write} (its warning, or null when
     * written) and answers as BaseLinker does: how many were written, and a warning per product
     * that was not.
     */
    private static Map<String, Object> writeEach(JsonNode updates, java.util.function.BiFunction<String, JsonNode, String> write) {
        Map<String, String> warnings = new LinkedHashMap<>();
        int counter = 0;
        for (Map.Entry<String, JsonNode> entry : (Iterable<Map.Entry<String, JsonNode>>) updates::fields) {
            String warning = write.apply(entry.getKey(), entry.getValue());
            if (warning == null) {
                counter++;
            } else {
                warnings.put(entry.getKey(), warning);
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("counter", counter);
        answer.put("warnings", warnings.isEmpty() ? List.of() : warnings);
        return answer;
    }

    /** BaseLinker's warning for a key that names no product of the catalog, or null when it names one. */
    private String unknownProduct(String key) {
        try {
            return byId.containsKey(Long.parseLong(key.trim())) ? null : "Product not found";
        } catch (NumberFormatException e) {
            return "Invalid product identifier";
        }
    }

    /** Writes one product's stocks, all or nothing; the warning, or null when written. */
    private String writeStock(String key, JsonNode stocks) {
        String unknown = unknownProduct(key);
        if (unknown != null) {
            return unknown;
        }
        SandboxProduct product = byId.get(Long.parseLong(key.trim()));
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

    // ---- price groups ----

    /** getInventoryPriceGroups: every price group of the account, as BaseLinker's method page describes them. */
    Map<String, Object> priceGroupsAnswer() {
        return Map.of("price_groups", groups.values().stream().map(SandboxPriceGroup::describe).toList());
    }

    /** Control: changes a group (see {@link SandboxPriceGroup#change}) or adds it, to the catalog too. */
    Map<String, Object> changePriceGroup(long id, JsonNode body) {
        if (id <= 0) {
            throw new IllegalArgumentException("a price group id is a number above 0");
        }
        SandboxPriceGroup group = groups.get(id);
        if (group == null) {
            group = new SandboxPriceGroup(id, "Price group " + id, "PLN", false);
            group.change(body, groups);
            groups.put(id, group);
            priceGroups.add(id);
        } else {
            group.change(body, groups);
        }
        return group.describe();
    }

    /** Control: deletes a group, as deleteInventoryPriceGroup would: gone from the list and the catalog, its prices too. */
    void deletePriceGroup(long id) {
        SandboxPriceGroup group = groups.get(id);
        if (group == null) {
            throw new IllegalArgumentException("no price group " + id);
        }
        if (group.isDefault) {
            throw new IllegalArgumentException("the default price group cannot be deleted");
        }
        groups.remove(id);
        priceGroups.remove(Long.valueOf(id));
        byId.values().forEach(p -> p.prices.remove(id));
    }

    /** One of this catalog's price groups, by the key a request names it with; else the whole call is refused. */
    private long priceGroup(String key) {
        long group;
        try {
            group = Long.parseLong(key.trim());
        } catch (NumberFormatException e) {
            throw SandboxApiError.parameters("Invalid price group identifier " + key);
        }
        if (!priceGroups.contains(group)) {
            throw SandboxApiError.parameters("Price group " + key + " is not available in this catalog");
        }
        return group;
    }

    /**
     * updateInventoryProductsPrices: {@code {"<product or variant id>":{"<price group id>":19.99}}},
     * at most 1,000 products. The call is refused as a whole, nothing written, when the body is
     * not that shape or names a price group the catalog does not have; a product that is unknown
     * or has a price that is not a gross amount of zero or more is a warning under its id, nothing
     * of it written; the others are written (a variant by its own id; a product with variants has
     * a price of its own). Answers {@code counter} (products written) and {@code warnings}
     * ({@code []} when none).
     */
    Map<String, Object> updatePrices(Params params) {
        JsonNode updates = products(params, "prices", MAX_PRICE_UPDATES);
        for (Map.Entry<String, JsonNode> entry : (Iterable<Map.Entry<String, JsonNode>>) updates::fields) {
            if (!entry.getValue().isObject()) {
                throw SandboxApiError.parameters("Prices of product " + entry.getKey()
                        + " must be an object of price group id to price");
            }
            entry.getValue().fieldNames().forEachRemaining(this::priceGroup);
        }
        Map<String, Object> answer = writeEach(updates, this::writePrices);
        priceWrites += (int) answer.get("counter");
        return answer;
    }

    /** Writes one product's prices (groups already checked), all or nothing; the warning, or null when written. */
    private String writePrices(String key, JsonNode prices) {
        String unknown = unknownProduct(key);
        if (unknown != null) {
            return unknown;
        }
        SandboxProduct product = byId.get(Long.parseLong(key.trim()));
        if (prices.isEmpty()) {
            return "No prices given";
        }
        Map<Long, BigDecimal> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> price : (Iterable<Map.Entry<String, JsonNode>>) prices::fields) {
            JsonNode value = price.getValue();
            BigDecimal amount;
            try {
                amount = value.isNumber() || value.isTextual() ? new BigDecimal(value.asText().trim()) : null;
            } catch (NumberFormatException e) {
                amount = null;
            }
            if (amount == null || amount.signum() < 0) {
                return "Invalid price for price group " + price.getKey();
            }
            values.put(Long.parseLong(price.getKey().trim()), amount);
        }
        product.prices.putAll(values);
        return null;
    }
}
