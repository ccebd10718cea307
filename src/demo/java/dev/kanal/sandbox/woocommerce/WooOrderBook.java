package dev.kanal.sandbox.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The orders and webhooks of one sandbox shop, stored as the JSON WooCommerce answers with.
 * Orders are made and moved through the control API (a customer checking out, a shop manager in
 * wp-admin); the REST API reads them. Webhooks are managed through the REST API; every order
 * change names the active webhooks that must be told ({@link Delivery}), which the caller sends
 * once it has let go of the shop's lock. Not thread-safe: {@link WooShop} serialises access.
 */
final class WooOrderBook {

    static final List<String> ORDER_STATUSES =
            List.of("pending", "processing", "on-hold", "completed", "cancelled", "refunded", "failed", "trash", "checkout-draft");
    private static final Set<String> PAID_STATUSES = Set.of("processing", "completed");
    static final String ORDER_INVALID_ID = "woocommerce_rest_shop_order_invalid_id";
    static final String WEBHOOK_INVALID_ID = "woocommerce_rest_shop_webhook_invalid_id";
    static final List<String> WEBHOOK_STATUSES = List.of("active", "paused", "disabled");
    private static final Set<String> WEBHOOK_RESOURCES = Set.of("coupon", "customer", "order", "product");
    private static final Set<String> WEBHOOK_EVENTS = Set.of("created", "updated", "deleted", "restored");
    /** WooCommerce disables a webhook after more than this many failed deliveries in a row. */
    static final int MAX_FAILURES = 5;

    /** One webhook call to make: where, with which secret, what. */
    record Delivery(long webhookId, String deliveryUrl, String secret, String topic, long resourceId, String deliveryId) {
    }

    private final Clock clock;
    private final TreeMap<Long, ObjectNode> orders = new TreeMap<>();
    private final TreeMap<Long, ObjectNode> webhooks = new TreeMap<>();
    private final Map<Long, String> secrets = new HashMap<>();
    private final Map<Long, Integer> failures = new HashMap<>();
    private final List<ObjectNode> deliveries = new ArrayList<>();
    /**
     * Order ids of every shop this JVM emulates come from ranges of their own (1001..., 101001...):
     * a real shop's ids are WordPress post ids, never reused, and two sandboxes in one JVM (two
     * test contexts) must not hand out the same id to the same client's account.
     */
    private static final java.util.concurrent.atomic.AtomicLong ORDER_ID_RANGES = new java.util.concurrent.atomic.AtomicLong(1001);
    private long nextOrderId = ORDER_ID_RANGES.getAndAdd(100_000);
    private long nextLineId = 1;
    private long nextWebhookId = 1;
    private long nextNoteId = 1;
    private long nextRefundId = 90001;
    /** Refunds by order id, oldest first. */
    private final Map<Long, List<ObjectNode>> refunds = new HashMap<>();
    private long nextMetaId = 1;
    /** Order notes by order id, oldest first (WooCommerce lists them newest first). */
    private final Map<Long, List<ObjectNode>> notes = new HashMap<>();
    /**
     * Units of each line item whose stock the shop reduced (WooCommerce's hidden {@code _reduced_stock}
     * item meta): a cancellation puts back what is left of them, a refund with restock puts back its
     * units and lowers it, so no unit is put back twice.
     */
    private final Map<Long, Integer> reducedStock = new HashMap<>();
    /** Order edits and notes made through the REST API, per order id: {edits, notes} (control view only). */
    private final Map<Long, long[]> apiWrites = new HashMap<>();

    WooOrderBook(Clock clock) {
        this.clock = clock;
    }

    // ------------------------------------------------------------ orders

    Collection<ObjectNode> orders() {
        return orders.values();
    }

    ObjectNode order(long id) {
        ObjectNode order = orders.get(id);
        if (order == null) {
            throw WooError.invalidId(ORDER_INVALID_ID);
        }
        return order;
    }

