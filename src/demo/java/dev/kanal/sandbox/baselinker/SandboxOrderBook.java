package dev.kanal.sandbox.baselinker;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * The account's order manager: orders, the account's own statuses, the journal of order events
 * and packages, and the order methods Kanal calls. Guarded by the account's lock.
 */
final class SandboxOrderBook {

    /** getOrders answers at most 100 orders a call. */
    static final int ORDERS_PAGE = 100;
    /** getJournalList: how many events one call answers (BaseLinker does not say; the sandbox's choice). */
    static final int JOURNAL_PAGE = 100;
    /** The journal keeps the last three days. */
    static final long JOURNAL_SECONDS = Duration.ofDays(3).toSeconds();

    static final int LOG_CREATED = 1;
    static final int LOG_CONFIRMED = 2;
    static final int LOG_PAID = 3;
    static final int LOG_PACKAGE_CREATED = 9;
    static final int LOG_ORDER_EDITED = 16;
    static final int LOG_STATUS_CHANGED = 18;

    /** Fields setOrderFields takes (shared/api-contracts.md 4.2 and the method's page), and their longest length. */
    static final Map<String, Integer> EDITABLE = Map.ofEntries(
            Map.entry("admin_comments", 200), Map.entry("user_comments", 510), Map.entry("extra_field_1", 50),
            Map.entry("extra_field_2", 50), Map.entry("delivery_package_nr", 40), Map.entry("delivery_fullname", 100),
            Map.entry("delivery_company", 100), Map.entry("delivery_address", 156), Map.entry("delivery_city", 100),
            Map.entry("delivery_postcode", 100), Map.entry("email", 150), Map.entry("phone", 100));

    /** A status the account defined: its id, short name and the name the customer sees. */
    record Status(long id, String name, String nameForCustomer, String color) {
        Map<String, Object> toJson() {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("id", id);
            s.put("name", name);
            s.put("name_for_customer", nameForCustomer);
            s.put("color", color);
            return s;
        }
    }

    /** The statuses every new sandbox account starts with (an account defines its own on BaseLinker). */
    static final List<Status> DEFAULT_STATUSES = List.of(
            new Status(8001, "New orders", "Order received", "#1e88e5"),
            new Status(8002, "Awaiting payment", "Awaiting payment", "#fb8c00"),
            new Status(8003, "In progress", "Processing", "#8e24aa"),
            new Status(8004, "Shipped", "The parcel has been shipped", "#43a047"),
            new Status(8005, "Cancelled", "Cancelled", "#e53935"));

    record JournalEntry(long logId, long orderId, int logType, long objectId, long date) {
        Map<String, Object> toJson() {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("log_id", logId);
            e.put("order_id", orderId);
            e.put("log_type", logType);
            e.put("object_id", objectId);
            e.put("date", date);
            return e;
        }
    }

    private final TreeMap<Long, SandboxOrder> orders = new TreeMap<>();
    private final List<Status> statuses = new ArrayList<>(DEFAULT_STATUSES);
    private final List<JournalEntry> journal = new ArrayList<>();
    private boolean journalActive = true;
    private final LongSupplier epochSeconds;
    private final LongSupplier orderIds;
    private final LongSupplier logIds;
    private final LongSupplier packageIds;

    SandboxOrderBook(LongSupplier epochSeconds, LongSupplier orderIds, LongSupplier logIds, LongSupplier packageIds) {
        this.epochSeconds = epochSeconds;
        this.orderIds = orderIds;
        this.logIds = logIds;
        this.packageIds = packageIds;
    }

    // ---- control ----

    long newOrderId() {
        return orderIds.getAsLong();
    }

    void add(SandboxOrder order) {
        orders.put(order.orderId, order);
        log(order.orderId, LOG_CREATED, 0, order.dateAdd);
        if (order.confirmed) {
            log(order.orderId, LOG_CONFIRMED, 0, order.dateConfirmed);
        }
        if (order.paymentDone.signum() > 0) {
            log(order.orderId, LOG_PAID, 0, order.dateConfirmed);
        }
    }

    SandboxOrder order(long orderId) {
        SandboxOrder order = orders.get(orderId);
        if (order == null) {
            throw new SandboxApiError(SandboxApiError.ORDER_NOT_FOUND, "Order not found: " + orderId);
        }
        return order;
    }

    List<SandboxOrder> orders() {
        return List.copyOf(orders.values());
    }

    List<Status> statuses() {
        return List.copyOf(statuses);
    }

    void replaceStatuses(List<Status> replacement) {
        statuses.clear();
        statuses.addAll(replacement);
    }

