package dev.kanal.sandbox.woocommerce;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Collection queries of the sandbox ({@code GET /products}, {@code GET /products/{id}/variations}):
 * the parameters WooCommerce takes, checked as WordPress checks them (one 400
 * {@code rest_invalid_param} naming every bad parameter), then filtered, sorted and paged.
 */
final class WooQuery {

    /** One page of a collection, with what the paging headers need. */
    record Page(List<ObjectNode> items, int total, int totalPages, int page, int perPage) {
    }

    private static final List<String> ORDER = List.of("asc", "desc");
    private static final List<String> PRODUCT_ORDERBY =
            List.of("date", "modified", "id", "include", "title", "slug", "price", "popularity", "rating");
    private static final List<String> VARIATION_ORDERBY =
            List.of("date", "modified", "id", "include", "title", "slug", "menu_order");
    private static final List<String> STATUS =
            List.of("any", "future", "trash", "draft", "pending", "private", "publish");

    private final Map<String, String> params;
    private final Map<String, String> problems = new LinkedHashMap<>();
    private final List<Predicate<ObjectNode>> filters = new ArrayList<>();

    private WooQuery(Map<String, String> params) {
        this.params = params;
    }

    static Page products(Collection<ObjectNode> products, Map<String, String> params) {
        WooQuery query = new WooQuery(params);
        query.commonFilters();
        query.enumFilter("type", WooFields.PRODUCT_TYPES, "type");
        query.idsFilter("parent", "parent_id");
        query.booleanFilter("featured", "featured");
        query.priceFilter();
        query.searchFilter("name");
        return query.run(products, PRODUCT_ORDERBY);
    }

    static Page variations(Collection<ObjectNode> variations, Map<String, String> params) {
        WooQuery query = new WooQuery(params);
        query.commonFilters();
        query.searchFilter("description");
        return query.run(variations, VARIATION_ORDERBY);
    }

    private static final List<String> ORDER_ORDERBY = List.of("date", "id", "include", "title", "slug", "modified");

    /**
     * GET /orders: status (an array: a comma list, split as WordPress's {@code wp_parse_list} does,
     * on commas and spaces; default any = all but trash), dates, include/exclude, customer, search.
     */
    static Page orders(Collection<ObjectNode> orders, Map<String, String> params) {
        WooQuery query = new WooQuery(params);
        String status = params.getOrDefault("status", "any");
        List<String> parsed = Arrays.stream(status.trim().split("[\\s,]+")).filter(s -> !s.isEmpty()).toList();
        List<String> statuses = parsed.isEmpty() ? List.of("any") : parsed;
        List<String> allowed = new ArrayList<>(WooOrderBook.ORDER_STATUSES);
        allowed.add("any");
        if (!allowed.containsAll(statuses)) {
            query.problems.put("status", "status[0] is not one of " + WooFields.list(allowed) + ".");
        } else if (statuses.contains("any")) {
            query.filters.add(item -> !"trash".equals(item.path("status").asText()));
        } else {
            query.filters.add(item -> statuses.contains(item.path("status").asText()));
        }
        query.idsFilter("include", "id");
        List<Long> exclude = query.ids("exclude");
        if (exclude != null) {
            query.filters.add(item -> !exclude.contains(item.path("id").asLong()));
        }
        query.idsFilter("customer", "customer_id");
        query.idsFilter("parent", "parent_id");
        query.dateFilter("after", "date_created_gmt", true);
        query.dateFilter("before", "date_created_gmt", false);
        query.dateFilter("modified_after", "date_modified_gmt", true);
        query.dateFilter("modified_before", "date_modified_gmt", false);
        String search = params.get("search");
        if (search != null && !search.isBlank()) {
            String needle = search.toLowerCase(Locale.ROOT);
            query.filters.add(item -> item.toString().toLowerCase(Locale.ROOT).contains(needle));
        }
        return query.run(orders, ORDER_ORDERBY);
    }