    /**
     * A customer checks out: {@code status} (default pending), {@code currency} (the shop's),
     * {@code billing}, {@code shipping}, {@code payment_method}, {@code set_paid},
     * {@code line_items:[{sku|product_id[,variation_id], quantity, price}]}, {@code shipping_total}.
     * A line naming a SKU of the catalog gets its product, variation, name and price.
     */
    ObjectNode createOrder(JsonNode body, WooCatalog catalog, String shopCurrency) {
        if (body == null || !body.isObject()) {
            throw new WooError(400, "rest_invalid_json", "Invalid JSON body passed.");
        }
        String now = WooJson.now(clock);
        long id = nextOrderId++;
        ObjectNode order = JsonNodeFactory.instance.objectNode();
        order.put("id", id);
        order.put("parent_id", 0);
        order.put("status", "pending");
        order.put("currency", body.path("currency").asText(shopCurrency));
        order.put("version", "8.9.1");
        order.put("prices_include_tax", false);
        order.put("date_created", now);
        order.put("date_modified", now);
        order.put("discount_total", "0.00");
        order.put("discount_tax", "0.00");
        order.put("shipping_total", money(body.path("shipping_total").asText("0.00")));
        order.put("shipping_tax", "0.00");
        order.put("cart_tax", "0.00");
        order.put("total", "0.00");
        order.put("total_tax", "0.00");
        order.put("customer_id", body.path("customer_id").asInt(0));
        order.put("order_key", "wc_order_" + UUID.randomUUID().toString().replace("-", "").substring(0, 13));
        order.set("billing", address(body.path("billing"), true));
        order.set("shipping", address(body.path("shipping"), false));
        order.put("payment_method", body.path("payment_method").asText("bacs"));
        order.put("payment_method_title", body.path("payment_method_title").asText(
                "cod".equals(body.path("payment_method").asText()) ? "Cash on delivery" : "Direct bank transfer"));
        order.put("transaction_id", "");
        order.put("customer_ip_address", "127.0.0.1");
        order.put("customer_user_agent", "Kanal sandbox");
        order.put("created_via", body.path("created_via").asText("checkout"));
        order.put("customer_note", body.path("customer_note").asText(""));
        order.putNull("date_completed");
        order.putNull("date_paid");
        order.put("cart_hash", "");
        order.put("number", Long.toString(id));
        ArrayNode orderMeta = order.putArray("meta_data");
        if (body.has("meta_data")) {
            WooMeta.merge(orderMeta, body.get("meta_data"), () -> nextMetaId++);
        }
        ArrayNode lines = order.putArray("line_items");
        BigDecimal sum = BigDecimal.ZERO;
        for (JsonNode item : body.path("line_items")) {
            ObjectNode line = lineItem(item, catalog, id);
            sum = sum.add(new BigDecimal(line.path("total").asText()));
            lines.add(line);
        }
        if (lines.isEmpty()) {
            throw new WooError(400, "sandbox_invalid_request", "An order needs line_items.");
        }
        order.putArray("tax_lines");
        order.putArray("shipping_lines");
        order.putArray("fee_lines");
        order.putArray("coupon_lines");
        order.putArray("refunds");
        order.put("payment_url", "");
        order.put("is_editable", true);
        order.put("needs_payment", true);
        order.put("needs_processing", true);
        order.put("date_created_gmt", now);
        order.put("date_modified_gmt", now);
        order.putNull("date_completed_gmt");
        order.putNull("date_paid_gmt");
        order.put("currency_symbol", order.path("currency").asText());
        order.put("total", sum.add(new BigDecimal(order.path("shipping_total").asText())).setScale(2, RoundingMode.HALF_UP)
                .toPlainString());
        applyStatus(order, body, now);
        orders.put(id, order);
        return order;
    }

    /**
     * WooCommerce lowers stock once an order is paid or processing ({@code wc_maybe_reduce_stock_levels},
     * remembered on the order as {@code _order_stock_reduced}): each line's managed stock. Returns
     * the products and variations whose stock changed, {product id, item}, for their webhooks.
     */
    List<Object[]> reduceStockOnce(ObjectNode order, WooCatalog catalog) {
        String status = order.path("status").asText();
        boolean due = PAID_STATUSES.contains(status) || "on-hold".equals(status);
        List<Object[]> changed = new ArrayList<>();
        if (!due || metaValue(order, STOCK_REDUCED) != null) {
            return changed;
        }
        for (JsonNode line : order.path("line_items")) {
            long productId = line.path("product_id").asLong(0);
            if (productId > 0 && catalog.byIds(productId, line.path("variation_id").asLong(0)) != null
                    && !reducedStock.containsKey(line.path("id").asLong())) {
                ObjectNode item = catalog.reduceStock(productId, line.path("variation_id").asLong(0), line.path("quantity").asInt());
                if (item != null) {
                    reducedStock.put(line.path("id").asLong(), line.path("quantity").asInt());
                    changed.add(new Object[] {productId, item});
                }
            }
        }
        ObjectNode reduced = ((ArrayNode) order.get("meta_data")).addObject();
        reduced.put("id", nextMetaId++);
        reduced.put("key", STOCK_REDUCED);
        reduced.put("value", "yes");
        return changed;
    }

