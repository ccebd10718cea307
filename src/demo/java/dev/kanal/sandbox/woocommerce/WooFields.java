package dev.kanal.sandbox.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The writable fields of products and variations with their schema types, and the WordPress
 * way of checking a request against them: every problem is collected, then one 400
 * {@code rest_invalid_param} names them all. Unknown and read-only fields are ignored.
 */
final class WooFields {

    enum Kind { STRING, BOOLEAN, INTEGER, INTEGER_OR_NULL, MONEY, DATE_OR_NULL, ARRAY, OBJECT, OBJECT_OR_NULL, ENUM }

    record Field(String name, Kind kind, List<String> values) {

        static Field of(String name, Kind kind) {
            return new Field(name, kind, List.of());
        }

        static Field oneOf(String name, String... values) {
            return new Field(name, Kind.ENUM, List.of(values));
        }
    }

    static final List<String> PRODUCT_TYPES = List.of("simple", "grouped", "external", "variable");
    static final List<String> PRODUCT_STATUSES = List.of("draft", "pending", "private", "publish");
    static final List<String> STOCK_STATUSES = List.of("instock", "outofstock", "onbackorder");

    private static final List<Field> COMMON = List.of(
            Field.of("description", Kind.STRING),
            Field.of("sku", Kind.STRING),
            // GTIN, UPC, EAN or ISBN (WooCommerce 9.2+), on products and variations alike
            Field.of("global_unique_id", Kind.STRING),
            Field.of("regular_price", Kind.MONEY),
            Field.of("sale_price", Kind.MONEY),
            Field.of("date_on_sale_from", Kind.DATE_OR_NULL),
            Field.of("date_on_sale_from_gmt", Kind.DATE_OR_NULL),
            Field.of("date_on_sale_to", Kind.DATE_OR_NULL),
            Field.of("date_on_sale_to_gmt", Kind.DATE_OR_NULL),
            Field.of("virtual", Kind.BOOLEAN),
            Field.of("downloadable", Kind.BOOLEAN),
            Field.oneOf("tax_status", "taxable", "shipping", "none"),
            Field.of("tax_class", Kind.STRING),
            Field.of("manage_stock", Kind.BOOLEAN),
            Field.of("stock_quantity", Kind.INTEGER_OR_NULL),
            Field.oneOf("stock_status", STOCK_STATUSES.toArray(String[]::new)),
            Field.oneOf("backorders", "no", "notify", "yes"),
            Field.of("weight", Kind.STRING),
            Field.of("dimensions", Kind.OBJECT),
            Field.of("shipping_class", Kind.STRING),
            Field.of("attributes", Kind.ARRAY),
            Field.of("menu_order", Kind.INTEGER),
            Field.of("meta_data", Kind.ARRAY));

    static final List<Field> PRODUCT = concat(COMMON, List.of(
            Field.of("name", Kind.STRING),
            Field.of("slug", Kind.STRING),
            Field.oneOf("type", PRODUCT_TYPES.toArray(String[]::new)),
            Field.oneOf("status", PRODUCT_STATUSES.toArray(String[]::new)),
            Field.of("featured", Kind.BOOLEAN),
            Field.oneOf("catalog_visibility", "visible", "catalog", "search", "hidden"),
            Field.of("short_description", Kind.STRING),
            Field.of("external_url", Kind.STRING),
            Field.of("button_text", Kind.STRING),
            Field.of("sold_individually", Kind.BOOLEAN),
            Field.of("reviews_allowed", Kind.BOOLEAN),
            Field.of("parent_id", Kind.INTEGER),
            Field.of("purchase_note", Kind.STRING),
            Field.of("categories", Kind.ARRAY),
            Field.of("tags", Kind.ARRAY),
            Field.of("images", Kind.ARRAY),
            Field.of("default_attributes", Kind.ARRAY),
            Field.of("upsell_ids", Kind.ARRAY),
            Field.of("cross_sell_ids", Kind.ARRAY),
            Field.of("grouped_products", Kind.ARRAY)));

    static final List<Field> VARIATION = concat(COMMON, List.of(
            Field.oneOf("status", PRODUCT_STATUSES.toArray(String[]::new)),
            Field.of("image", Kind.OBJECT_OR_NULL)));

    private WooFields() {
    }