    /** GET /webhooks: status (all, active, paused, disabled), include/exclude, search by name. */
    static Page webhooks(Collection<ObjectNode> webhooks, Map<String, String> params) {
        WooQuery query = new WooQuery(params);
        String status = params.getOrDefault("status", "all");
        if (!"all".equals(status) && !WooOrderBook.WEBHOOK_STATUSES.contains(status)) {
            query.problems.put("status", "status is not one of all, " + WooFields.list(WooOrderBook.WEBHOOK_STATUSES) + ".");
        } else if (!"all".equals(status)) {
            query.filters.add(item -> status.equals(item.path("status").asText()));
        }
        query.idsFilter("include", "id");
        List<Long> exclude = query.ids("exclude");
        if (exclude != null) {
            query.filters.add(item -> !exclude.contains(item.path("id").asLong()));
        }
        query.dateFilter("after", "date_created_gmt", true);
        query.dateFilter("before", "date_created_gmt", false);
        return query.run(webhooks, ORDER_ORDERBY);
    }

    private void commonFilters() {
        String status = params.getOrDefault("status", "any");
        List<String> statuses = Arrays.asList(status.split(","));
        if (!STATUS.containsAll(statuses)) {
            problems.put("status", "status is not one of " + WooFields.list(STATUS) + ".");
        } else if (statuses.contains("any")) {
            filters.add(item -> !"trash".equals(item.path("status").asText()));
        } else {
            filters.add(item -> statuses.contains(item.path("status").asText()));
        }
        if (params.containsKey("sku")) {
            List<String> skus = Arrays.stream(params.get("sku").split(",")).map(String::trim).toList();
            filters.add(item -> skus.contains(item.path("sku").asText()));
        }
        idsFilter("include", "id");
        List<Long> exclude = ids("exclude");
        if (exclude != null) {
            filters.add(item -> !exclude.contains(item.path("id").asLong()));
        }
        enumFilter("stock_status", WooFields.STOCK_STATUSES, "stock_status");
        booleanFilter("on_sale", "on_sale");
        dateFilter("after", "date_created_gmt", true);
        dateFilter("before", "date_created_gmt", false);
        dateFilter("modified_after", "date_modified_gmt", true);
        dateFilter("modified_before", "date_modified_gmt", false);
    }

    private Page run(Collection<ObjectNode> items, List<String> orderbyValues) {
        int perPage = integer("per_page", 10);
        if (perPage < 1 || perPage > 100) {
            problems.put("per_page", "per_page must be between 1 (inclusive) and 100 (inclusive)");
        }
        int page = integer("page", 1);
        if (page < 1) {
            problems.put("page", "page must be greater than or equal to 1");
        }
        Integer offset = params.containsKey("offset") ? integer("offset", 0) : null;
        String order = params.getOrDefault("order", "desc");
        if (!ORDER.contains(order)) {
            problems.put("order", "order is not one of " + WooFields.list(ORDER) + ".");
        }
        String orderby = params.getOrDefault("orderby", "date");
        if (!orderbyValues.contains(orderby)) {
            problems.put("orderby", "orderby is not one of " + WooFields.list(orderbyValues) + ".");
        }
        if (!problems.isEmpty()) {
            throw WooError.invalidParams(problems);
        }

        List<ObjectNode> matching = items.stream().filter(item -> filters.stream().allMatch(f -> f.test(item)))
                .sorted(comparator(orderby, "desc".equals(order)))
                .toList();
        int total = matching.size();
        int from = offset != null ? Math.max(0, offset) : (page - 1) * perPage;
        List<ObjectNode> slice = from >= total ? List.of() : matching.subList(from, Math.min(total, from + perPage));
        int totalPages = (int) Math.ceil(total / (double) perPage);
        return new Page(slice, total, totalPages, page, perPage);
    }