    /** WooCommerce's order flag: the order's stock was reduced (and not put back since). */
    private static final String STOCK_REDUCED = "_order_stock_reduced";

    /**
     * WooCommerce puts stock back when an order whose stock it reduced becomes cancelled or
     * pending ({@code wc_maybe_increase_stock_levels}): each line's reduced units (what a refund
     * with restock has not put back already), then the order's flag is cleared, so the same order
     * cancelled again puts nothing back. Returns the changed items, {product id, item}.
     */
    List<Object[]> restoreStockOnce(ObjectNode order, WooCatalog catalog) {
        String status = order.path("status").asText();
        List<Object[]> changed = new ArrayList<>();
        if (!"cancelled".equals(status) && !"pending".equals(status) || metaValue(order, STOCK_REDUCED) == null) {
            return changed;
        }
        for (JsonNode line : order.path("line_items")) {
            Integer reduced = reducedStock.remove(line.path("id").asLong());
            long productId = line.path("product_id").asLong(0);
            if (reduced != null && reduced > 0 && catalog.byIds(productId, line.path("variation_id").asLong(0)) != null) {
                ObjectNode item = catalog.reduceStock(productId, line.path("variation_id").asLong(0), -reduced);
                if (item != null) {
                    changed.add(new Object[] {productId, item});
                }
            }
        }
        ArrayNode meta = (ArrayNode) order.get("meta_data");
        for (int i = meta.size() - 1; i >= 0; i--) {
            if (STOCK_REDUCED.equals(meta.get(i).path("key").asText())) {
                meta.remove(i);
            }
        }
        return changed;
    }

    /** The stock rules of an order's status, after a change of it: reduced once when paid, put back once when cancelled. */
    List<Object[]> applyStockRules(ObjectNode order, WooCatalog catalog) {
        List<Object[]> changed = new ArrayList<>(reduceStockOnce(order, catalog));
        changed.addAll(restoreStockOnce(order, catalog));
        return changed;
    }

    private static String metaValue(JsonNode order, String key) {
        for (JsonNode meta : order.path("meta_data")) {
            if (key.equals(meta.path("key").asText())) {
                return meta.path("value").asText();
            }
        }
        return null;
    }

    /** A shop manager edits the order: status, set_paid, billing, shipping, customer_note, payment_method. */
    ObjectNode updateOrder(long id, JsonNode body) {
        ObjectNode order = order(id);
        if (body == null || !body.isObject()) {
            throw new WooError(400, "rest_invalid_json", "Invalid JSON body passed.");
        }
        String now = WooJson.now(clock);
        if (body.path("billing").isObject()) {
            ((ObjectNode) order.get("billing")).setAll((ObjectNode) body.get("billing"));
        }
        if (body.path("shipping").isObject()) {
            ((ObjectNode) order.get("shipping")).setAll((ObjectNode) body.get("shipping"));
        }
        for (String field : List.of("customer_note", "payment_method", "payment_method_title", "transaction_id")) {
            if (body.hasNonNull(field)) {
                order.put(field, body.get(field).asText());
            }
        }
        if (body.has("meta_data")) {
            WooMeta.merge((ArrayNode) order.withArray("meta_data"), body.get("meta_data"), () -> nextMetaId++);
        }
        applyStatus(order, body, now);
        order.put("date_modified", now);
        order.put("date_modified_gmt", now);
        return order;
    }

