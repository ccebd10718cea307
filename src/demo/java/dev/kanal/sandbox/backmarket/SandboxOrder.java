package dev.kanal.sandbox.backmarket;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One order as the Back Market sandbox keeps it; {@link #toJson()} renders the vendor's Order
 * schema (addresses in camelCase, dates RFC 3339, money as strings). Mutable, guarded by its
 * seller's lock.
 */
final class SandboxOrder {

    /** RFC 3339 with the offset written out, to the second, as Back Market's answers show. */
    static final DateTimeFormatter RFC_3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

    /** Order states: 0 new, 10 paying, 1 paid (accept lines), 3 all accepted (ship), 8 not paid, 9 shipped. */
    static final List<Integer> ORDER_STATES = List.of(0, 1, 3, 8, 9, 10);
    /** Never listed by GET /ws/orders. */
    static final List<Integer> UNLISTED_STATES = List.of(0, 8);

    /** Markets: the spec's CountryCode enum; an order is always placed on one of them. */
    static final List<String> MARKETS = List.of("fr-fr", "fr-be", "es-es", "de-de", "de-at", "it-it", "ja-jp", "en-au", "en-gb",
            "en-us", "nl-nl", "pt-pt", "en-ie", "el-gr", "sk-sk", "sv-se");
    /** Return reasons (ReturnReason): 0 stock mistake, 1 withdrawal, 11..13 delivery, 21..25 product. */
    static final List<Integer> RETURN_REASONS = List.of(0, 1, 11, 12, 13, 21, 22, 23, 24, 25);

    /** One order line. {@code listing} is the seller's SKU; {@code price} the price of one unit. */
    static final class Line {
        final long id;
        int state;
        final int quantity;
        final String price;
        final String shippingPrice;
        final String listing;
        final long listingId;
        final String product;
        final long productId;
        final String brand;
        /** ProductCondition: 9 premium, 10 excellent, 11 good, 12 fair. */
        final int condition;
        String imei;
        String serialNumber;
        /** Set when the line is cancelled or refunded with a reason; absent from the answer until then. */
        Integer returnReason;
        String returnMessage;
        final OffsetDateTime dateCreation;

        Line(long id, int state, int quantity, String price, String shippingPrice, String listing, long listingId,
             String product, long productId, String brand, int condition, OffsetDateTime dateCreation) {
            this.id = id;
            this.state = state;
            this.quantity = quantity;
            this.price = price;
            this.shippingPrice = shippingPrice;
            this.listing = listing;
            this.listingId = listingId;
            this.product = product;
            this.productId = productId;
            this.brand = brand;
            this.condition = condition;
            this.dateCreation = dateCreation;
        }
    }

    final long orderId;
    int state;
    final OffsetDateTime dateCreation;
    OffsetDateTime dateModification;
    OffsetDateTime datePayment;
    OffsetDateTime dateShipping;
    Map<String, Object> shippingAddress;
    Map<String, Object> billingAddress;
    String price;
    String shippingPrice;
    String currency;
    String countryCode;
    String paymentMethod;
    String trackingNumber;
    String trackingUrl;
    String shipperDisplay;
    /** The packing slip Back Market makes for every order: an absolute URL the sandbox serves. */
    String deliveryNote;
    final List<Line> lines = new ArrayList<>();
    /** Line state changes made through {@code POST /ws/orders/{id}}, in order (control view only). */
    final List<Map<String, Object>> updates = new ArrayList<>();
    /** Ship requests ({@code new_state} 3) received for the order, refused ones included (control view only). */
    int shipCalls;
    /** {@code PATCH /ws/orderlines/{id}} requests received per line id, refused ones included (control view only). */
    final Map<Long, Integer> linePatches = new java.util.TreeMap<>();
    /** The files of the last accepted {@code POST /ws/orders/{id}/invoice}: an upload replaces the invoice before it. */
    final List<InvoiceFile> invoice = new ArrayList<>();
    /** Invoice uploads accepted for the order (control view only: a redelivery test counts them). */
    int invoiceUploads;

    /** One uploaded invoice file as the sandbox keeps it, so a test can open it. */
    record InvoiceFile(String fileName, String contentType, byte[] content, OffsetDateTime uploadedAt) {
    }

    SandboxOrder(long orderId, OffsetDateTime now) {
        this.orderId = orderId;
        this.dateCreation = now;
        this.dateModification = now;
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
    }

    /** A change: the modification date moves on (never backwards, even within one second). */
    void touch() {
        OffsetDateTime now = now();
        dateModification = now.isAfter(dateModification) ? now : dateModification;
        if (datePayment == null && (state == 1 || state == 3 || state == 9)) {
            datePayment = dateModification;
        }
        if (dateShipping == null && state == 9) {
            dateShipping = dateModification;
        }
    }

    /**
     * The vendor's Order. The spec marks no Order or OrderLine field nullable except
     * {@code paypal_reference}, so a value the order does not have yet (tracking before shipping,
     * {@code date_payment} before payment, IMEI before it is registered, a return reason on a line
     * never cancelled) is left out rather than sent as null or as an empty string that is not a
     * URL or a date. Back Market's live answers have been seen with nulls there; the sandbox keeps
     * to the spec, which is the stricter of the two for a client.
     */
    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("order_id", orderId);
        json.put("shipping_address", shippingAddress);
        json.put("billing_address", billingAddress);
        json.put("delivery_note", deliveryNote);
        if (state != 9) { // only for orders not sent yet
            json.put("expected_dispatch_date", format(dateCreation.plusDays(2)));
        }
        putPresent(json, "tracking_number", trackingNumber);
        putPresent(json, "tracking_url", trackingUrl);
        putPresent(json, "shipper_display", shipperDisplay);
        json.put("is_backship", false);
        json.put("date_creation", format(dateCreation));
        json.put("date_modification", format(dateModification));
        putPresent(json, "date_shipping", format(dateShipping));
        putPresent(json, "date_payment", format(datePayment));
        json.put("state", state);
        List<Map<String, Object>> orderlines = new ArrayList<>();
        for (Line line : lines) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("id", line.id);
            l.put("date_creation", format(line.dateCreation));
            l.put("state", line.state);
            l.put("price", line.price);
            l.put("shipping_price", line.shippingPrice);
            l.put("shipping_delay", 48);
            l.put("currency", currency);
            if (line.returnReason != null) {
                l.put("return_reason", line.returnReason);
            }
            putPresent(l, "return_message", line.returnMessage);
            l.put("listing", line.listing);
            l.put("listing_id", line.listingId);
            l.put("orderline_fee", fee(line.price, line.quantity));
            l.put("product", line.product);
            l.put("quantity", line.quantity);
            l.put("brand", line.brand);
            l.put("product_id", line.productId);
            l.put("backcare", false);
            l.put("backcare_price", 0);
            l.put("sales_taxes", "0.00");
            putPresent(l, "imei", line.imei);
            putPresent(l, "serial_number", line.serialNumber);
            l.put("condition", line.condition);
            orderlines.add(l);
        }
        json.put("orderlines", orderlines);
        json.put("price", price);
        json.put("shipping_price", shippingPrice);
        json.put("currency", currency);
        json.put("country_code", countryCode);
        json.put("paypal_reference", null);
        json.put("installment_payment", false);
        json.put("payment_method", paymentMethod);
        json.put("sales_taxes", "0.00");
        return json;
    }

    /** Back Market's commission on a line: 10 % of what the customer pays for it, as a decimal string. */
    static String fee(String unitPrice, int quantity) {
        try {
            return new BigDecimal(unitPrice).multiply(BigDecimal.valueOf(quantity)).multiply(new BigDecimal("0.10"))
                    .setScale(2, RoundingMode.HALF_UP).toPlainString();
        } catch (NumberFormatException e) {
            return "0.00";
        }
    }

    private static void putPresent(Map<String, Object> json, String field, String value) {
        if (value != null && !value.isEmpty()) {
            json.put(field, value);
        }
    }

    /** The Order plus the state changes made through the API, for tests and operators. */
    Map<String, Object> toControlJson() {
        Map<String, Object> json = toJson();
        json.put("updates", List.copyOf(updates));
        json.put("ship_calls", shipCalls);
        json.put("orderline_patches", new java.util.TreeMap<>(linePatches));
        json.put("invoice_uploads", invoiceUploads);
        List<Map<String, Object>> files = new ArrayList<>();
        for (int i = 0; i < invoice.size(); i++) {
            InvoiceFile file = invoice.get(i);
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("file_name", file.fileName());
            f.put("content_type", file.contentType());
            f.put("size", file.content().length);
            f.put("uploaded_at", format(file.uploadedAt()));
            f.put("download", "/sandbox/backmarket/_control/orders/" + orderId + "/invoice/" + i);
            files.add(f);
        }
        json.put("invoice", files);
        return json;
    }

    private static String format(OffsetDateTime at) {
        return at == null ? null : RFC_3339.format(at);
    }
}
