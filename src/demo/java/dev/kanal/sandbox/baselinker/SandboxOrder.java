package dev.kanal.sandbox.baselinker;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One order of BaseLinker's order manager, with the fields {@code getOrders} answers
 * (shared/api-contracts.md 4.2). Empty values are {@code ""} and {@code 0}, as BaseLinker sends
 * them; a pick-up point that is not one, and the login of an order entered by hand, are
 * {@code null}. Guarded by the account's lock.
 */
final class SandboxOrder {

    final long orderId;
    String shopOrderId = "0";
    String externalOrderId = "";
    String orderSource = "allegro";
    long orderSourceId;
    long statusId;
    boolean confirmed = true;
    long dateAdd;
    long dateConfirmed;
    long dateInStatus;
    String userLogin;
    String email = "";
    String phone = "";
    String userComments = "";
    String adminComments = "";
    String currency = "PLN";
    String paymentMethod = "PayU";
    boolean cashOnDelivery;
    BigDecimal paymentDone = BigDecimal.ZERO;
    String deliveryMethod = "Allegro Paczkomaty InPost";
    BigDecimal deliveryPrice = new BigDecimal("9.99");
    String deliveryPackageModule = "";
    String deliveryPackageNr = "";
    String deliveryFullname = "";
    String deliveryCompany = "";
    String deliveryAddress = "";
    String deliveryCity = "";
    String deliveryPostcode = "";
    String deliveryCountryCode = "PL";
    String extraField1 = "";
    String extraField2 = "";
    final List<Line> products = new ArrayList<>();
    final List<Map<String, Object>> packages = new ArrayList<>();

    SandboxOrder(long orderId) {
        this.orderId = orderId;
    }

    /** One product line of an order. */
    static final class Line {
        long orderProductId;
        String productId = "";
        long variantId;
        long storageId;
        String name;
        String sku;
        String ean = "";
        String auctionId = "";
        BigDecimal priceBrutto;
        int quantity;
    }

    BigDecimal total() {
        BigDecimal sum = deliveryPrice;
        for (Line line : products) {
            sum = sum.add(line.priceBrutto.multiply(BigDecimal.valueOf(line.quantity)));
        }
        return sum.setScale(2, RoundingMode.HALF_UP);
    }

    Map<String, Object> toJson(boolean withCustomExtraFields) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("order_id", orderId);
        o.put("shop_order_id", Long.parseLong(shopOrderId));
        o.put("external_order_id", externalOrderId);
        o.put("order_source", orderSource);
        o.put("order_source_id", orderSourceId);
        o.put("order_source_info", "-");
        o.put("order_status_id", statusId);
        o.put("confirmed", confirmed);
        o.put("date_confirmed", dateConfirmed);
        o.put("date_add", dateAdd);
        o.put("date_in_status", dateInStatus);
        o.put("user_login", userLogin);
        o.put("phone", phone);
        o.put("email", email);
        o.put("user_comments", userComments);
        o.put("admin_comments", adminComments);
        o.put("currency", currency);
        o.put("payment_method", paymentMethod);
        o.put("payment_method_cod", cashOnDelivery ? "1" : "0");
        o.put("payment_done", paymentDone);
        o.put("delivery_method", deliveryMethod);
        o.put("delivery_price", deliveryPrice);
        o.put("delivery_package_module", deliveryPackageModule);
        o.put("delivery_package_nr", deliveryPackageNr);
        o.put("delivery_fullname", deliveryFullname);
        o.put("delivery_company", deliveryCompany);
        o.put("delivery_address", deliveryAddress);
        o.put("delivery_city", deliveryCity);
        o.put("delivery_state", "");
        o.put("delivery_postcode", deliveryPostcode);
        o.put("delivery_country_code", deliveryCountryCode);
        o.put("delivery_country", "PL".equals(deliveryCountryCode) ? "Polska" : deliveryCountryCode);
        boolean pickupPoint = deliveryMethod.contains("Paczkomat");
        o.put("delivery_point_id", pickupPoint ? "WAW01M" : null);
        o.put("delivery_point_name", pickupPoint ? "Paczkomat WAW01M" : null);
        o.put("delivery_point_address", pickupPoint ? "Marszałkowska 1" : null);
        o.put("delivery_point_postcode", pickupPoint ? "00-001" : null);
        o.put("delivery_point_city", pickupPoint ? "Warszawa" : null);
        o.put("invoice_fullname", "");
        o.put("invoice_company", "");
        o.put("invoice_nip", "");
        o.put("invoice_address", "");
        o.put("invoice_postcode", "");
        o.put("invoice_city", "");
        o.put("invoice_state", "");
        o.put("invoice_country_code", "");
        o.put("invoice_country", "");
        o.put("want_invoice", "0");
        o.put("extra_field_1", extraField1);
        o.put("extra_field_2", extraField2);
        if (withCustomExtraFields) {
            o.put("custom_extra_fields", List.of()); // none defined: PHP's empty array
        }
        o.put("order_page", "");
        o.put("pick_status", 0);
        o.put("pack_status", 0);
        List<Map<String, Object>> lines = new ArrayList<>();
        for (Line line : products) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("storage", line.productId.isEmpty() ? "" : "db");
            l.put("storage_id", line.storageId);
            l.put("order_product_id", line.orderProductId);
            l.put("product_id", line.productId);
            l.put("variant_id", line.variantId);
            l.put("name", line.name);
            l.put("attributes", "");
            l.put("sku", line.sku);
            l.put("ean", line.ean);
            l.put("location", "");
            l.put("warehouse_id", 0);
            l.put("auction_id", line.auctionId);
            l.put("price_brutto", line.priceBrutto);
            l.put("tax_rate", 23);
            l.put("quantity", line.quantity);
            l.put("weight", 0.2);
            l.put("bundle_id", 0);
            lines.add(l);
        }
        o.put("products", lines);
        return o;
    }
}