    /** Counts an edit ({@code PUT /orders/{id}}) or a note ({@code POST /orders/{id}/notes}) the REST API made to an order. */
    void countApiWrite(long orderId, boolean note) {
        apiWrites.computeIfAbsent(orderId, id -> new long[2])[note ? 1 : 0]++;
    }

    /** {@code {"order_id":N,"api_edits":n,"api_notes":m,"notes":["...",...]}}: what the REST API wrote to the order, so a crash test can count duplicates. */
    ObjectNode apiWrites(long orderId) {
        order(orderId);
        long[] counts = apiWrites.getOrDefault(orderId, new long[2]);
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.put("order_id", orderId);
        answer.put("api_edits", counts[0]);
        answer.put("api_notes", counts[1]);
        ArrayNode texts = answer.putArray("notes");
        notes.getOrDefault(orderId, List.of()).forEach(n -> texts.add(n.path("note").asText()));
        return answer;
    }

    /** {@code POST /orders/{id}/notes}: {@code note} required, {@code customer_note} optional. */
    ObjectNode addNote(long orderId, JsonNode body) {
        order(orderId);
        if (body == null || !body.isObject()) {
            throw new WooError(400, "rest_invalid_json", "Invalid JSON body passed.");
        }
        String text = body.path("note").asText("");
        if (text.isBlank()) {
            throw WooError.invalidParams(Map.of("note", "note is required."));
        }
        ObjectNode note = JsonNodeFactory.instance.objectNode();
        note.put("id", nextNoteId++);
        note.put("author", "WooCommerce");
        String now = WooJson.now(clock);
        note.put("date_created", now);
        note.put("date_created_gmt", now);
        note.put("note", text);
        note.put("customer_note", body.path("customer_note").asBoolean(false));
        note.put("added_by_user", body.path("added_by_user").asBoolean(false));
        notes.computeIfAbsent(orderId, id -> new ArrayList<>()).add(note);
        return note;
    }

    /** The order's notes, newest first, as {@code GET /orders/{id}/notes} lists them. */
    List<ObjectNode> notes(long orderId) {
        order(orderId);
        List<ObjectNode> list = new ArrayList<>(notes.getOrDefault(orderId, List.of()));
        java.util.Collections.reverse(list);
        return list;
    }

    private static void applyStatus(ObjectNode order, JsonNode body, String now) {
        String status = body.hasNonNull("status") ? body.get("status").asText() : order.path("status").asText();
        if (body.path("set_paid").asBoolean(false) && !PAID_STATUSES.contains(status)) {
            status = "processing";
        }
        if (!ORDER_STATUSES.contains(status)) {
            throw WooError.invalidParams(Map.of("status", "status is not one of " + WooFields.list(ORDER_STATUSES) + "."));
        }
        order.put("status", status);
        if ((body.path("set_paid").asBoolean(false) || PAID_STATUSES.contains(status)) && order.path("date_paid").isNull()) {
            order.put("date_paid", now);
            order.put("date_paid_gmt", now);
        }
        if ("completed".equals(status) && order.path("date_completed").isNull()) {
            order.put("date_completed", now);
            order.put("date_completed_gmt", now);
        }
        boolean paid = !order.path("date_paid").isNull();
        order.put("needs_payment", !paid && List.of("pending", "failed", "on-hold").contains(status));
        order.put("needs_processing", !"completed".equals(status));
        order.put("is_editable", List.of("pending", "on-hold", "checkout-draft").contains(status));
    }