    Status status(long id) {
        return statuses.stream().filter(s -> s.id() == id).findFirst()
                .orElseThrow(() -> new SandboxApiError(SandboxApiError.STATUS_NOT_FOUND, "Status not found: " + id));
    }

    void setJournalActive(boolean active) {
        journalActive = active;
    }

    boolean journalActive() {
        return journalActive;
    }

    /** A status change made in BaseLinker's panel (or by a marketplace): logged as event 18. */
    void changeStatus(SandboxOrder order, long statusId) {
        status(statusId);
        if (order.statusId != statusId) {
            order.statusId = statusId;
            order.dateInStatus = now();
            log(order.orderId, LOG_STATUS_CHANGED, statusId, order.dateInStatus);
        }
    }

    long now() {
        return epochSeconds.getAsLong();
    }

    private void log(long orderId, int type, long objectId, long date) {
        journal.add(new JournalEntry(logIds.getAsLong(), orderId, type, objectId, date));
    }

    List<Map<String, Object>> packagesView() {
        List<Map<String, Object>> all = new ArrayList<>();
        for (SandboxOrder order : orders.values()) {
            for (Map<String, Object> p : order.packages) {
                Map<String, Object> row = new LinkedHashMap<>(p);
                row.put("order_id", order.orderId);
                all.add(row);
            }
        }
        return all;
    }

    // ---- API methods ----

    /**
     * getOrders: confirmed orders only unless {@code get_unconfirmed_orders}; filters
     * {@code order_id}, {@code date_confirmed_from}, {@code date_from}, {@code id_from},
     * {@code status_id}, {@code filter_email}, {@code filter_order_source} (+ {@code _id}). Sorted by
     * confirmation date when {@code date_confirmed_from} is given, by order id otherwise; 100 at most.
     */
    Map<String, Object> getOrders(Params p) {
        Long orderId = p.optionalLong("order_id");
        Long confirmedFrom = p.optionalLong("date_confirmed_from");
        Long dateFrom = p.optionalLong("date_from");
        Long idFrom = p.optionalLong("id_from");
        Long statusId = p.optionalLong("status_id");
        boolean unconfirmed = p.flag("get_unconfirmed_orders");
        String email = p.optionalText("filter_email");
        String source = p.optionalText("filter_order_source");
        Long sourceId = p.optionalLong("filter_order_source_id");
        if (sourceId != null && source == null) {
            throw SandboxApiError.parameters("filter_order_source_id requires filter_order_source");
        }
        boolean extraFields = p.flag("include_custom_extra_fields");
        Stream<SandboxOrder> found = orders.values().stream()
                .filter(o -> orderId == null || o.orderId == orderId)
                .filter(o -> unconfirmed || o.confirmed)
                .filter(o -> confirmedFrom == null || (o.confirmed && o.dateConfirmed >= confirmedFrom))
                .filter(o -> dateFrom == null || o.dateAdd >= dateFrom)
                .filter(o -> idFrom == null || o.orderId >= idFrom)
                .filter(o -> statusId == null || o.statusId == statusId)
                .filter(o -> email == null || email.equalsIgnoreCase(o.email))
                .filter(o -> source == null || source.equals(o.orderSource))
                .filter(o -> sourceId == null || sourceId == o.orderSourceId);
        if (confirmedFrom != null) {
            found = found.sorted(Comparator.comparingLong((SandboxOrder o) -> o.dateConfirmed).thenComparingLong(o -> o.orderId));
        }
        return Map.of("orders", found.limit(ORDERS_PAGE).map(o -> o.toJson(extraFields)).toList());
    }

    Map<String, Object> getOrderStatusList() {
        return Map.of("statuses", statuses.stream().map(Status::toJson).toList());
    }

    /** setOrderStatus: the order moves to a status the account defined; event 18 when it changed. */
    Map<String, Object> setOrderStatus(Params p) {
        SandboxOrder order = order(p.requiredLong("order_id"));
        changeStatus(order, p.requiredLong("status_id"));
        return Map.of();
    }

    /**
     * getJournalList: events after {@code last_log_id} of the last three days, oldest first, 100
     * at most, filtered by {@code logs_types} and {@code order_id}; empty while the journal is
     * not activated for the account (BaseLinker's support activates it).
     */
    Map<String, Object> getJournalList(Params p) {
        long lastLogId = p.requiredLong("last_log_id");
        Long orderId = p.optionalLong("order_id");
        JsonNode typesNode = p.node("logs_types");
        if (!typesNode.isMissingNode() && !typesNode.isNull() && !typesNode.isArray()) {
            throw SandboxApiError.parameters("Parameter logs_types must be an array");
        }
        Set<Integer> types = new java.util.HashSet<>();
        typesNode.forEach(t -> types.add(t.asInt()));
        long oldest = now() - JOURNAL_SECONDS;
        List<Map<String, Object>> logs = !journalActive ? List.of() : journal.stream()
                .filter(e -> e.logId() > lastLogId && e.date() >= oldest)
                .filter(e -> orderId == null || e.orderId() == orderId)
                .filter(e -> types.isEmpty() || types.contains(e.logType()))
                .limit(JOURNAL_PAGE).map(JournalEntry::toJson).toList();
        return Map.of("logs", logs);
    }