    /**
     * The request's values for the given fields, coerced the way WordPress does (numeric strings
     * for integers, "true"/"1" for booleans); throws 400 rest_invalid_param naming every bad field.
     */
    static Map<String, JsonNode> read(JsonNode body, List<Field> fields) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return Map.of();
        }
        if (!body.isObject()) {
            throw new WooError(400, "rest_invalid_json", "Invalid JSON body passed.");
        }
        Map<String, JsonNode> values = new LinkedHashMap<>();
        Map<String, String> problems = new LinkedHashMap<>();
        for (Field field : fields) {
            JsonNode value = body.get(field.name());
            if (value == null) {
                continue;
            }
            JsonNode coerced = coerce(field, value);
            if (coerced == null) {
                problems.put(field.name(), problem(field));
            } else {
                values.put(field.name(), coerced);
            }
        }
        if (!problems.isEmpty()) {
            throw WooError.invalidParams(problems);
        }
        return values;
    }

    private static JsonNode coerce(Field field, JsonNode value) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        switch (field.kind()) {
            case STRING:
                return value.isTextual() ? value : null;
            case MONEY:
                if (!value.isTextual()) {
                    return null;
                }
                return nodes.textNode(formatDecimal(value.asText()));
            case BOOLEAN:
                if (value.isBoolean()) {
                    return value;
                }
                String text = value.asText().toLowerCase();
                if ((value.isTextual() || value.isIntegralNumber()) && List.of("true", "1").contains(text)) {
                    return nodes.booleanNode(true);
                }
                if ((value.isTextual() || value.isIntegralNumber()) && List.of("false", "0", "").contains(text)) {
                    return nodes.booleanNode(false);
                }
                return null;
            case INTEGER_OR_NULL:
                if (value.isNull()) {
                    return value;
                }
                // fall through
            case INTEGER:
                if (value.isIntegralNumber() && value.canConvertToLong()) {
                    return nodes.numberNode(value.asLong());
                }
                if (value.isTextual() && value.asText().trim().matches("-?\\d{1,18}")) {
                    return nodes.numberNode(Long.parseLong(value.asText().trim()));
                }
                return null;
            case DATE_OR_NULL:
                if (value.isNull() || (value.isTextual() && value.asText().isEmpty())) {
                    return nodes.nullNode();
                }
                return value.isTextual() && parseDate(value.asText()) != null ? value : null;
            case ARRAY:
                return value.isArray() ? value : null;
            case OBJECT:
                return value.isObject() ? value : null;
            case OBJECT_OR_NULL:
                return value.isObject() || value.isNull() ? value : null;
            case ENUM:
                return value.isTextual() && field.values().contains(value.asText()) ? value : null;
            default:
                throw new IllegalStateException(field.kind().name());
        }
    }

    private static String problem(Field field) {
        return switch (field.kind()) {
            case STRING, MONEY -> field.name() + " is not of type string.";
            case BOOLEAN -> field.name() + " is not of type boolean.";
            case INTEGER -> field.name() + " is not of type integer.";
            case INTEGER_OR_NULL -> field.name() + " is not of type integer,null.";
            case DATE_OR_NULL -> "Invalid date.";
            case ARRAY -> field.name() + " is not of type array.";
            case OBJECT -> field.name() + " is not of type object.";
            case OBJECT_OR_NULL -> field.name() + " is not of type object,null.";
            case ENUM -> field.name() + " is not one of " + list(field.values()) + ".";
        };
    }

    /** "a, b, and c", as WordPress lists allowed values. */
    static String list(List<String> values) {
        if (values.size() <= 2) {
            return String.join(" and ", values);
        }
        return String.join(", ", values.subList(0, values.size() - 1)) + ", and " + values.get(values.size() - 1);
    }

    /** Like wc_format_decimal: a decimal stays as written (trimmed), anything else becomes "". */
    static String formatDecimal(String text) {
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            return "";
        }
        try {
            new BigDecimal(trimmed);
            return trimmed;
        } catch (NumberFormatException e) {
            return "";
        }
    }

    static BigDecimal decimal(String text) {
        try {
            return text == null || text.isBlank() ? null : new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** An ISO 8601 date as WordPress accepts it (seconds and offset optional), or null. */
    static LocalDateTime parseDate(String text) {
        String value = text.trim();
        try {
            return java.time.OffsetDateTime.parse(value).atZoneSameInstant(java.time.ZoneOffset.UTC).toLocalDateTime();
        } catch (DateTimeParseException e) {
            // no offset: site time
        }
        try {
            return LocalDateTime.parse(value.endsWith("Z") ? value.substring(0, value.length() - 1) : value);
        } catch (DateTimeParseException e) {
            // date only?
        }
        try {
            return java.time.LocalDate.parse(value).atStartOfDay();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static ObjectNode dimensions() {
        return JsonNodeFactory.instance.objectNode().put("length", "").put("width", "").put("height", "");
    }

    private static List<Field> concat(List<Field> a, List<Field> b) {
        java.util.ArrayList<Field> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