    private ObjectNode lineItem(JsonNode item, WooCatalog catalog, long orderId) {
        int quantity = item.path("quantity").asInt(1);
        if (quantity < 1) {
            throw new WooError(400, "woocommerce_rest_invalid_quantity", "Quantity must be a positive number.");
        }
        String sku = item.path("sku").asText("");
        long productId = item.path("product_id").asLong(0);
        long variationId = item.path("variation_id").asLong(0);
        String name = item.path("name").asText("");
        String price = item.hasNonNull("price") ? item.get("price").asText() : null;
        ObjectNode[] found = catalog.bySku(sku);
        if (found == null && sku.isEmpty() && productId > 0) {
            // a line by ids (as the REST API takes it): WooCommerce refuses a product it does not have
            found = catalog.byIds(productId, variationId);
            if (found == null) {
                throw new WooError(400, "woocommerce_rest_invalid_product_id",
                        "Product ID " + (variationId > 0 ? variationId : productId) + " is invalid.");
            }
            sku = (found[1] == null ? found[0] : found[1]).path("sku").asText("");
        }
        if (found != null) {
            productId = found[0].path("id").asLong();
            variationId = found[1] == null ? 0 : found[1].path("id").asLong();
            ObjectNode sold = found[1] == null ? found[0] : found[1];
            name = name.isEmpty() ? found[0].path("name").asText() : name;
            price = price != null ? price : sold.path("price").asText("");
        }
        BigDecimal unit = new BigDecimal(price == null || price.isBlank() ? "0" : price).setScale(2, RoundingMode.HALF_UP);
        BigDecimal total = unit.multiply(BigDecimal.valueOf(quantity));
        if (item.hasNonNull("total")) {
            // the REST API's line total overrides the product's price
            total = new BigDecimal(item.get("total").asText()).setScale(2, RoundingMode.HALF_UP);
            unit = total.divide(BigDecimal.valueOf(quantity), 2, RoundingMode.HALF_UP);
        }
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        line.put("id", nextLineId++);
        line.put("name", name.isEmpty() ? "Item of order " + orderId : name);
        line.put("product_id", productId);
        line.put("variation_id", variationId);
        line.put("quantity", quantity);
        line.put("tax_class", "");
        line.put("subtotal", total.toPlainString());
        line.put("subtotal_tax", "0.00");
        line.put("total", total.toPlainString());
        line.put("total_tax", "0.00");
        line.putArray("taxes");
        line.putArray("meta_data");
        line.put("sku", sku);
        line.put("price", unit.doubleValue()); // a number here, unlike every other amount
        line.putNull("parent_name");
        return line;
    }

    private static ObjectNode address(JsonNode given, boolean billing) {
        ObjectNode address = JsonNodeFactory.instance.objectNode();
        for (String field : List.of("first_name", "last_name", "company", "address_1", "address_2", "city", "state",
                "postcode", "country")) {
            address.put(field, given.path(field).asText(""));
        }
        if (billing) {
            address.put("email", given.path("email").asText(""));
            address.put("phone", given.path("phone").asText(""));
        } else {
            address.put("phone", given.path("phone").asText(""));
        }
        return address;
    }

    private static String money(String text) {
        try {
            return new BigDecimal(text).setScale(2, RoundingMode.HALF_UP).toPlainString();
        } catch (NumberFormatException e) {
            throw WooError.invalidParams(Map.of("shipping_total", "shipping_total is not a number."));
        }
    }

    // ------------------------------------------------------------ refunds