    private Comparator<ObjectNode> comparator(String orderby, boolean descending) {
        Comparator<ObjectNode> byId = Comparator.comparingLong(item -> item.path("id").asLong());
        Comparator<ObjectNode> primary = switch (orderby) {
            case "date" -> Comparator.comparing(item -> item.path("date_created_gmt").asText());
            case "modified" -> Comparator.comparing(item -> item.path("date_modified_gmt").asText());
            case "title" -> Comparator.comparing(item -> item.path("name").asText("").toLowerCase(Locale.ROOT));
            case "slug" -> Comparator.comparing(item -> item.path("slug").asText(""));
            case "price" -> Comparator.comparing(item -> {
                BigDecimal price = WooFields.decimal(item.path("price").asText());
                return price == null ? BigDecimal.ZERO : price;
            });
            case "popularity" -> Comparator.comparingLong(item -> item.path("total_sales").asLong());
            case "rating" -> Comparator.comparing(item -> WooFields.decimal(item.path("average_rating").asText("0")));
            case "menu_order" -> Comparator.comparingLong(item -> item.path("menu_order").asLong());
            case "include" -> {
                List<Long> include = ids("include");
                List<Long> order = include == null ? List.of() : include;
                // the order given, whatever "order" says
                yield Comparator.comparingInt(item -> order.indexOf(item.path("id").asLong()));
            }
            default -> byId;
        };
        if ("include".equals(orderby)) {
            return primary;
        }
        Comparator<ObjectNode> full = primary.thenComparing(byId); // WooCommerce adds the ID as tie-break
        return descending ? full.reversed() : full;
    }

    private int integer(String name, int otherwise) {
        String value = params.get(name);
        if (value == null) {
            return otherwise;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            problems.put(name, name + " is not of type integer.");
            return otherwise;
        }
    }

    private List<Long> ids(String name) {
        String value = params.get(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        List<Long> ids = new ArrayList<>();
        for (String part : value.split(",")) {
            try {
                ids.add(Long.parseLong(part.trim()));
            } catch (NumberFormatException e) {
                problems.put(name, name + "[" + ids.size() + "] is not of type integer.");
                return null;
            }
        }
        return ids;
    }

    private void idsFilter(String name, String field) {
        List<Long> ids = ids(name);
        if (ids != null) {
            filters.add(item -> ids.contains(item.path(field).asLong()));
        }
    }

    private void enumFilter(String name, List<String> values, String field) {
        String value = params.get(name);
        if (value == null) {
            return;
        }
        if (!values.contains(value)) {
            problems.put(name, name + " is not one of " + WooFields.list(values) + ".");
            return;
        }
        filters.add(item -> value.equals(item.path(field).asText()));
    }

    private void booleanFilter(String name, String field) {
        String value = params.get(name);
        if (value == null) {
            return;
        }
        boolean wanted = switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> {
                problems.put(name, name + " is not of type boolean.");
                yield false;
            }
        };
        filters.add(item -> item.path(field).asBoolean() == wanted);
    }

    private void dateFilter(String name, String field, boolean after) {
        String value = params.get(name);
        if (value == null) {
            return;
        }
        LocalDateTime limit = WooFields.parseDate(value);
        if (limit == null) {
            problems.put(name, "Invalid date.");
            return;
        }
        filters.add(item -> {
            LocalDateTime at = WooFields.parseDate(item.path(field).asText());
            return at != null && (after ? at.isAfter(limit) : at.isBefore(limit));
        });
    }

    private void priceFilter() {
        BigDecimal min = WooFields.decimal(params.get("min_price"));
        BigDecimal max = WooFields.decimal(params.get("max_price"));
        if (min != null || max != null) {
            filters.add(item -> {
                BigDecimal price = WooFields.decimal(item.path("price").asText());
                return price != null && (min == null || price.compareTo(min) >= 0) && (max == null || price.compareTo(max) <= 0);
            });
        }
    }

    private void searchFilter(String field) {
        String search = params.get("search");
        if (search != null && !search.isBlank()) {
            String needle = search.toLowerCase(Locale.ROOT);
            filters.add(item -> item.path(field).asText("").toLowerCase(Locale.ROOT).contains(needle)
                    || item.path("sku").asText("").toLowerCase(Locale.ROOT).contains(needle));
        }
    }
}
