package dev.kanal.inventory.serialized;

import com.fasterxml.jackson.annotation.JsonAlias;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * One serialized item as a source states it: a line of a CSV file or an element of a JSON
 * array. Values are kept as given (trimmed); the importer decides whether the row is good.
 *
 * @param line            CSV: the file line the record starts on (the header is line 1);
 *                        JSON: the element's index in the array (from 0)
 * @param serial          the IMEI or serial number
 * @param kind            {@code imei}, {@code serial}, or null/blank to let {@link SerialKind#of} decide
 * @param productCode     the product's code; the product is created on first sight
 * @param productName     optional; names a product created by this row (the code is used otherwise)
 * @param sku             the client's SKU for the item's variation
 * @param grade           the cosmetic grade (A, B, C, ...)
 * @param conditions      the variation's conditions (e.g. "cracked glass"); empty when none
 * @param warehouse       the warehouse code; must exist for the client
 * @param inventoryStatus the inventory status code; must exist for the client
 */
public record SerializedItemRow(
        int line,
        @JsonAlias("imei") String serial,
        String kind,
        @JsonAlias({"product", "product_code"}) String productCode,
        @JsonAlias("product_name") String productName,
        String sku,
        String grade,
        Set<String> conditions,
        @JsonAlias("warehouse_code") String warehouse,
        @JsonAlias({"status", "inventory_status"}) String inventoryStatus) {

    public SerializedItemRow {
        serial = trim(serial);
        kind = trim(kind);
        productCode = trim(productCode);
        productName = trim(productName);
        sku = trim(sku);
        grade = trim(grade);
        conditions = conditionSet(conditions);
        warehouse = trim(warehouse);
        inventoryStatus = trim(inventoryStatus);
    }

    /** The same row at another position (a JSON element gets its array index). */
    public SerializedItemRow withLine(int line) {
        return new SerializedItemRow(line, serial, kind, productCode, productName, sku, grade, conditions,
                warehouse, inventoryStatus);
    }

    private static String trim(String value) {
        return value == null ? null : value.trim();
    }

    private static Set<String> conditionSet(Collection<String> conditions) {
        if (conditions == null || conditions.isEmpty()) {
            return Set.of();
        }
        LinkedHashSet<String> set = new LinkedHashSet<>();
        conditions.stream().filter(Objects::nonNull).map(String::trim).filter(c -> !c.isEmpty()).forEach(set::add);
        return Collections.unmodifiableSet(set);
    }
}