    /**
     * A refund of the order ({@code POST /orders/{id}/refunds}, or a shop manager in wp-admin):
     * {@code amount} (default: the sum of the lines' {@code refund_total}), {@code reason},
     * {@code line_items[{id, quantity, refund_total}]}, {@code api_refund}, {@code api_restock}.
     * WooCommerce's rules: only a paid order can be refunded (processing, on-hold, completed), never
     * more than is left of its total, never more units of an item than were bought and not refunded
     * yet ({@code woocommerce_rest_cannot_create_order_refund}). The refund's items point at the
     * order's items with {@code _refunded_item_id}, with negative quantities and totals; the order
     * lists the refund ({@code refunds[{id, reason, total}]}, total negative) and becomes
     * {@code refunded} once nothing of its total is left.
     */
    /**
     * A refund, and with {@code api_restock} (default true) its units back in stock
     * ({@code wc_restock_refunded_items}): each refunded line whose stock the shop reduced gets
     * its units back, and its reduced count falls by them, so a later cancellation puts back only
     * the rest. The changed items, {product id, item}, go into {@code restocked}.
     */
    ObjectNode createRefund(long orderId, JsonNode body, WooCatalog catalog, List<Object[]> restocked) {
        ObjectNode order = order(orderId);
        if (body == null || !body.isObject()) {
            throw new WooError(400, "rest_invalid_json", "Invalid JSON body passed.");
        }
        String status = order.path("status").asText();
        if (!List.of("processing", "on-hold", "completed").contains(status)) {
            throw refundRefused("Order " + orderId + " is " + status + ": only a paid order can be refunded.");
        }
        Map<Long, Integer> refundedUnits = new HashMap<>();
        BigDecimal refundedSoFar = BigDecimal.ZERO;
        for (ObjectNode earlier : refunds.getOrDefault(orderId, List.of())) {
            refundedSoFar = refundedSoFar.add(new BigDecimal(earlier.path("amount").asText("0")));
            for (JsonNode item : earlier.path("line_items")) {
                refundedUnits.merge(refundedItem(item), Math.abs(item.path("quantity").asInt()), Integer::sum);
            }
        }
        String now = WooJson.now(clock);
        long id = nextRefundId++;
        ObjectNode refund = JsonNodeFactory.instance.objectNode();
        refund.put("id", id);
        refund.put("date_created", now);
        refund.put("date_created_gmt", now);
        ArrayNode items = JsonNodeFactory.instance.arrayNode();
        BigDecimal linesTotal = BigDecimal.ZERO;
        for (JsonNode given : body.path("line_items")) {
            long itemId = given.path("id").asLong(0);
            JsonNode item = null;
            for (JsonNode line : order.path("line_items")) {
                if (line.path("id").asLong() == itemId) {
                    item = line;
                }
            }
            if (item == null) {
                throw refundRefused("Order " + orderId + " has no line item " + given.path("id").asText() + ".");
            }
            int quantity = given.path("quantity").asInt(0);
            int left = item.path("quantity").asInt() - refundedUnits.getOrDefault(itemId, 0);
            if (quantity < 0 || quantity > left) {
                throw refundRefused("Invalid refund quantity for item " + itemId + ": " + left + " left to refund.");
            }
            BigDecimal total = new BigDecimal(given.path("refund_total").asText("0")).setScale(2, RoundingMode.HALF_UP);
            linesTotal = linesTotal.add(total);
            refundedUnits.merge(itemId, quantity, Integer::sum);
            ObjectNode refunded = items.addObject();
            refunded.put("id", nextLineId++);
            refunded.put("name", item.path("name").asText());
            refunded.put("product_id", item.path("product_id").asLong());
            refunded.put("variation_id", item.path("variation_id").asLong());
            refunded.put("quantity", -quantity);
            refunded.put("tax_class", "");
            refunded.put("subtotal", total.negate().toPlainString());
            refunded.put("subtotal_tax", "0.00");
            refunded.put("total", total.negate().toPlainString());
            refunded.put("total_tax", "0.00");
            refunded.putArray("taxes");
            ObjectNode meta = refunded.putArray("meta_data").addObject();
            meta.put("id", nextMetaId++);
            meta.put("key", "_refunded_item_id");
            meta.put("value", Long.toString(itemId));
            refunded.put("sku", item.path("sku").asText());
            refunded.put("price", item.path("price").asDouble());
            refunded.put("refund_total", total.doubleValue());
        }
        BigDecimal amount;
        try {
            amount = body.hasNonNull("amount") ? new BigDecimal(body.get("amount").asText()).setScale(2, RoundingMode.HALF_UP) : linesTotal;
        } catch (NumberFormatException e) {
            throw WooError.invalidParams(Map.of("amount", "amount is not a number."));
        }
        BigDecimal left = new BigDecimal(order.path("total").asText("0")).subtract(refundedSoFar);
        if (amount.signum() <= 0 || amount.compareTo(left) > 0) {
            throw refundRefused("Invalid refund amount.");
        }
        refund.put("amount", amount.toPlainString());
        refund.put("reason", body.path("reason").asText(""));
        refund.put("refunded_by", 0);
        refund.put("refunded_payment", body.path("api_refund").asBoolean(true));
        ArrayNode refundMeta = refund.putArray("meta_data");
        if (body.has("meta_data")) {
            WooMeta.merge(refundMeta, body.get("meta_data"), () -> nextMetaId++); // Kanal's own refunds carry their request key here
        }
        refund.set("line_items", items);
        refund.putArray("shipping_lines");
        refund.putArray("tax_lines");
        refund.putArray("fee_lines");
        refunds.computeIfAbsent(orderId, o -> new ArrayList<>()).add(refund);
        ((ArrayNode) order.withArray("refunds")).addObject().put("id", id).put("reason", refund.path("reason").asText())
                .put("total", amount.negate().toPlainString());
        if (amount.compareTo(left) == 0) {
            order.put("status", "refunded");
        }
        if (catalog != null && body.path("api_restock").asBoolean(true)) {
            for (JsonNode given : body.path("line_items")) {
                long itemId = given.path("id").asLong(0);
                int units = given.path("quantity").asInt(0);
                Integer reduced = reducedStock.get(itemId);
                if (units <= 0 || reduced == null || reduced == 0) {
                    continue;
                }
                for (JsonNode line : order.path("line_items")) {
                    long productId = line.path("product_id").asLong(0);
                    if (line.path("id").asLong() == itemId && catalog.byIds(productId, line.path("variation_id").asLong(0)) != null) {
                        ObjectNode item = catalog.reduceStock(productId, line.path("variation_id").asLong(0), -units);
                        if (item != null) {
                            restocked.add(new Object[] {productId, item});
                        }
                        reducedStock.put(itemId, reduced - units);
                    }
                }
            }
        }
        order.put("date_modified", now);
        order.put("date_modified_gmt", now);
        return refund;
    }

