package dev.kanal.sandbox.walmart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.StreamUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/**
 * Walmart Marketplace's API v3, emulated: {@code https://marketplace.walmartapis.com} becomes
 * {@code http://host:port/sandbox/walmart}. Every data call passes the same gate: the
 * {@code WM_SVC.NAME} and {@code WM_QOS.CORRELATION_ID} headers (400 MISSING_REQUEST_HEADER), the
 * access token (401 when missing, unknown or expired), statistics, injected latency and faults,
 * then the endpoint's token bucket (429 REQUEST_THRESHOLD_VIOLATED with
 * {@code X-Current-Token-Count} and {@code X-Next-Replenishment-Time}).
 */
@RestController
@RequestMapping(path = "/sandbox/walmart/v3", produces = MediaType.APPLICATION_JSON_VALUE)
@ConditionalOnProperty(prefix = "kanal.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
class WalmartSandboxApi {

    static final Set<String> METHOD_CODES = Set.of("Standard", "Express", "OneDay", "Freight", "WhiteGlove", "Value");
    static final Set<String> CARRIERS = Set.of("UPS", "USPS", "FedEx", "Airborne", "OnTrac", "DHL Ecommerce - US", "DHL", "LS", "UDS",
            "UPSMI", "FDX", "PILOT", "ESTES", "SAIA", "FDS Express", "Seko Worldwide", "HIT Delivery", "FEDEXSP", "RL Carriers",
            "China Post", "YunExpress", "GLS", "OSM Worldwide", "FIRST MILE", "CEVA", "LSO", "Royal Mail", "Canada Post", "Japan Post",
            "Deutsche Post", "Better Trucks", "Asendia", "PostNord Sweden", "DTDC");
    static final Set<String> CANCEL_REASONS = Set.of("CUSTOMER_REQUESTED_SELLER_TO_CANCEL", "SELLER_CANCEL_PRICING_ERROR",
            "SELLER_CANCEL_OUT_OF_STOCK", "SELLER_CANCEL_FRAUD_STOP_SHIPMENT", "SELLER_CANCEL_ADDRESS_NOT_SERVICEABLE");
    private static final Set<String> OPEN = Set.of("Created", "Acknowledged");
    /** Walmart's cap on items in one price feed. */
    static final int MAX_PRICE_FEED_ITEMS = 10_000;

    private final WalmartSandbox sandbox;

    WalmartSandboxApi(WalmartSandbox sandbox) {
        this.sandbox = sandbox;
    }

    // ---- authentication ----

    @PostMapping("/token")
    Map<String, Object> token(HttpServletRequest request) {
        requireServiceHeaders(request);
        WalmartSeller seller = sandbox.byCredentials(request.getHeader("Authorization")).orElseThrow(() ->
                WalmartSandboxError.unauthorized("Client id and secret are not valid"));
        seller.count("POST /v3/token");
        admit(seller, "POST /v3/token");
        String contentType = request.getContentType();
        if (contentType == null || !contentType.startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE)) {
            throw WalmartSandboxError.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE", "Content-Type",
                    "The token call takes application/x-www-form-urlencoded", "REQUEST");
        }
        String grant = request.getParameter("grant_type");
        if (!"client_credentials".equals(grant)) {
            throw WalmartSandboxError.badRequest("INVALID_REQUEST_PARAM", "grant_type", "grant_type must be client_credentials");
        }
        String token = WalmartSandbox.newToken();
        sandbox.issue(seller, token);
        seller.countToken();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", token);
        answer.put("token_type", "Bearer");
        answer.put("expires_in", seller.tokenTtlSeconds());
        return answer;
    }

    // ---- inventory ----

    @PutMapping("/inventory")
    Map<String, Object> putInventory(HttpServletRequest request, @RequestParam(name = "sku", required = false) String sku,
                                     @RequestBody(required = false) JsonNode body) {
        WalmartSeller seller = gate(request, "PUT /v3/inventory");
        if (sku == null || sku.isBlank()) {
            throw WalmartSandboxError.badRequest("MISSING_REQUEST_PARAM", "sku", "Query parameter sku is required");
        }
        if (body == null || !body.isObject() || !body.path("quantity").isObject()) {
            throw WalmartSandboxError.badRequest("INVALID_REQUEST_CONTENT", "quantity", "A body {sku, quantity:{unit, amount}} is required");
        }
        if (body.hasNonNull("sku") && !sku.equals(body.get("sku").asText())) {
            throw WalmartSandboxError.badRequest("INVALID_REQUEST_CONTENT", "sku", "The body's sku differs from the query's");
        }
        JsonNode amount = body.path("quantity").path("amount");
        if (!"EACH".equals(body.path("quantity").path("unit").asText()) || !amount.isNumber() || amount.asDouble() < 0
                || amount.asDouble() != Math.floor(amount.asDouble())) {
            throw WalmartSandboxError.badRequest("INVALID_REQUEST_CONTENT", "quantity",
                    "quantity must be {\"unit\":\"EACH\",\"amount\":<whole number of at least 0>}");
        }
        if (!seller.knows(sku)) {
            throw WalmartSandboxError.of(HttpStatus.NOT_FOUND, "CONTENT_NOT_FOUND.GMP_INVENTORY_API", "sku",
                    "Item not found: " + sku, "DATA");
        }
        seller.setQuantity(sku, amount.asInt(), body);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("sku", sku);
        answer.put("quantity", Map.of("unit", "EACH", "amount", amount.asInt()));
        return answer;
    }

    /** Every SKU with its one ship node; {@code nextCursor} is an opaque offset, absent on the last page. */
    @GetMapping("/inventories")
    Map<String, Object> inventories(HttpServletRequest request, @RequestParam(name = "limit", required = false) String limitParam,
                                    @RequestParam(name = "nextCursor", required = false) String cursor) {
        WalmartSeller seller = gate(request, "GET /v3/inventories");
        int limit = intParam("limit", limitParam, 10, 1, 50);
        int offset = 0;
        if (cursor != null && !cursor.isBlank()) {
            try {
                offset = Integer.parseInt(new String(java.util.Base64.getDecoder().decode(cursor), StandardCharsets.UTF_8)
                        .replace("offset:", ""));
            } catch (IllegalArgumentException e) {
                throw WalmartSandboxError.badRequest("INVALID_REQUEST_PARAM", "nextCursor", "nextCursor is not one this API gave");
            }
        }
        List<Map<String, Object>> page = new ArrayList<>();
        for (Map.Entry<String, Integer> entry : seller.inventoryPage(offset, limit)) {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("shipNode", WalmartSeller.SHIP_NODE);
            node.put("inputQty", Map.of("unit", "EACH", "amount", entry.getValue()));
            node.put("availToSellQty", Map.of("unit", "EACH", "amount", entry.getValue()));
            node.put("reservedQty", Map.of("unit", "EACH", "amount", 0));
            page.add(Map.of("sku", entry.getKey(), "nodes", List.of(node)));
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("totalCount", seller.inventoryCount());
        if (offset + page.size() < seller.inventoryCount()) {
            meta.put("nextCursor", java.util.Base64.getEncoder().encodeToString(("offset:" + (offset + page.size()))
                    .getBytes(StandardCharsets.UTF_8)));
        }
        return Map.of("meta", meta, "elements", Map.of("inventories", page));
    }

    // ---- prices ----

    /**
     * The regular price of one SKU: {@code {sku, pricing:[{currentPriceType:"BASE", currentPrice:{currency:"USD", amount}}]}}
     * ({@link WalmartSeller#priceProblem}); answered {@code {"ItemPriceResponse":{mart, message, sku}}}.
     */
    @PutMapping("/price")
    Map<String, Object> putPrice(HttpServletRequest request, @RequestBody(required = false) JsonNode body) {
        WalmartSeller seller = gate(request, "PUT /v3/price");
        String[] problem = WalmartSeller.priceProblem(body);
        if (problem != null) {
            throw WalmartSandboxError.badRequest("INVALID_REQUEST_CONTENT", problem[0], problem[1]);
        }
        String sku = body.path("sku").asText();
        if (!seller.knows(sku)) {
            throw WalmartSandboxError.of(HttpStatus.NOT_FOUND, "CONTENT_NOT_FOUND.GMP_PRICE_API", "sku", "Item not found: " + sku, "DATA");
        }
        seller.setPrice(sku, body.path("pricing").get(0).path("currentPrice"), body);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("mart", "WALMART_US");
        answer.put("message", WalmartSeller.PRICE_UPDATED);
        answer.put("sku", sku);
        return Map.of("ItemPriceResponse", answer);
    }

    // ---- feeds ----

    /**
     * A bulk feed, multipart with the file in part {@code file}, answered with its feedId:
     * {@code feedType=inventory} (spec 1.4) or {@code feedType=price} (spec 1.7, at most 10,000
     * items). Each type has its own token bucket and upload cap (413 above it). The file's shape is
     * checked here (400); its items when the feed is processed (DATA_ERROR per item).
     */
    @PostMapping("/feeds")
    Map<String, Object> feed(HttpServletRequest request, @RequestParam(name = "feedType", required = false) String feedType) {
        boolean known = WalmartSeller.FEED_TYPES.contains(feedType);
        WalmartSeller seller = gate(request, known ? "POST /v3/feeds?feedType=" + feedType : "POST /v3/feeds");
        if (!known) {
            throw WalmartSandboxError.badRequest("INVALID_REQUEST_PARAM", "feedType",
                    "The sandbox takes feedType=inventory (spec 1.4), price (spec 1.7) or MP_ITEM_MATCH (spec 1.0); got " + feedType);
        }
        byte[] file = filePart(request);
        if (file.length > seller.maxFeedBytes(feedType)) {
            throw WalmartSandboxError.of(HttpStatus.PAYLOAD_TOO_LARGE, "REQUEST_ENTITY_TOO_LARGE", "file",
                    "The feed file has " + file.length + " bytes; at most " + seller.maxFeedBytes(feedType) + " are taken", "REQUEST");
        }
        JsonNode feed;
        try {
            feed = WalmartSeller.JSON.readTree(file);
        } catch (IOException e) {
            throw WalmartSandboxError.badRequest("MALFORMED_REQUEST_CONTENT", "file", "The feed file is not JSON");
        }
        List<String[]> items = switch (feedType) {
            case "price" -> priceItems(feed);
            case "MP_ITEM_MATCH" -> matchItems(feed);
            default -> inventoryItems(feed);
        };
        if (items.isEmpty()) {
            throw WalmartSandboxError.badRequest("INVALID_REQUEST_CONTENT", "file", "The feed has no item");
        }
        WalmartSeller.Feed created = seller.submitFeed(feedType, items);
        return Map.of("feedId", created.feedId);
    }

    private static List<String[]> inventoryItems(JsonNode feed) {
        if (feed == null || !"1.4".equals(feed.path("InventoryHeader").path("version").asText()) || !feed.path("Inventory").isArray()) {
            throw WalmartSandboxError.badRequest("INVALID_REQUEST_CONTENT", "file",
                    "An inventory feed is {\"InventoryHeader\":{\"version\":\"1.4\"},\"Inventory\":[{sku, quantity:{unit, amount}}]}");
        }
        List<String[]> items = new ArrayList<>();
        for (JsonNode item : feed.path("Inventory")) {
            items.add(new String[] {item.path("sku").asText(""), item.path("quantity").path("amount").asText("")});
        }
        return items;
    }

    private static List<String[]> priceItems(JsonNode feed) {
        if (feed == null || !"1.7".equals(feed.path("PriceHeader").path("version").asText()) || !feed.path("Price").isArray()) {
            throw WalmartSandboxError.badRequest("INVALID_REQUEST_CONTENT", "file",
                    "A price feed is {\"PriceHeader\":{\"version\":\"1.7\"},\"Price\":[{sku, pricing:[{currentPriceType, currentPrice}]}]}");
        }
        if (feed.path("Price").size() > MAX_PRICE_FEED_ITEMS) {
            throw WalmartSandboxError.badRequest("INVALID_REQUEST_CONTENT", "file",
                    "A price feed takes at most " + MAX_PRICE_FEED_ITEMS + " items; this one has " + feed.path("Price").size());
        }
        List<String[]> items = new ArrayList<>();
        for (JsonNode item : feed.path("Price")) {
            items.add(new String[] {item.path("sku").asText(""), item.toString()});
        }
        return items;
    }

    /**
     * An item-match feed: {@code {"MPItemFeedHeader":{"version":"1.0","sellingChannel":"mpsetupbymatch","locale":"en"},
     * "MPItem":[{"Item":{...}}]}} (Walmart's schema MP_ITEM_MATCH_v4: the three header fields required,
     * no properties beyond the schema's). The items are checked when the feed is processed.
     */
    private static List<String[]> matchItems(JsonNode feed) {
        JsonNode header = feed == null ? null : feed.path("MPItemFeedHeader");
        boolean headerOk = header != null && header.isObject() && "1.0".equals(header.path("version").asText())
                && "mpsetupbymatch".equals(header.path("sellingChannel").asText()) && "en".equals(header.path("locale").asText());
        if (headerOk) {
            for (java.util.Iterator<String> names = header.fieldNames(); names.hasNext(); ) {
                headerOk &= Set.of("requestId", "requestBatchId", "feedDate", "processMode", "subset", "Mart", "sellingChannel",
                        "version", "locale").contains(names.next());
            }
        }
        if (!headerOk || feed.size() != 2 || !feed.path("MPItem").isArray()) {
            throw WalmartSandboxError.badRequest("INVALID_REQUEST_CONTENT", "file", "An item-match feed is {\"MPItemFeedHeader\":"
                    + "{\"version\":\"1.0\",\"sellingChannel\":\"mpsetupbymatch\",\"locale\":\"en\"},\"MPItem\":[{\"Item\":{sku,"
                    + " productIdentifiers, price, ShippingWeight}}]}");
        }
        List<String[]> items = new ArrayList<>();
        for (JsonNode item : feed.path("MPItem")) {
            items.add(new String[] {item.path("Item").path("sku").asText(""), item.toString()});
        }
        return items;
    }

    @GetMapping("/feeds/{feedId}")
    Map<String, Object> feedStatus(HttpServletRequest request, @PathVariable String feedId,
                                   @RequestParam(name = "includeDetails", required = false) String includeDetails,
                                   @RequestParam(name = "offset", required = false) String offsetParam,
                                   @RequestParam(name = "limit", required = false) String limitParam) {
        WalmartSeller seller = gate(request, "GET /v3/feeds/{feedId}");
        int offset = intParam("offset", offsetParam, 0, 0, Integer.MAX_VALUE);
        int limit = intParam("limit", limitParam, 50, 1, 50);
        WalmartSeller.Feed feed = seller.feed(feedId);
        if (feed == null) {
            throw WalmartSandboxError.of(HttpStatus.NOT_FOUND, "CONTENT_NOT_FOUND.GMP_FEED_API", "feedId", "No feed " + feedId, "DATA");
        }
        synchronized (seller) {
            String status = seller.status(feed, System.currentTimeMillis());
            long succeeded = feed.results.stream().filter(r -> "SUCCESS".equals(r.path("ingestionStatus").asText())).count();
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("feedId", feed.feedId);
            answer.put("feedStatus", status);
            answer.put("feedSubmissionDate", feed.createdAt);
            answer.put("itemsReceived", feed.items.size());
            answer.put("itemsSucceeded", succeeded);
            answer.put("itemsFailed", feed.results.size() - succeeded);
            answer.put("itemsProcessing", feed.processed ? 0 : feed.items.size());
            answer.put("offset", offset);
            answer.put("limit", limit);
            if ("true".equalsIgnoreCase(includeDetails)) {
                List<JsonNode> details = new ArrayList<>();
                if (feed.processed) {
                    feed.results.subList(Math.min(offset, feed.results.size()), Math.min(feed.results.size(), offset + limit))
                            .forEach(details::add);
                } else {
                    for (int i = offset; i < Math.min(feed.items.size(), offset + limit); i++) {
                        details.add(WalmartSeller.JSON.createObjectNode().put("martId", 0).put("sku", feed.items.get(i)[0])
                                .put("index", i).put("ingestionStatus", "INPROGRESS"));
                    }
                }
                answer.put("itemDetails", Map.of("itemIngestionStatus", details));
            }
            return answer;
        }
    }

    // ---- items ----

    /**
     * Walmart.com's catalogue by keyword, UPC or GTIN ({@link WalmartCatalogue}): at least one of
     * them (400 MISSING_REQUEST_PARAM), a UPC of 12 digits and a GTIN of 14 (400
     * INVALID_REQUEST_PARAM), as the spec says; the first 20 items, {@code {"items":[]}} when none.
     */
    @GetMapping("/items/walmart/search")
    Map<String, Object> searchCatalogue(HttpServletRequest request, @RequestParam(name = "query", required = false) String query,
                                        @RequestParam(name = "upc", required = false) String upc,
                                        @RequestParam(name = "gtin", required = false) String gtin) {
        gate(request, "GET /v3/items/walmart/search");
        boolean byQuery = query != null && !query.isBlank();
        boolean byUpc = upc != null && !upc.isBlank();
        boolean byGtin = gtin != null && !gtin.isBlank();
        if (!byQuery && !byUpc && !byGtin) {
            throw WalmartSandboxError.badRequest("MISSING_REQUEST_PARAM", "query", "Specify at least one of query, gtin or upc");
        }
        if (byUpc && !upc.matches("\\d{12}")) {
            throw WalmartSandboxError.badRequest("INVALID_REQUEST_PARAM", "upc", "upc must be 12 digits: " + upc);
        }
        if (byGtin && !gtin.matches("\\d{14}")) {
            throw WalmartSandboxError.badRequest("INVALID_REQUEST_PARAM", "gtin", "gtin must be 14 digits: " + gtin);
        }
        String code = byGtin ? gtin : byUpc ? "00" + upc : null;
        if (byGtin && byUpc && !gtin.equals("00" + upc)) {
            return Map.of("items", List.of()); // both given: an item has one code
        }
        return Map.of("items", sandbox.catalogue().search(code, byQuery ? query.trim() : null));
    }

    /**
     * The seller's items, {@code {"ItemResponse":[...],"totalItems":N}}: the one with {@code sku}
     * (404 CONTENT_NOT_FOUND when the seller has none), else a page by {@code offset} and
     * {@code limit} (at most 50), {@code nextCursor} while more follow.
     */
    @GetMapping("/items")
    Map<String, Object> sellerItems(HttpServletRequest request, @RequestParam(name = "sku", required = false) String sku,
                                    @RequestParam(name = "offset", required = false) String offsetParam,
                                    @RequestParam(name = "limit", required = false) String limitParam) {
        WalmartSeller seller = gate(request, "GET /v3/items");
        Map<String, Object> answer = new LinkedHashMap<>();
        if (sku != null && !sku.isBlank()) {
            ObjectNode item = seller.listedItem(sku);
            if (item == null) {
                throw WalmartSandboxError.of(HttpStatus.NOT_FOUND, "CONTENT_NOT_FOUND.GMP_ITEM_QUERY_API", "sku",
                        "Item not found: " + sku, "DATA");
            }
            answer.put("ItemResponse", List.of(item));
            answer.put("totalItems", 1);
            return answer;
        }
        int offset = intParam("offset", offsetParam, 0, 0, Integer.MAX_VALUE);
        int limit = intParam("limit", limitParam, 20, 1, 50);
        List<ObjectNode> page = seller.listedItems(offset, limit);
        int total = seller.inventoryCount();
        answer.put("ItemResponse", page);
        answer.put("totalItems", total);
        if (offset + page.size() < total) {
            answer.put("nextCursor", "offset=" + (offset + page.size()) + "&limit=" + limit);
        }
        return answer;
    }

    // ---- orders ----

    /** Orders with a Created line, oldest first, in pages whose {@code nextCursor} carries the last order read. */
    @GetMapping("/orders/released")
    Map<String, Object> released(HttpServletRequest request) {
        WalmartSeller seller = gate(request, "GET /v3/orders/released");
        Predicate<ObjectNode> filter = o -> lines(o).stream().anyMatch(l -> statuses(l).stream()
                .anyMatch(s -> "Created".equals(s.path("status").asText())));
        return list(seller, request, "/v3/orders/released", filter);
    }

    @GetMapping("/orders")
    Map<String, Object> orders(HttpServletRequest request) {
        WalmartSeller seller = gate(request, "GET /v3/orders");
        Predicate<ObjectNode> filter = o -> true;
        String po = request.getParameter("purchaseOrderId");
        if (po != null) {
            filter = filter.and(o -> po.equals(o.path("purchaseOrderId").asText()));
        }
        String status = request.getParameter("status");
        if (status != null) {
            filter = filter.and(o -> lines(o).stream().anyMatch(l -> statuses(l).stream()
                    .anyMatch(s -> status.equals(s.path("status").asText()))));
        }
        String modifiedSince = request.getParameter("lastModifiedStartDate");
        if (modifiedSince != null) {
            long since = date("lastModifiedStartDate", modifiedSince);
            filter = filter.and(o -> seller.modifiedAt(o.path("purchaseOrderId").asText()) >= since);
        }
        return list(seller, request, "/v3/orders", filter);
    }

    private Map<String, Object> list(WalmartSeller seller, HttpServletRequest request, String path, Predicate<ObjectNode> filter) {
        int limit = intParam("limit", request.getParameter("limit"), 100, 1, 200);
        Predicate<ObjectNode> matches = filter;
        String created = request.getParameter("createdStartDate");
        if (created != null) {
            long since = date("createdStartDate", created);
            matches = matches.and(o -> o.path("orderDate").asLong() >= since);
        }
        String sku = request.getParameter("sku");
        if (sku != null) {
            matches = matches.and(o -> lines(o).stream().anyMatch(l -> sku.equals(l.path("item").path("sku").asText())));
        }
        Comparator<ObjectNode> order = Comparator.comparingLong((ObjectNode o) -> o.path("orderDate").asLong())
                .thenComparing(o -> o.path("purchaseOrderId").asText());
        List<ObjectNode> all = seller.orders().stream().filter(matches).sorted(order).toList();
        List<ObjectNode> after = all;
        String soIndex = request.getParameter("soIndex");
        String poIndex = request.getParameter("poIndex");
        if ("true".equals(request.getParameter("hasMoreElements")) && soIndex != null && poIndex != null) {
            long lastDate = Long.parseLong(soIndex);
            after = all.stream().filter(o -> o.path("orderDate").asLong() > lastDate
                    || (o.path("orderDate").asLong() == lastDate && o.path("purchaseOrderId").asText().compareTo(poIndex) > 0)).toList();
        }
        List<ObjectNode> page = after.subList(0, Math.min(limit, after.size()));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("totalCount", all.size());
        meta.put("limit", limit);
        if (after.size() > page.size()) {
            ObjectNode last = page.get(page.size() - 1);
            StringBuilder next = new StringBuilder("?limit=" + limit + "&hasMoreElements=true&soIndex=" + last.path("orderDate").asLong()
                    + "&poIndex=" + last.path("purchaseOrderId").asText() + "&sellerId=" + WalmartSeller.SHIP_NODE);
            for (String carried : List.of("createdStartDate", "lastModifiedStartDate", "purchaseOrderId", "status", "sku")) {
                if (request.getParameter(carried) != null) {
                    next.append('&').append(carried).append('=').append(URLEncoder.encode(request.getParameter(carried), StandardCharsets.UTF_8));
                }
            }
            meta.put("nextCursor", next.toString());
        }
        return Map.of("list", Map.of("meta", meta, "elements", Map.of("order", page)));
    }

    @PostMapping("/orders/{purchaseOrderId}/acknowledge")
    Map<String, Object> acknowledge(HttpServletRequest request, @PathVariable String purchaseOrderId) {
        WalmartSeller seller = gate(request, "POST /v3/orders/{purchaseOrderId}/acknowledge");
        synchronized (seller) {
            ObjectNode order = existing(seller, purchaseOrderId);
            boolean open = false;
            for (JsonNode line : lines(order)) {
                for (JsonNode status : statuses(line)) {
                    if ("Created".equals(status.path("status").asText())) {
                        ((ObjectNode) status).put("status", "Acknowledged");
                        ((ObjectNode) line).put("statusDate", System.currentTimeMillis());
                    }
                    open |= OPEN.contains(status.path("status").asText());
                }
            }
            if (!open) {
                throw WalmartSandboxError.badRequest("INVALID_REQUEST_CONTENT", "purchaseOrderId",
                        "Order " + purchaseOrderId + " has no line left to acknowledge");
            }
            seller.touch(purchaseOrderId);
            seller.recordAcknowledgement(WalmartSeller.JSON.createObjectNode().put("purchaseOrderId", purchaseOrderId)
                    .put("at", System.currentTimeMillis()));
            return Map.of("order", order.deepCopy());
        }
    }

    @PostMapping("/orders/{purchaseOrderId}/shipping")
    Map<String, Object> ship(HttpServletRequest request, @PathVariable String purchaseOrderId, @RequestBody(required = false) JsonNode body) {
        WalmartSeller seller = gate(request, "POST /v3/orders/{purchaseOrderId}/shipping");
        JsonNode asked = body == null ? null : body.path("orderShipment").path("orderLines").path("orderLine");
        if (asked == null || !asked.isArray() || asked.isEmpty()) {
            throw WalmartSandboxError.badRequest("INVALID_REQUEST_CONTENT", "orderShipment", "orderShipment.orderLines.orderLine is required");
        }
        synchronized (seller) {
            ObjectNode order = existing(seller, purchaseOrderId);
            ObjectNode copy = order.deepCopy(); // all lines or none
            for (JsonNode shipped : asked) {
                JsonNode line = line(copy, shipped.path("lineNumber").asText());
                if (!shipped.hasNonNull("sellerOrderId")) {
                    throw WalmartSandboxError.badRequest("INVALID_REQUEST_CONTENT", "sellerOrderId", "sellerOrderId is required");
                }
                for (JsonNode status : shipped.path("orderLineStatuses").path("orderLineStatus")) {
                    if (!"Shipped".equals(status.path("status").asText())) {
                        throw WalmartSandboxError.badRequest("INVALID_REQUEST_CONTENT", "status", "A shipment's status is Shipped");
                    }
                    JsonNode tracking = status.path("trackingInfo");
                    checkTracking(tracking);
                    int units = units(status.path("statusQuantity"));
                    if (alreadyShipped(line, tracking.path("trackingNumber").asText()) && openUnits(line) == 0) {
                        continue; // the same shipment again
                    }
                    move(line, OPEN, units, "Shipped", tracking, null);
                }
            }
            order.setAll(copy);
            seller.touch(purchaseOrderId);
            seller.recordShipment(WalmartSeller.JSON.createObjectNode().put("purchaseOrderId", purchaseOrderId).set("orderShipment",
                    body.path("orderShipment").deepCopy()));
            return Map.of("order", order.deepCopy());
        }
    }

    @PostMapping("/orders/{purchaseOrderId}/cancel")
    Map<String, Object> cancel(HttpServletRequest request, @PathVariable String purchaseOrderId, @RequestBody(required = false) JsonNode body) {
        WalmartSeller seller = gate(request, "POST /v3/orders/{purchaseOrderId}/cancel");
        JsonNode asked = body == null ? null : body.path("orderCancellation").path("orderLines").path("orderLine");
        if (asked == null || !asked.isArray() || asked.isEmpty()) {
            throw WalmartSandboxError.badRequest("INVALID_REQUEST_CONTENT", "orderCancellation",
                    "orderCancellation.orderLines.orderLine is required");
        }
        synchronized (seller) {
            ObjectNode order = existing(seller, purchaseOrderId);
            ObjectNode copy = order.deepCopy();
            for (JsonNode cancelled : asked) {
                JsonNode line = line(copy, cancelled.path("lineNumber").asText());
                for (JsonNode status : cancelled.path("orderLineStatuses").path("orderLineStatus")) {
                    String reason = status.path("cancellationReason").asText("");
                    if (!"Cancelled".equals(status.path("status").asText()) || !CANCEL_REASONS.contains(reason)) {
                        throw WalmartSandboxError.badRequest("INVALID_REQUEST_CONTENT", "cancellationReason",
                                "A cancellation is status Cancelled with a cancellationReason of " + CANCEL_REASONS);
                    }
                    move(line, OPEN, units(status.path("statusQuantity")), "Cancelled", null, reason);
                }
            }
            order.setAll(copy);
            seller.touch(purchaseOrderId);
            seller.recordCancellation(WalmartSeller.JSON.createObjectNode().put("purchaseOrderId", purchaseOrderId)
                    .set("orderCancellation", body.path("orderCancellation").deepCopy()));
            return Map.of("order", order.deepCopy());
        }
    }

    @PostMapping("/orders/{purchaseOrderId}/refund")
    Map<String, Object> refund(HttpServletRequest request, @PathVariable String purchaseOrderId, @RequestBody(required = false) JsonNode body) {
        WalmartSeller seller = gate(request, "POST /v3/orders/{purchaseOrderId}/refund");
        JsonNode refund = body == null ? null : body.path("orderRefund");
        if (refund == null || !refund.path("orderLines").path("orderLine").isArray()) {
            throw WalmartSandboxError.badRequest("INVALID_REQUEST_CONTENT", "orderRefund", "orderRefund.orderLines.orderLine is required");
        }
        if (!purchaseOrderId.equals(refund.path("purchaseOrderId").asText())) {
            throw WalmartSandboxError.badRequest("INVALID_REQUEST_CONTENT", "purchaseOrderId", "orderRefund.purchaseOrderId differs from the path");
        }
        synchronized (seller) {
            ObjectNode order = existing(seller, purchaseOrderId);
            ObjectNode copy = order.deepCopy();
            for (JsonNode asked : refund.path("orderLines").path("orderLine")) {
                ObjectNode line = (ObjectNode) line(copy, asked.path("lineNumber").asText());
                boolean shipped = statuses(line).stream().anyMatch(s -> Set.of("Shipped", "Delivered").contains(s.path("status").asText()));
                if (!shipped) {
                    throw WalmartSandboxError.badRequest("INVALID_REQUEST_CONTENT", "lineNumber",
                            "Line " + asked.path("lineNumber").asText() + " has not shipped: cancel it instead");
                }
                for (JsonNode each : asked.path("refunds").path("refund")) {
                    for (JsonNode charge : each.path("refundCharges").path("refundCharge")) {
                        JsonNode amount = charge.path("charge").path("chargeAmount").path("amount");
                        if (!amount.isNumber() || amount.decimalValue().signum() >= 0) {
                            throw WalmartSandboxError.badRequest("INVALID_REQUEST_CONTENT", "chargeAmount.amount",
                                    "Refund amounts are negative");
                        }
                    }
                    ObjectNode stored = line.putObject("refund").put("refundId", "R" + System.nanoTime())
                            .put("refundComments", each.path("refundComments").asText(""));
                    stored.set("refundCharges", each.path("refundCharges").deepCopy());
                }
                line.put("statusDate", System.currentTimeMillis());
            }
            order.setAll(copy);
            seller.touch(purchaseOrderId);
            seller.recordRefund(WalmartSeller.JSON.createObjectNode().put("purchaseOrderId", purchaseOrderId).set("orderRefund", refund.deepCopy()));
            return Map.of("order", order.deepCopy());
        }
    }

    // ---- returns ----

    @GetMapping("/returns")
    Map<String, Object> returns(HttpServletRequest request) {
        WalmartSeller seller = gate(request, "GET /v3/returns");
        int limit = intParam("limit", request.getParameter("limit"), 10, 1, 200);
        int offset = intParam("offset", request.getParameter("offset"), 0, 0, Integer.MAX_VALUE);
        String customerOrderId = request.getParameter("customerOrderId");
        String returnOrderId = request.getParameter("returnOrderId");
        List<ObjectNode> all = seller.returns().stream()
                .filter(r -> customerOrderId == null || customerOrderId.equals(r.path("customerOrderId").asText()))
                .filter(r -> returnOrderId == null || returnOrderId.equals(r.path("returnOrderId").asText()))
                .toList();
        List<ObjectNode> page = all.subList(Math.min(offset, all.size()), Math.min(all.size(), offset + limit));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("totalCount", all.size());
        meta.put("limit", limit);
        // the spec requires nextCursor: empty on the last page
        meta.put("nextCursor", offset + page.size() < all.size() ? "?limit=" + limit + "&offset=" + (offset + page.size())
                + (customerOrderId == null ? "" : "&customerOrderId=" + customerOrderId) : "");
        return Map.of("meta", meta, "returnOrders", page);
    }

    // ---- the gate and helpers ----

    /** The gate of every data call (see the class comment). */
    WalmartSeller gate(HttpServletRequest request, String endpoint) {
        requireServiceHeaders(request);
        String token = request.getHeader("WM_SEC.ACCESS_TOKEN");
        if (token == null || token.isBlank()) {
            throw WalmartSandboxError.unauthorized("WM_SEC.ACCESS_TOKEN is missing");
        }
        WalmartSandbox.Issued issued = sandbox.token(token).orElseThrow(() ->
                WalmartSandboxError.unauthorized("Unauthorized token or invalid token"));
        WalmartSeller seller = issued.seller();
        seller.count(endpoint);
        if (System.currentTimeMillis() >= issued.expiresAt()) {
            seller.countUnauthorized();
            throw WalmartSandboxError.unauthorized("The access token has expired");
        }
        admit(seller, endpoint);
        return seller;
    }

    private static void admit(WalmartSeller seller, String endpoint) {
        long latency = seller.latencyMillis();
        if (latency > 0) {
            try {
                Thread.sleep(latency);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        WalmartSandboxError refused = seller.gate(endpoint);
        if (refused != null) {
            throw refused;
        }
    }

    private static void requireServiceHeaders(HttpServletRequest request) {
        for (String header : List.of("WM_SVC.NAME", "WM_QOS.CORRELATION_ID")) {
            String value = request.getHeader(header);
            if (value == null || value.isBlank()) {
                throw WalmartSandboxError.missingHeader(header);
            }
        }
    }

    /** The {@code file} part of a multipart upload, whether Spring parsed the parts or not. */
    private static byte[] filePart(HttpServletRequest request) {
        try {
            if (request instanceof MultipartHttpServletRequest multipart) {
                MultipartFile file = multipart.getFile("file");
                if (file == null) {
                    throw WalmartSandboxError.badRequest("MISSING_REQUEST_PARAM", "file", "The upload has no part named file");
                }
                return file.getBytes();
            }
            String type = request.getContentType();
            int at = type == null ? -1 : type.indexOf("boundary=");
            if (type == null || !type.startsWith("multipart/form-data") || at < 0) {
                throw WalmartSandboxError.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE", "Content-Type",
                        "A feed is uploaded as multipart/form-data with a part named file", "REQUEST");
            }
            String boundary = "--" + type.substring(at + 9).replace("\"", "").trim();
            String body = new String(StreamUtils.copyToByteArray(request.getInputStream()), StandardCharsets.UTF_8);
            for (String part : body.split(java.util.regex.Pattern.quote(boundary))) {
                int headersEnd = part.indexOf("\r\n\r\n");
                if (headersEnd > 0 && part.substring(0, headersEnd).contains("name=\"file\"")) {
                    String content = part.substring(headersEnd + 4);
                    return (content.endsWith("\r\n") ? content.substring(0, content.length() - 2) : content).getBytes(StandardCharsets.UTF_8);
                }
            }
            throw WalmartSandboxError.badRequest("MISSING_REQUEST_PARAM", "file", "The upload has no part named file");
        } catch (IOException e) {
            throw WalmartSandboxError.badRequest("MALFORMED_REQUEST_CONTENT", "file", "The upload could not be read");
        }
    }

    private static ObjectNode existing(WalmartSeller seller, String po) {
        ObjectNode order = seller.order(po);
        if (order == null) {
            throw WalmartSandboxError.notFound("No order " + po);
        }
        return order;
    }

    static List<JsonNode> lines(JsonNode order) {
        List<JsonNode> lines = new ArrayList<>();
        order.path("orderLines").path("orderLine").forEach(lines::add);
        return lines;
    }

    static List<JsonNode> statuses(JsonNode line) {
        List<JsonNode> statuses = new ArrayList<>();
        line.path("orderLineStatuses").path("orderLineStatus").forEach(statuses::add);
        return statuses;
    }

    private static JsonNode line(ObjectNode order, String lineNumber) {
        return lines(order).stream().filter(l -> lineNumber.equals(l.path("lineNumber").asText())).findFirst()
                .orElseThrow(() -> WalmartSandboxError.badRequest("INVALID_REQUEST_CONTENT", "lineNumber",
                        "Order " + order.path("purchaseOrderId").asText() + " has no line " + lineNumber));
    }

    private static int units(JsonNode quantity) {
        try {
            int units = Integer.parseInt(quantity.path("amount").asText(""));
            if (units < 1) {
                throw new NumberFormatException();
            }
            return units;
        } catch (NumberFormatException e) {
            throw WalmartSandboxError.badRequest("INVALID_REQUEST_CONTENT", "statusQuantity.amount",
                    "statusQuantity.amount is a whole number of at least 1, as a string");
        }
    }

    private static int openUnits(JsonNode line) {
        return statuses(line).stream().filter(s -> OPEN.contains(s.path("status").asText()))
                .mapToInt(s -> Integer.parseInt(s.path("statusQuantity").path("amount").asText("0"))).sum();
    }

    private static boolean alreadyShipped(JsonNode line, String trackingNumber) {
        return statuses(line).stream().anyMatch(s -> "Shipped".equals(s.path("status").asText())
                && trackingNumber.equals(s.path("trackingInfo").path("trackingNumber").asText()));
    }

    /** Moves {@code units} from the line's open entries to a new entry in {@code status}; 400 when fewer are open. */
    private static void move(JsonNode line, Set<String> from, int units, String status, JsonNode tracking, String reason) {
        if (openUnits(line) < units) {
            throw WalmartSandboxError.badRequest("INVALID_REQUEST_CONTENT", "statusQuantity",
                    "Line " + line.path("lineNumber").asText() + " has " + openUnits(line) + " unit(s) not shipped or cancelled; "
                            + units + " asked");
        }
        ArrayNode entries = (ArrayNode) line.path("orderLineStatuses").path("orderLineStatus");
        int left = units;
        for (int i = 0; i < entries.size() && left > 0; i++) {
            ObjectNode entry = (ObjectNode) entries.get(i);
            if (!from.contains(entry.path("status").asText())) {
                continue;
            }
            int has = Integer.parseInt(entry.path("statusQuantity").path("amount").asText("0"));
            int take = Math.min(has, left);
            left -= take;
            if (take == has) {
                entries.remove(i--);
            } else {
                ((ObjectNode) entry.path("statusQuantity")).put("amount", Integer.toString(has - take));
            }
        }
        ObjectNode added = entries.addObject().put("status", status);
        if (reason != null) {
            added.put("cancellationReason", reason);
        }
        added.putObject("statusQuantity").put("unitOfMeasurement", "EACH").put("amount", Integer.toString(units));
        if (tracking != null) {
            added.set("trackingInfo", tracking.deepCopy());
        }
        ((ObjectNode) line).put("statusDate", System.currentTimeMillis());
    }

    private static void checkTracking(JsonNode tracking) {
        if (!tracking.path("shipDateTime").isNumber() || tracking.path("trackingNumber").asText("").isBlank()
                || !METHOD_CODES.contains(tracking.path("methodCode").asText())) {
            throw WalmartSandboxError.badRequest("INVALID_REQUEST_CONTENT", "trackingInfo",
                    "trackingInfo needs shipDateTime (epoch ms), carrierName, methodCode of " + METHOD_CODES + " and trackingNumber");
        }
        JsonNode carrier = tracking.path("carrierName");
        boolean known = CARRIERS.contains(carrier.path("carrier").asText());
        boolean other = !carrier.path("otherCarrier").asText("").isBlank() && !tracking.path("trackingURL").asText("").isBlank();
        if (!known && !other) {
            throw WalmartSandboxError.badRequest("INVALID_REQUEST_CONTENT", "carrierName",
                    "carrierName.carrier must be one of Walmart's carriers, or otherCarrier given with a trackingURL");
        }
    }

    static int intParam(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < min || parsed > max) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw WalmartSandboxError.badRequest("INVALID_REQUEST_PARAM", name, name + " must be a whole number from " + min + " to " + max);
        }
    }

    /** {@code yyyy-MM-dd} or an ISO-8601 instant, as epoch ms. */
    static long date(String name, String value) {
        try {
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            return Instant.parse(value).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw WalmartSandboxError.badRequest("INVALID_REQUEST_PARAM", name, name + " must be yyyy-MM-dd or yyyy-MM-ddTHH:mm:ssZ");
        }
    }

    static BigDecimal amount(JsonNode node, String fallback) {
        return new BigDecimal(node == null || node.isNull() || node.asText().isBlank() ? fallback : node.asText());
    }
}