    /** createPackageManual: a parcel sent outside BaseLinker; the order shows its number; event 9. */
    Map<String, Object> createPackageManual(Params p) {
        SandboxOrder order = order(p.requiredLong("order_id"));
        String courier = p.optionalText("courier_code");
        String number = p.optionalText("package_number");
        if (courier == null || courier.isBlank() || courier.length() > 20) {
            throw SandboxApiError.parameters("Parameter courier_code is required (at most 20 characters)");
        }
        if (number == null || number.isBlank() || number.length() > 40) {
            throw SandboxApiError.parameters("Parameter package_number is required (at most 40 characters)");
        }
        long pickupDate = p.optionalLong("pickup_date") == null ? now() : p.optionalLong("pickup_date");
        long packageId = packageIds.getAsLong();
        Map<String, Object> pkg = new LinkedHashMap<>();
        pkg.put("package_id", packageId);
        pkg.put("courier_package_nr", number);
        pkg.put("courier_inner_number", "");
        pkg.put("courier_code", courier);
        pkg.put("courier_other_name", "");
        pkg.put("account_id", 0);
        pkg.put("tracking_status_date", pickupDate);
        pkg.put("tracking_delivery_days", 0);
        pkg.put("tracking_status", 1);
        pkg.put("return_shipment", p.flag("return_shipment"));
        order.packages.add(pkg);
        order.deliveryPackageModule = courier;
        order.deliveryPackageNr = number;
        log(order.orderId, LOG_PACKAGE_CREATED, packageId, now());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("package_id", packageId);
        answer.put("package_number", number);
        return answer;
    }

    Map<String, Object> getOrderPackages(Params p) {
        SandboxOrder order = order(p.requiredLong("order_id"));
        List<Map<String, Object>> packages = new ArrayList<>();
        for (Map<String, Object> pkg : order.packages) {
            Map<String, Object> row = new LinkedHashMap<>(pkg);
            row.remove("return_shipment");
            packages.add(row);
        }
        return Map.of("packages", packages);
    }

    /** setOrderFields: only the fields given change; an unknown or too long field is an error, nothing changed. */
    Map<String, Object> setOrderFields(Params p) {
        SandboxOrder order = order(p.requiredLong("order_id"));
        Map<String, String> changes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : (Iterable<Map.Entry<String, JsonNode>>) p.json()::fields) {
            if (field.getKey().equals("order_id")) {
                continue;
            }
            Integer max = EDITABLE.get(field.getKey());
            if (max == null) {
                throw SandboxApiError.parameters("Field " + field.getKey() + " cannot be set with setOrderFields");
            }
            String value = field.getValue().asText();
            if (value.length() > max) {
                throw SandboxApiError.parameters("Field " + field.getKey() + " is longer than " + max + " characters");
            }
            changes.put(field.getKey(), value);
        }
        changes.forEach((field, value) -> {
            switch (field) {
                case "admin_comments" -> order.adminComments = value;
                case "user_comments" -> order.userComments = value;
                case "extra_field_1" -> order.extraField1 = value;
                case "extra_field_2" -> order.extraField2 = value;
                case "delivery_package_nr" -> order.deliveryPackageNr = value;
                case "delivery_fullname" -> order.deliveryFullname = value;
                case "delivery_company" -> order.deliveryCompany = value;
                case "delivery_address" -> order.deliveryAddress = value;
                case "delivery_city" -> order.deliveryCity = value;
                case "delivery_postcode" -> order.deliveryPostcode = value;
                case "email" -> order.email = value;
                case "phone" -> order.phone = value;
                default -> throw new IllegalStateException(field);
            }
        });
        if (!changes.isEmpty()) {
            log(order.orderId, LOG_ORDER_EDITED, 0, now());
        }
        return Map.of();
    }

    static BigDecimal money(JsonNode node, String fallback) {
        try {
            return new BigDecimal(node == null || node.isMissingNode() || node.isNull() ? fallback : node.asText());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an amount: " + node.asText());
        }
    }
}