    /** The order's refunds, newest first, as {@code GET /orders/{id}/refunds} lists them. */
    List<ObjectNode> refunds(long orderId) {
        order(orderId);
        List<ObjectNode> list = new ArrayList<>(refunds.getOrDefault(orderId, List.of()));
        java.util.Collections.reverse(list);
        return list;
    }

    ObjectNode refund(long orderId, long refundId) {
        return refunds(orderId).stream().filter(r -> r.path("id").asLong() == refundId).findFirst()
                .orElseThrow(() -> WooError.invalidId("woocommerce_rest_invalid_id"));
    }

    private static long refundedItem(JsonNode item) {
        for (JsonNode meta : item.path("meta_data")) {
            if ("_refunded_item_id".equals(meta.path("key").asText())) {
                return meta.path("value").asLong();
            }
        }
        return -1;
    }

    private static WooError refundRefused(String message) {
        return new WooError(400, "woocommerce_rest_cannot_create_order_refund", message);
    }

    ObjectNode renderOrder(ObjectNode order, String shopRoot) {
        ObjectNode rendered = order.deepCopy();
        ObjectNode links = rendered.putObject("_links");
        links.putArray("self").addObject().put("href", shopRoot + "/wp-json/wc/v3/orders/" + order.path("id").asLong());
        links.putArray("collection").addObject().put("href", shopRoot + "/wp-json/wc/v3/orders");
        return rendered;
    }

    // ------------------------------------------------------------ webhooks

    Collection<ObjectNode> webhooks() {
        return webhooks.values();
    }

    ObjectNode webhook(long id) {
        ObjectNode hook = webhooks.get(id);
        if (hook == null) {
            throw WooError.invalidId(WEBHOOK_INVALID_ID);
        }
        return hook;
    }

