package dev.kanal.connector.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.client.config.SourceConfig;
import dev.kanal.client.config.SourceType;
import dev.kanal.connector.ChannelAnswer;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelWebhooks;
import dev.kanal.connector.ChannelRefusedException;
import dev.kanal.connector.ChannelUnavailableException;
import dev.kanal.connector.MalformedSourceDeliveryException;
import dev.kanal.connector.SourceConnector;
import dev.kanal.connector.SourceItem;
import dev.kanal.connector.SourceOrder;
import dev.kanal.connector.SourceProduct;
import dev.kanal.connector.SourceProductReader;
import dev.kanal.connector.SourceCancelledOrder;
import dev.kanal.connector.SourceFinishedOrder;
import dev.kanal.connector.SourceShipment;
import dev.kanal.connector.TlsTrust;
import dev.kanal.connector.TrustBundles;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * A WooCommerce shop as a client's source (docs/decisions/0038), through {@link WooCommerceClient}
 * (the same authentication, call budget, timeouts and failure handling as a WooCommerce channel
 * account; the source's budget is the account {@code <client>/source}).
 *
 * <p><b>Catalogue.</b> {@code GET /products?modified_after=..&dates_are_gmt=true&orderby=id&order=asc&per_page=100},
 * every page (X-WP-TotalPages); without {@code modified_after} on a whole read. A {@code variable}
 * product contributes its variations ({@code GET /products/{id}/variations}, all pages) instead of
 * itself, each with its attributes; a simple product is one item. An item's SKU is the shop's
 * SKU; its on-hand is {@code stock_quantity} when the shop manages its stock (a variation may
 * manage it at the parent: {@code manage_stock: "parent"}); its price is its {@code regular_price}
 * from the same JSON ({@link #sourcePrice}, no further call).
 *
 * <p><b>Orders.</b> An order of another channel becomes a shop order: {@code POST /orders} with
 * {@code set_paid: true} (the shop moves it to processing and lowers its stock its own way),
 * each line by {@code product_id}/{@code variation_id} found by SKU ({@code GET /products?sku=}),
 * and the request key in {@code meta_data} under {@value #REQUEST_KEY}, {@code created_via}
 * {@value #CREATED_VIA}. WooCommerce has no idempotency key and no order search by meta, so a
 * retry first reads the orders created since a little before the first attempt and looks for
 * the key; such an order is never imported back as a channel order ({@link #writtenByKanal}).
 *
 * <p><b>Products out.</b> Product cards are read by SKU ({@link #readProducts}): {@code GET /products?sku=a,b,c&status=any}
 * (WooCommerce takes a comma list and searches variations too), at most {@value #SKUS_PER_READ}
 * SKUs and {@value #SKU_CHARS_PER_READ} characters of them a call, every page; the parents of
 * variations without an image of their own in one {@code GET /products?include=} a hundred.
 *
 * <p><b>Cancellations</b> (docs/decisions/0044). The order is read first ({@code GET /orders/{id}},
 * or found by its request key when Kanal never learnt its id): one already cancelled or refunded
 * is left alone, a completed one (shipped) refuses. A whole order is set {@code cancelled}
 * ({@code PUT /orders/{id}}): WooCommerce puts back the stock it took, once, as it remembers on
 * the order and its lines what it reduced. Some units are refunded instead
 * ({@code POST /orders/{id}/refunds}, lines by the shop's line item ids found by SKU,
 * {@code api_refund} false: the customer paid the channel, not the shop; {@code api_restock}
 * true: the shop puts those units back and lowers what a later cancellation restores), the
 * cancellation's key in the refund's {@code meta_data} under {@value #CANCEL_KEY}; a refund
 * carrying it is not made again.
 *
 * <p><b>Shipments.</b> The orders Kanal wrote that the shop completed, read with
 * {@code GET /orders?status=completed&modified_after=..}; the tracking is what the Shipment
 * Tracking extension keeps in the order's {@code _wc_shipment_tracking_items} meta (the latest
 * item with a tracking number).
 */
@Component
public class WooCommerceSource implements SourceConnector {

    /** The meta key of the request key on the orders Kanal writes to a source shop. */
    public static final String REQUEST_KEY = "_kanal_request_key";
    /** The meta key of the channel reference ({@code account:channelOrderId}) on those orders. */
    static final String REFERENCE = "_kanal_reference";
    /** {@code created_via} of those orders. */
    public static final String CREATED_VIA = "kanal";
    /** How far before an earlier attempt a retry looks for the order it may have made (the shop's clock is not Kanal's). */
    static final Duration LOOKUP_MARGIN = Duration.ofMinutes(10);
    /** How far back a retry looks at most: older attempts are settled by an operator, not by reading months of orders. */
    static final Duration LOOKUP_WINDOW = Duration.ofDays(2);
    /** The meta key of a cancellation's key on the refunds Kanal makes on a source shop's orders. */
    public static final String CANCEL_KEY = "_kanal_cancel_key";
    /** Statuses in which an order holds nothing more to cancel. */
    private static final java.util.Set<String> ENDED = java.util.Set.of("cancelled", "refunded");
    /** Statuses Kanal does not move an order out of: shipped, or put aside by the shop's staff. */
    private static final java.util.Set<String> NOT_CANCELLABLE = java.util.Set.of("completed", "trash", "checkout-draft");

    private static final Logger log = LoggerFactory.getLogger(WooCommerceSource.class);

    private final WooCommerceClient client;
    private final TrustBundles trustBundles;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    @Autowired
    public WooCommerceSource(WooCommerceClient client, ObjectProvider<TrustBundles> trustBundles) {
        this(client, trustBundles.getIfAvailable(TrustBundles::none), Clock.systemUTC());
    }

    WooCommerceSource(WooCommerceClient client, TrustBundles trustBundles, Clock clock) {
        this.client = client;
        this.trustBundles = trustBundles;
        this.clock = clock;
    }

    @Override
    public SourceType type() {
        return SourceType.WOOCOMMERCE;
    }

    /** The topic Kanal registers on a source shop: its stock and catalogue changes ({@link WooCommerceSourceWebhookController}). */
    static final List<String> WEBHOOK_TOPICS = List.of("product.updated");

    @Override
    public String webhookPath(String clientId) {
        return WooCommerceSourceWebhookController.PATH.replace("{client}", clientId);
    }

    @Override
    public List<ChannelWebhooks.Registered> registerWebhooks(String clientId, SourceConfig source, String deliveryUrl) {
        return WooCommerceWebhooks.register(new WooCommerceOrders(client), connection(clientId, source), WEBHOOK_TOPICS, deliveryUrl,
                source.webhookSecret());
    }

    /** The source as a connection the WooCommerce client calls: budget and logs under {@code <client>/source}. */
    ChannelConnection connection(String clientId, SourceConfig source) {
        TlsTrust trust = source.trustBundle() == null ? TlsTrust.JVM_DEFAULT : trustBundles.trust(source.trustBundle());
        return new ChannelConnection(clientId + "/source", URI.create(source.baseUrl()), source.credentials(), source.callsPerMinute(),
                trust);
    }

    // ---------------------------------------------------------------- catalogue

    @Override
    public Instant readChanged(String clientId, SourceConfig source, Instant since, Consumer<List<SourceItem>> pages) {
        Instant started = clock.instant();
        ChannelConnection connection = connection(clientId, source);
        Map<String, String> filter = new LinkedHashMap<>();
        if (since != null) {
            filter.put("modified_after", LocalDateTime.ofInstant(since.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC)
                    .format(WooCommerceOrders.WOO_DATE));
            filter.put("dates_are_gmt", "true");
        }
        eachPage(connection, "/products", filter, products -> {
            List<SourceItem> items = new ArrayList<>();
            for (JsonNode product : products) {
                items.addAll(items(connection, product));
            }
            pages.accept(items);
        });
        return started;
    }

    @Override
    public List<SourceItem> readItems(String clientId, SourceConfig source, List<String> itemRefs) {
        ChannelConnection connection = connection(clientId, source);
        List<SourceItem> items = new ArrayList<>();
        for (String ref : itemRefs.stream().distinct().toList()) {
            WooListingId id = WooListingId.parse(ref)
                    .orElseThrow(() -> new IllegalArgumentException("not a WooCommerce item id: " + ref));
            if (id.isVariation()) {
                String parentPath = "/products/" + id.productId();
                JsonNode parent = get(connection, parentPath, Map.of());
                items.add(variation(parent, get(connection, parentPath + "/variations/" + id.variationId(), Map.of())));
            } else {
                items.add(simple(get(connection, "/products/" + id.productId(), Map.of())));
            }
        }
        return items;
    }

    /** The items of one product as the shop showed it: itself, or a variable product's variations (read). */
    private List<SourceItem> items(ChannelConnection connection, JsonNode product) {
        if (!"variable".equals(product.path("type").asText())) {
            return List.of(simple(product));
        }
        List<SourceItem> variations = new ArrayList<>();
        eachPage(connection, "/products/" + product.path("id").asLong() + "/variations", Map.of(),
                page -> page.forEach(variation -> variations.add(variation(product, variation))));
        return variations;
    }

    /** A product that is not variable as one item. */
    static SourceItem simple(JsonNode product) {
        return new SourceItem(text(product.path("sku")), product.path("id").asText(),
                WooListingId.product(product.path("id").asLong()).toString(), product.path("name").asText(""), Map.of(),
                onHand(product, null), WooCommerceOrders.modifiedAt(product), sourcePrice(product));
    }

    /**
     * One variation of {@code parent}: its attributes ({@code name: option}), its stock or the
     * parent's when it manages stock at the parent.
     */
    static SourceItem variation(JsonNode parent, JsonNode variation) {
        Map<String, String> attributes = new LinkedHashMap<>();
        variation.path("attributes").forEach(a -> attributes.put(a.path("name").asText(""), a.path("option").asText("")));
        long productId = parent.path("id").asLong(variation.path("parent_id").asLong());
        return new SourceItem(text(variation.path("sku")), Long.toString(productId),
                WooListingId.variation(productId, variation.path("id").asLong()).toString(), parent.path("name").asText(""),
                attributes, onHand(variation, parent), WooCommerceOrders.modifiedAt(variation), sourcePrice(variation));
    }

    /**
     * The item's own {@code regular_price} (a variation's is its own; WooCommerce does not inherit
     * prices from the parent), Kanal's source price at level 1 (decision 0046). Not {@code price}:
     * that is the sale price while a sale runs, and a shop's sale is its own promotion, which the
     * channels' rules do not follow. {@code ""} (no price), zero and what is not an amount are no
     * price: nothing is stored, nothing is sent.
     */
    static BigDecimal sourcePrice(JsonNode item) {
        BigDecimal regular = money(item.path("regular_price"));
        return regular == null || regular.signum() <= 0 ? null : regular;
    }

    /** {@code stock_quantity} when the item manages its stock; a variation managing it at the parent has the parent's. */
    private static Integer onHand(JsonNode item, JsonNode parent) {
        JsonNode manage = item.path("manage_stock");
        if ("parent".equals(manage.asText()) && parent != null) {
            return onHand(parent, null);
        }
        JsonNode quantity = item.path("stock_quantity");
        return manage.asBoolean(false) && quantity.canConvertToInt() && !quantity.isNull() ? quantity.asInt() : null;
    }

    @Override
    public List<SourceItem> webhookItems(String clientId, SourceConfig source, String topic, String json) {
        JsonNode body;
        try {
            body = this.json.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
            throw new MalformedSourceDeliveryException("not a WooCommerce product: the body is not JSON ("
                    + notJson.getOriginalMessage() + ")", notJson);
        }
        return webhookItems(clientId, source, body);
    }

    /**
     * The items a {@code product.updated} delivery names: a product that is not variable, or a
     * variation (WooCommerce sends a variation's change on the same topic, as the variation's
     * JSON with its {@code parent_id}), read from the body; a variable product's variations are
     * read from the shop, since the body lists only their ids.
     *
     * @throws MalformedSourceDeliveryException when the body is not a product the shop would send
     */
    List<SourceItem> webhookItems(String clientId, SourceConfig source, JsonNode body) {
        if (body == null || !body.isObject() || !body.path("id").canConvertToLong() || body.path("id").asLong() <= 0) {
            throw new MalformedSourceDeliveryException("not a WooCommerce product: no id");
        }
        String type = body.path("type").asText("");
        if ("variation".equals(type) || body.path("parent_id").asLong(0) > 0 && !"variable".equals(type)) {
            long parentId = body.path("parent_id").asLong(0);
            if (parentId <= 0) {
                throw new MalformedSourceDeliveryException("WooCommerce variation " + body.path("id").asText() + " has no parent_id");
            }
            ObjectNode parent = json.createObjectNode().put("id", parentId).put("name", body.path("name").asText(""));
            if ("parent".equals(body.path("manage_stock").asText())) {
                return readItems(clientId, source, List.of(WooListingId.variation(parentId, body.path("id").asLong()).toString()));
            }
            return List.of(variation(parent, body));
        }
        if ("variable".equals(type)) {
            return items(connection(clientId, source), body);
        }
        if (!body.has("sku") || !body.has("manage_stock")) {
            throw new MalformedSourceDeliveryException("WooCommerce product " + body.path("id").asText()
                    + " has no sku or manage_stock");
        }
        return List.of(simple(body));
    }

    // ---------------------------------------------------------------- products out

    /** SKUs per {@code GET /products?sku=}: each SKU is one item at most (WooCommerce keeps SKUs unique), so one page of 100 holds them. */
    static final int SKUS_PER_READ = 100;
    /** Characters of SKUs per call, commas included: the query stays well inside what web servers and WAFs take in a request line (often 8 KB). */
    static final int SKU_CHARS_PER_READ = 1500;
    /** Where a shop keeps an EAN when its WooCommerce has no {@code global_unique_id} (before 9.2): the key Kanal writes itself (decision 0040). */
    static final List<String> EAN_META_KEYS = List.of("ean");

    @Override
    public Optional<SourceProductReader> productReader() {
        return Optional.of(this::readProducts);
    }

    /**
     * The shop's simple products and variations with these SKUs as product cards (decision 0043).
     * A variable, grouped or external product is no item Kanal sells and is left out, as are
     * trashed products ({@code status=any} does not list them).
     */
    public List<SourceProduct> readProducts(String clientId, SourceConfig source, Collection<String> skus) {
        ChannelConnection connection = connection(clientId, source);
        Set<String> wanted = new LinkedHashSet<>();
        skus.stream().filter(sku -> sku != null && !sku.isBlank()).forEach(wanted::add);
        Map<String, JsonNode> found = new LinkedHashMap<>();
        for (List<String> chunk : skuChunks(wanted)) {
            eachPage(connection, "/products", Map.of("sku", String.join(",", chunk), "status", "any"), page -> page.forEach(item -> {
                String sku = text(item.path("sku"));
                if (sku != null && wanted.contains(sku) && sellable(item)) {
                    found.putIfAbsent(sku, item);
                }
            }));
        }
        Map<Long, JsonNode> parents = parentsForImages(connection, found.values());
        List<SourceProduct> products = new ArrayList<>();
        for (String sku : wanted) {
            JsonNode item = found.get(sku);
            if (item != null) {
                products.add(product(item, parents.get(item.path("parent_id").asLong(0))));
            }
        }
        return products;
    }

    /**
     * The SKUs in calls of at most {@value #SKUS_PER_READ} and {@value #SKU_CHARS_PER_READ}
     * characters; a SKU with a comma in it goes alone (WooCommerce splits the list at commas, and
     * matches the whole text too only when there is more than one part).
     */
    static List<List<String>> skuChunks(Collection<String> skus) {
        List<List<String>> chunks = new ArrayList<>();
        List<String> current = new ArrayList<>();
        int chars = 0;
        for (String sku : skus) {
            if (sku.contains(",")) {
                chunks.add(List.of(sku));
                continue;
            }
            if (!current.isEmpty() && (current.size() == SKUS_PER_READ || chars + 1 + sku.length() > SKU_CHARS_PER_READ)) {
                chunks.add(current);
                current = new ArrayList<>();
                chars = 0;
            }
            chars += (current.isEmpty() ? 0 : 1) + sku.length();
            current.add(sku);
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }

    /** Only simple products and variations are items with stock of their own that Kanal sells. */
    private static boolean sellable(JsonNode item) {
        String type = item.path("type").asText("simple");
        return "simple".equals(type) || "variation".equals(type);
    }

    /** The parents of variations that show no image of their own: the shop shows the parent's images for them. */
    private Map<Long, JsonNode> parentsForImages(ChannelConnection connection, Collection<JsonNode> items) {
        List<Long> ids = items.stream().filter(i -> i.path("parent_id").asLong(0) > 0 && imageUrls(i).isEmpty())
                .map(i -> i.path("parent_id").asLong()).distinct().toList();
        Map<Long, JsonNode> parents = new HashMap<>();
        for (int from = 0; from < ids.size(); from += WooCommerceClient.PAGE_SIZE) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + WooCommerceClient.PAGE_SIZE));
            String include = String.join(",", chunk.stream().map(String::valueOf).toList());
            eachPage(connection, "/products", Map.of("include", include, "status", "any"),
                    page -> page.forEach(p -> parents.put(p.path("id").asLong(), p)));
        }
        return parents;
    }

    /**
     * One product card from a product or a variation as {@code GET /products} shows it: name as
     * the shop writes it (a variation's carries its options), EAN from {@code global_unique_id}
     * (WooCommerce 9.2+) else from {@link #EAN_META_KEYS}, the regular price (a sale is the shop's
     * own promotion), a variation's options or a simple product's visible attributes, images by URL
     * (a variation without one of its own: its parent's).
     */
    static SourceProduct product(JsonNode item, JsonNode parent) {
        boolean variation = "variation".equals(item.path("type").asText()) || item.path("parent_id").asLong(0) > 0;
        Map<String, String> attributes = new LinkedHashMap<>();
        for (JsonNode attribute : item.path("attributes")) {
            String name = text(attribute.path("name"));
            if (name == null) {
                continue;
            }
            if (attribute.has("option")) {
                String option = text(attribute.path("option"));
                if (option != null) {
                    attributes.put(name, option);
                }
            } else if (!variation && attribute.path("visible").asBoolean(true)) {
                List<String> options = new ArrayList<>();
                attribute.path("options").forEach(o -> options.add(o.asText()));
                if (!options.isEmpty()) {
                    attributes.put(name, String.join(", ", options));
                }
            }
        }
        List<String> images = imageUrls(item);
        if (images.isEmpty() && parent != null) {
            images = imageUrls(parent);
        }
        return new SourceProduct(text(item.path("sku")), item.path("name").asText("").trim(), ean(item),
                sourcePrice(item), attributes, images, false);
    }

    private static String ean(JsonNode item) {
        String gtin = text(item.path("global_unique_id"));
        if (gtin != null) {
            return gtin;
        }
        for (String key : EAN_META_KEYS) {
            String value = metaValue(item, key);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }

    /** {@code images[].src} in order (the products endpoint), or a variation's {@code image.src} (the variations endpoint). */
    private static List<String> imageUrls(JsonNode item) {
        List<String> urls = new ArrayList<>();
        item.path("images").forEach(image -> {
            String src = text(image.path("src"));
            if (src != null) {
                urls.add(src);
            }
        });
        String single = text(item.path("image").path("src"));
        if (urls.isEmpty() && single != null) {
            urls.add(single);
        }
        return urls;
    }

    /** Money is a string in WooCommerce; {@code ""} when unset. */
    private static BigDecimal money(JsonNode value) {
        String text = text(value);
        if (text == null) {
            return null;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- orders

    @Override
    public Written writeOrder(String clientId, SourceConfig source, SourceOrder order, boolean earlierAttempt) {
        ChannelConnection connection = connection(clientId, source);
        if (earlierAttempt) {
            Optional<JsonNode> found = findByRequestKey(connection, order.requestKey());
            if (found.isPresent()) {
                log.info("Source shop of {}: order {} found as shop order {} (an earlier attempt made it)", clientId,
                        order.reference(), found.get().path("id").asText());
                return written(found.get());
            }
        }
        ObjectNode body = orderBody(order, sku -> productOf(connection, sku));
        ChannelAnswer answer;
        try {
            answer = client.send(connection, "POST", "/orders", Map.of(), body);
        } catch (ChannelUnavailableException unknown) {
            // the shop may have made it before the answer was lost: look before anyone tries again
            Optional<JsonNode> found = lookUpAfterFailure(connection, order.requestKey());
            if (found.isPresent()) {
                return written(found.get());
            }
            throw unknown;
        }
        int status = answer.statusCode();
        if (status == 400 || status == 404 || status == 409 || status == 422) {
            throw new ChannelRefusedException("WooCommerce " + connection.account() + ": POST /orders refused "
                    + order.reference() + ": HTTP " + status + " " + abbreviate(answer.body()), status);
        }
        client.requireSuccess(connection, "POST", "/orders", answer);
        return written(client.parse(connection, "POST", "/orders", answer));
    }

    // ---------------------------------------------------------------- cancellations

    @Override
    public Cancelled cancelOrder(String clientId, SourceConfig source, Cancellation cancellation) {
        ChannelConnection connection = connection(clientId, source);
        JsonNode order;
        if (cancellation.orderRef() == null) {
            Optional<JsonNode> found = findByRequestKey(connection, cancellation.requestKey());
            if (found.isEmpty()) {
                return new Cancelled(null, "not in the shop (no attempt reached it): nothing to cancel there", List.of());
            }
            order = found.get();
        } else {
            String path = "/orders/" + cancellation.orderRef();
            ChannelAnswer answer = client.send(connection, "GET", path, Map.of(), null);
            if (answer.statusCode() == 404) {
                throw new ChannelRefusedException("WooCommerce " + connection.account() + ": the shop has no order "
                        + cancellation.orderRef() + " any more (deleted in the shop?): cancel what it held by hand", 404);
            }
            client.requireSuccess(connection, "GET", path, answer);
            order = client.parse(connection, "GET", path, answer);
        }
        String id = order.path("id").asText();
        String status = order.path("status").asText();
        List<String> items = written(order).itemRefs();
        if (ENDED.contains(status)) {
            return new Cancelled(id, "shop order " + id + " already " + status, items);
        }
        if (NOT_CANCELLABLE.contains(status)) {
            throw new ChannelRefusedException("WooCommerce " + connection.account() + ": shop order " + id + " is " + status
                    + ("completed".equals(status) ? " (shipped by the shop): a return, not a cancellation" : ": Kanal does not move it"), 409);
        }
        if (cancellation.wholeOrder()) {
            String path = "/orders/" + id;
            ChannelAnswer answer = client.send(connection, "PUT", path, Map.of(), json.createObjectNode().put("status", "cancelled"));
            refuseOn4xx(connection, "PUT", path, answer);
            client.requireSuccess(connection, "PUT", path, answer);
            return new Cancelled(id, "shop order " + id + " cancelled (was " + status + "), its stock put back by the shop", items);
        }
        return refund(connection, order, cancellation);
    }

    /** Some units of the order: one refund with restock, unless an earlier attempt made it (its key in the refunds). */
    private Cancelled refund(ChannelConnection connection, JsonNode order, Cancellation cancellation) {
        String id = order.path("id").asText();
        String path = "/orders/" + id + "/refunds";
        Map<Long, Integer> refunded = new java.util.HashMap<>();
        if (order.path("refunds").size() > 0) {
            // the order's refund list holds no lines nor meta: the refunds themselves do
            for (JsonNode earlier : get(connection, path, Map.of("per_page", Integer.toString(WooCommerceClient.PAGE_SIZE)))) {
                if (cancellation.cancelKey().equals(metaValue(earlier, CANCEL_KEY))) {
                    return new Cancelled(id, "refund " + earlier.path("id").asText() + " of shop order " + id + " made before",
                            refundedItems(order, earlier));
                }
                for (JsonNode item : earlier.path("line_items")) {
                    refunded.merge(WooCommerceOrderCanceller.refundedItemId(item), Math.abs(item.path("quantity").asInt(0)), Integer::sum);
                }
            }
        }
        ObjectNode body = refundBody(json, order, cancellation, refunded, connection.account());
        ChannelAnswer answer;
        try {
            answer = client.send(connection, "POST", path, Map.of(), body);
        } catch (ChannelUnavailableException unknown) {
            if (String.valueOf(unknown.getMessage()).contains(REFUND_REFUSED)) {
                // WooCommerce answers 500 when wc_create_refund refuses (and deletes the refund it began)
                throw new ChannelRefusedException("WooCommerce " + connection.account() + ": the shop refused the refund of "
                        + "shop order " + id + ": " + unknown.getMessage(), 500);
            }
            Optional<JsonNode> made = lookUpRefund(connection, path, cancellation.cancelKey());
            if (made.isPresent()) {
                return new Cancelled(id, "refund " + made.get().path("id").asText() + " of shop order " + id + " made",
                        refundedItems(order, made.get()));
            }
            throw unknown;
        }
        refuseOn4xx(connection, "POST", path, answer);
        client.requireSuccess(connection, "POST", path, answer);
        JsonNode made = client.parse(connection, "POST", path, answer);
        return new Cancelled(id, "refund " + made.path("id").asText() + " of " + made.path("amount").asText() + " on shop order " + id
                + ", its units put back by the shop", refundedItems(order, made));
    }

    /** The error code of WooCommerce's refusal to create a refund (HTTP 500, as {@code WC_REST_Order_Refunds_Controller} answers). */
    static final String REFUND_REFUSED = "woocommerce_rest_cannot_create_order_refund";

    /**
     * The refund of the cancelled units: each SKU's units on the order's line items of that SKU
     * not refunded yet, at what the shop charged for them, the amount their sum, no payment back
     * ({@code api_refund} false), the units back in stock ({@code api_restock} true).
     *
     * @param refunded units of each line item refunded before
     * @throws ChannelRefusedException the order holds fewer units of a SKU than Kanal cancels
     */
    static ObjectNode refundBody(ObjectMapper json, JsonNode order, Cancellation cancellation, Map<Long, Integer> refunded,
                                 String account) {
        Map<Long, Integer> taken = new java.util.HashMap<>(refunded);
        java.math.BigDecimal amount = java.math.BigDecimal.ZERO;
        ArrayNode items = json.createArrayNode();
        for (SourceOrder.Line line : cancellation.lines()) {
            int left = line.quantity();
            for (JsonNode item : order.path("line_items")) {
                int quantity = item.path("quantity").asInt(0);
                long itemId = item.path("id").asLong();
                int free = quantity - taken.getOrDefault(itemId, 0);
                if (left <= 0 || free <= 0 || !line.sku().equals(item.path("sku").asText())) {
                    continue;
                }
                int units = Math.min(left, free);
                java.math.BigDecimal total = new java.math.BigDecimal(item.path("total").asText("0"))
                        .multiply(java.math.BigDecimal.valueOf(units))
                        .divide(java.math.BigDecimal.valueOf(quantity), 2, java.math.RoundingMode.HALF_UP);
                items.addObject().put("id", itemId).put("quantity", units).put("refund_total", total.toPlainString());
                amount = amount.add(total);
                taken.merge(itemId, units, Integer::sum);
                left -= units;
            }
            if (left > 0) {
                throw new ChannelRefusedException("WooCommerce " + account + ": shop order " + order.path("id").asText() + " holds "
                        + (line.quantity() - left) + " unrefunded unit(s) of SKU " + line.sku() + ", not the " + line.quantity()
                        + " Kanal cancels: settle it in the shop", 409);
            }
        }
        ObjectNode body = json.createObjectNode();
        body.put("amount", amount.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString());
        body.put("reason", "Kanal: " + (cancellation.reason() == null || cancellation.reason().isBlank() ? "cancelled"
                : cancellation.reason()));
        body.put("api_refund", false);
        body.put("api_restock", true);
        body.set("line_items", items);
        body.putArray("meta_data").addObject().put("key", CANCEL_KEY).put("value", cancellation.cancelKey());
        return body;
    }

    private Optional<JsonNode> lookUpRefund(ChannelConnection connection, String path, String cancelKey) {
        try {
            for (JsonNode refund : get(connection, path, Map.of("per_page", Integer.toString(WooCommerceClient.PAGE_SIZE)))) {
                if (cancelKey.equals(metaValue(refund, CANCEL_KEY))) {
                    return Optional.of(refund);
                }
            }
        } catch (RuntimeException lookupFailed) {
            // unknown still: the broker tries again, and the next attempt looks first
        }
        return Optional.empty();
    }

    /** The shop items a refund's lines put back (their stock is read back). */
    private static List<String> refundedItems(JsonNode order, JsonNode refund) {
        java.util.Set<Long> lineIds = new java.util.HashSet<>();
        refund.path("line_items").forEach(item -> lineIds.add(WooCommerceOrderCanceller.refundedItemId(item)));
        List<String> items = new ArrayList<>();
        for (JsonNode line : order.path("line_items")) {
            long productId = line.path("product_id").asLong(0);
            long variationId = line.path("variation_id").asLong(0);
            if (lineIds.contains(line.path("id").asLong()) && productId > 0) {
                items.add((variationId > 0 ? WooListingId.variation(productId, variationId) : WooListingId.product(productId)).toString());
            }
        }
        return items;
    }

    private static void refuseOn4xx(ChannelConnection connection, String method, String path, ChannelAnswer answer) {
        int status = answer.statusCode();
        if (status == 400 || status == 404 || status == 409 || status == 422) {
            throw new ChannelRefusedException("WooCommerce " + connection.account() + ": " + method + " " + path + " refused: HTTP "
                    + status + " " + abbreviate(answer.body()), status);
        }
    }

    // ---------------------------------------------------------------- shipments

    /** The statuses of an order the shop finished with: shipped, cancelled by staff, refunded in full. */
    static final List<String> FINISHED_STATUSES = List.of("completed", "cancelled", "refunded");

    /**
     * One list of the shop's completed, cancelled and refunded orders modified since {@code since}
     * ({@code status} is an array in wc/v3: one call a page for all three); only those Kanal wrote.
     */
    @Override
    public Instant readFinished(String clientId, SourceConfig source, Instant since, Consumer<List<SourceFinishedOrder>> pages) {
        Instant started = clock.instant();
        ChannelConnection connection = connection(clientId, source);
        Map<String, String> filter = new LinkedHashMap<>();
        filter.put("status", String.join(",", FINISHED_STATUSES));
        if (since != null) {
            filter.put("modified_after", LocalDateTime.ofInstant(since.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC)
                    .format(WooCommerceOrders.WOO_DATE));
            filter.put("dates_are_gmt", "true");
        }
        eachPage(connection, "/orders", filter, orders -> {
            List<SourceFinishedOrder> finished = new ArrayList<>();
            for (JsonNode order : orders) {
                finished(order).ifPresent(finished::add);
            }
            pages.accept(finished);
        });
        return started;
    }

    /** A listed order as Kanal follows it: shipped or cancelled, when Kanal wrote it; empty otherwise (the shop's own, or still open). */
    static Optional<SourceFinishedOrder> finished(JsonNode order) {
        if (metaValue(order, REQUEST_KEY) == null) {
            return Optional.empty(); // the shop's own order: it ships and cancels it on its channel side
        }
        String status = order.path("status").asText();
        if ("completed".equals(status)) {
            return Optional.of(shipment(order));
        }
        if ("cancelled".equals(status) || "refunded".equals(status)) {
            return Optional.of(new SourceCancelledOrder(order.path("id").asText(), metaValue(order, REQUEST_KEY),
                    metaValue(order, REFERENCE), status, WooCommerceOrders.modifiedAt(order)));
        }
        return Optional.empty();
    }

    /** A completed order Kanal wrote, with the latest tracking item that has a number (the Shipment Tracking extension's meta). */
    static SourceShipment shipment(JsonNode order) {
        JsonNode tracking = null;
        for (JsonNode meta : order.path("meta_data")) {
            if (WooCommerceShipmentWriter.TRACKING_META.equals(meta.path("key").asText()) && meta.path("value").isArray()) {
                for (JsonNode item : meta.path("value")) {
                    if (text(item.path("tracking_number")) != null) {
                        tracking = item;
                    }
                }
            }
        }
        Instant completed = gmt(order, "date_completed");
        String reference = metaValue(order, REFERENCE);
        if (tracking == null) {
            return new SourceShipment(order.path("id").asText(), metaValue(order, REQUEST_KEY), reference, completed,
                    WooCommerceOrders.modifiedAt(order), null, null, null);
        }
        String carrier = text(tracking.path("tracking_provider"));
        String url = text(tracking.path("tracking_link"));
        Instant shipped = shippedOn(tracking.path("date_shipped"));
        return new SourceShipment(order.path("id").asText(), metaValue(order, REQUEST_KEY), reference, shipped != null ? shipped : completed,
                WooCommerceOrders.modifiedAt(order), carrier != null ? carrier : text(tracking.path("custom_tracking_provider")),
                text(tracking.path("tracking_number")), url != null ? url : text(tracking.path("custom_tracking_link")));
    }

    /** The extension's {@code date_shipped}: a Unix timestamp as it stores it, or {@code YYYY-MM-DD} as its API takes it. */
    private static Instant shippedOn(JsonNode value) {
        String text = text(value);
        if (text == null) {
            return null;
        }
        try {
            return text.matches("\\d{9,11}") ? Instant.ofEpochSecond(Long.parseLong(text))
                    : java.time.LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Instant gmt(JsonNode order, String field) {
        String text = order.path(field + "_gmt").asText("");
        if (text.isBlank() || order.path(field + "_gmt").isNull()) {
            return null;
        }
        try {
            return LocalDateTime.parse(text.length() > 19 ? text.substring(0, 19) : text, WooCommerceOrders.WOO_DATE)
                    .toInstant(ZoneOffset.UTC);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private Optional<JsonNode> lookUpAfterFailure(ChannelConnection connection, String requestKey) {
        try {
            return findByRequestKey(connection, requestKey);
        } catch (RuntimeException lookupFailed) {
            return Optional.empty();
        }
    }

    /** The order body: paid, by product and variation id, the request key in meta_data. */
    ObjectNode orderBody(SourceOrder order, java.util.function.Function<String, long[]> productOfSku) {
        ObjectNode body = json.createObjectNode();
        body.put("status", "processing");
        body.put("set_paid", !order.cashOnDelivery());
        body.put("payment_method", order.cashOnDelivery() ? "cod" : "other");
        body.put("payment_method_title", order.cashOnDelivery() ? "Cash on delivery" : "Paid on " + channelOf(order.reference()));
        body.put("created_via", CREATED_VIA);
        body.put("customer_note", "Kanal: " + order.reference());
        String name = order.customerName() == null ? "" : order.customerName().trim();
        int space = name.lastIndexOf(' ');
        ObjectNode billing = body.putObject("billing");
        billing.put("first_name", space < 0 ? name : name.substring(0, space));
        billing.put("last_name", space < 0 ? "" : name.substring(space + 1));
        ArrayNode lines = body.putArray("line_items");
        for (SourceOrder.Line line : order.lines()) {
            long[] ids = productOfSku.apply(line.sku());
            ObjectNode item = lines.addObject();
            item.put("product_id", ids[0]);
            if (ids[1] > 0) {
                item.put("variation_id", ids[1]);
            }
            item.put("quantity", line.quantity());
            if (line.unitPrice() != null) {
                // the channel's price: the line's subtotal and total, so the shop does not use its own
                String total = line.unitPrice().multiply(java.math.BigDecimal.valueOf(line.quantity()))
                        .setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
                item.put("subtotal", total);
                item.put("total", total);
            }
        }
        ArrayNode meta = body.putArray("meta_data");
        meta.addObject().put("key", REQUEST_KEY).put("value", order.requestKey());
        meta.addObject().put("key", REFERENCE).put("value", order.reference());
        return body;
    }

    /**
     * {product id, variation id (0 for a simple product)} of the shop item with this SKU: {@code GET /products?sku=}
     * finds simple products and variations alike (a variation answers with its {@code parent_id}).
     */
    private long[] productOf(ChannelConnection connection, String sku) {
        JsonNode found = get(connection, "/products", Map.of("sku", sku, "status", "any"));
        for (JsonNode product : found) {
            if (sku.equals(product.path("sku").asText())) {
                long parent = product.path("parent_id").asLong(0);
                return parent > 0 ? new long[] {parent, product.path("id").asLong()} : new long[] {product.path("id").asLong(), 0};
            }
        }
        throw new ChannelRefusedException("WooCommerce " + connection.account() + ": the shop has no product with SKU " + sku, 404);
    }

    /** Orders created since a little before now minus the window, newest first, searched for the key. */
    Optional<JsonNode> findByRequestKey(ChannelConnection connection, String requestKey) {
        Instant after = clock.instant().minus(LOOKUP_WINDOW).minus(LOOKUP_MARGIN);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("after", LocalDateTime.ofInstant(after.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC).format(WooCommerceOrders.WOO_DATE));
        query.put("dates_are_gmt", "true");
        query.put("status", "any");
        JsonNode[] found = {null};
        eachPage(connection, "/orders", query, orders -> orders.forEach(order -> {
            if (found[0] == null && requestKey.equals(metaValue(order, REQUEST_KEY))) {
                found[0] = order;
            }
        }));
        return Optional.ofNullable(found[0]);
    }

    /** Whether Kanal wrote this shop order itself (another channel's order): never imported back as a channel order. */
    public static boolean writtenByKanal(JsonNode order) {
        return CREATED_VIA.equals(order.path("created_via").asText()) || metaValue(order, REQUEST_KEY) != null;
    }

    private static String metaValue(JsonNode order, String key) {
        for (JsonNode meta : order.path("meta_data")) {
            if (key.equals(meta.path("key").asText())) {
                return meta.path("value").asText(null);
            }
        }
        return null;
    }

    private static Written written(JsonNode order) {
        List<String> items = new ArrayList<>();
        for (JsonNode line : order.path("line_items")) {
            long productId = line.path("product_id").asLong(0);
            long variationId = line.path("variation_id").asLong(0);
            if (productId > 0) {
                items.add((variationId > 0 ? WooListingId.variation(productId, variationId) : WooListingId.product(productId)).toString());
            }
        }
        return new Written(order.path("id").asText(), items);
    }

    private static String channelOf(String reference) {
        int colon = reference.indexOf(':');
        return colon < 0 ? reference : reference.substring(0, colon);
    }

    // ---------------------------------------------------------------- HTTP

    private JsonNode get(ChannelConnection connection, String path, Map<String, String> query) {
        ChannelAnswer answer = client.send(connection, "GET", path, query, null);
        client.requireSuccess(connection, "GET", path, answer);
        return client.parse(connection, "GET", path, answer);
    }

    /** Every page of a list, {@value WooCommerceClient#PAGE_SIZE} a page in id order, following X-WP-TotalPages. */
    private void eachPage(ChannelConnection connection, String path, Map<String, String> filter, Consumer<JsonNode> items) {
        int totalPages = Integer.MAX_VALUE;
        for (int page = 1; page <= totalPages; page++) {
            Map<String, String> query = new LinkedHashMap<>(filter);
            query.put("orderby", "id");
            query.put("order", "asc");
            query.put("per_page", Integer.toString(WooCommerceClient.PAGE_SIZE));
            query.put("page", Integer.toString(page));
            ChannelAnswer answer = client.send(connection, "GET", path, query, null);
            client.requireSuccess(connection, "GET", path, answer);
            JsonNode body = client.parse(connection, "GET", path, answer);
            if (!body.isArray()) {
                throw new ChannelUnavailableException("WooCommerce " + connection.account() + ": GET " + path + " answered without a list");
            }
            items.accept(body);
            Optional<String> pages = answer.headers().firstValue("X-WP-TotalPages");
            if (pages.isPresent()) {
                try {
                    totalPages = Integer.parseInt(pages.get().trim());
                } catch (NumberFormatException e) {
                    totalPages = body.size() < WooCommerceClient.PAGE_SIZE ? page : Integer.MAX_VALUE;
                }
            } else if (body.size() < WooCommerceClient.PAGE_SIZE) {
                break;
            }
            if (body.isEmpty()) {
                break;
            }
        }
    }

    private static String text(JsonNode value) {
        String text = value.asText("");
        return text.isBlank() || value.isNull() ? null : text.trim();
    }

    private static String abbreviate(String text) {
        String flat = text == null ? "" : text.replaceAll("\\s+", " ").trim();
        return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
    }
}
