package dev.kanal.sandbox.backmarket;

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

    /** One order line. {@code listing} is the seller's SKU; {@code price} the price of one unit. */
    static final class Line {
        final long id;
        int state;
        final int quantity;
        final String price;
        final String shippingPrice;
        final String listing;
        final Long listingId;
        final String product;
        final Long productId;
        String imei;
        String serialNumber;
        final OffsetDateTime dateCreation;

        Line(long id, int state, int quantity, String price, String shippingPrice, String listing, Long listingId,
             String product, Long productId, OffsetDateTime dateCreation) {
            this.id = id;
            this.state = state;
            this.quantity = quantity;
            this.price = price;
            this.shippingPrice = shippingPrice;
            this.listing = listing;
            this.listingId = listingId;
            this.product = product;
            this.productId = productId;
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
    final List<Line> lines = new ArrayList<>();
    /** Line state changes made through {@code POST /ws/orders/{id}}, in order (control view only). */
    final List<Map<String, Object>> updates = new ArrayList<>();

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

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("order_id", orderId);
        json.put("shipping_address", shippingAddress);
        json.put("billing_address", billingAddress);
        json.put("delivery_note", null);
        json.put("expected_dispatch_date", format(dateCreation.plusDays(2)));
        json.put("tracking_number", trackingNumber == null ? "" : trackingNumber);
        json.put("tracking_url", trackingUrl == null ? "" : trackingUrl);
        json.put("shipper_display", shipperDisplay == null ? "" : shipperDisplay);
        json.put("is_backship", false);
        json.put("date_creation", format(dateCreation));
        json.put("date_modification", format(dateModification));
        json.put("date_shipping", format(dateShipping));
        json.put("date_payment", format(datePayment));
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
            l.put("return_reason", 0);
            l.put("return_message", "");
            l.put("listing", line.listing);
            l.put("listing_id", line.listingId);
            l.put("orderline_fee", "0.00");
            l.put("product", line.product);
            l.put("quantity", line.quantity);
            l.put("brand", "");
            l.put("product_id", line.productId);
            l.put("backcare", false);
            l.put("backcare_price", 0);
            l.put("sales_taxes", "0.00");
            l.put("imei", line.imei == null ? "" : line.imei);
            l.put("serial_number", line.serialNumber == null ? "" : line.serialNumber);
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

    /** The Order plus the state changes made through the API, for tests and operators. */
    Map<String, Object> toControlJson() {
        Map<String, Object> json = toJson();
        json.put("updates", List.copyOf(updates));
        return json;
    }

    private static String format(OffsetDateTime at) {
        return at == null ? null : RFC_3339.format(at);
    }
}