    /** Checks a new webhook the way WooCommerce does, without storing it (the ping decides). */
    ObjectNode newWebhook(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new WooError(400, "rest_invalid_json", "Invalid JSON body passed.");
        }
        String topic = body.path("topic").asText("").toLowerCase(Locale.ROOT);
        if (!validTopic(topic)) {
            throw new WooError(400, "woocommerce_rest_shop_webhook_invalid_topic", "Webhook topic is required and must be valid.");
        }
        String url = body.path("delivery_url").asText("");
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new WooError(400, "woocommerce_rest_shop_webhook_invalid_delivery_url",
                    "Webhook delivery URL must be a valid URL starting with http:// or https://.");
        }
        String status = body.path("status").asText("active");
        if (!WEBHOOK_STATUSES.contains(status)) {
            throw WooError.invalidParams(Map.of("status", "status is not one of " + WooFields.list(WEBHOOK_STATUSES) + "."));
        }
        String now = WooJson.now(clock);
        ObjectNode hook = JsonNodeFactory.instance.objectNode();
        hook.put("id", nextWebhookId++);
        hook.put("name", body.path("name").asText("Webhook created on " + now));
        hook.put("status", status);
        hook.put("topic", topic);
        hook.put("resource", topic.startsWith("action.") ? "action" : topic.substring(0, topic.indexOf('.')));
        hook.put("event", topic.substring(topic.indexOf('.') + 1));
        hook.putArray("hooks").add("woocommerce_" + topic.replace('.', '_'));
        hook.put("delivery_url", url);
        hook.put("date_created", now);
        hook.put("date_created_gmt", now);
        hook.putNull("date_modified");
        hook.putNull("date_modified_gmt");
        return hook;
    }

    void addWebhook(ObjectNode hook, String secret) {
        long id = hook.path("id").asLong();
        webhooks.put(id, hook);
        // WooCommerce makes up a secret when none is given, so every delivery is signed
        secrets.put(id, secret == null || secret.isBlank() ? UUID.randomUUID().toString() : secret);
        failures.put(id, 0);
    }

    ObjectNode updateWebhook(long id, JsonNode body) {
        ObjectNode hook = webhook(id);
        if (body.hasNonNull("status")) {
            String status = body.get("status").asText();
            if (!WEBHOOK_STATUSES.contains(status)) {
                throw WooError.invalidParams(Map.of("status", "status is not one of " + WooFields.list(WEBHOOK_STATUSES) + "."));
            }
            hook.put("status", status);
            if ("active".equals(status)) {
                failures.put(id, 0);
            }
        }
        if (body.hasNonNull("name")) {
            hook.put("name", body.get("name").asText());
        }
        if (body.hasNonNull("delivery_url")) {
            hook.put("delivery_url", body.get("delivery_url").asText());
        }
        if (body.hasNonNull("secret")) {
            secrets.put(id, body.get("secret").asText());
        }
        if (body.hasNonNull("topic")) {
            String topic = body.get("topic").asText().toLowerCase(Locale.ROOT);
            if (!validTopic(topic)) {
                throw new WooError(400, "woocommerce_rest_shop_webhook_invalid_topic", "Webhook topic is required and must be valid.");
            }
            hook.put("topic", topic);
        }
        String now = WooJson.now(clock);
        hook.put("date_modified", now);
        hook.put("date_modified_gmt", now);
        return hook;
    }

    ObjectNode deleteWebhook(long id) {
        ObjectNode hook = webhook(id);
        webhooks.remove(id);
        secrets.remove(id);
        failures.remove(id);
        return hook;
    }

    /** The deliveries an order event calls for: one per active webhook on that topic. */
    List<Delivery> deliveriesFor(String topic, long resourceId) {
        List<Delivery> calls = new ArrayList<>();
        for (ObjectNode hook : webhooks.values()) {
            if ("active".equals(hook.path("status").asText()) && topic.equals(hook.path("topic").asText())) {
                long id = hook.path("id").asLong();
                calls.add(new Delivery(id, hook.path("delivery_url").asText(), secrets.get(id), topic, resourceId,
                        UUID.randomUUID().toString()));
            }
        }
        return calls;
    }

    /** Records a delivery's answer; 200..302 is success, anything else counts to the webhook's disabling. */
    void delivered(Delivery delivery, int responseCode, String error) {
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        record.put("webhook_id", delivery.webhookId());
        record.put("delivery_id", delivery.deliveryId());
        record.put("topic", delivery.topic());
        record.put("resource_id", delivery.resourceId());
        record.put("response_code", responseCode);
        if (error != null) {
            record.put("error", error);
        }
        record.put("date", WooJson.now(clock));
        deliveries.add(record);
        ObjectNode hook = webhooks.get(delivery.webhookId());
        if (hook == null || "ping".equals(delivery.topic())) {
            return;
        }
        if (responseCode >= 200 && responseCode <= 302) {
            failures.put(delivery.webhookId(), 0);
        } else if (failures.merge(delivery.webhookId(), 1, Integer::sum) > MAX_FAILURES) {
            hook.put("status", "disabled");
        }
    }

    List<ObjectNode> deliveries() {
        return List.copyOf(deliveries);
    }

    private static boolean validTopic(String topic) {
        if (topic.startsWith("action.") && topic.length() > "action.".length()) {
            return true;
        }
        int dot = topic.indexOf('.');
        return dot > 0 && WEBHOOK_RESOURCES.contains(topic.substring(0, dot)) && WEBHOOK_EVENTS.contains(topic.substring(dot + 1));
    }
}
