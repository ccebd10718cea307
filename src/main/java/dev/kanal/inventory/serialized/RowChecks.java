package dev.kanal.inventory.serialized;

import dev.kanal.catalog.Variation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What can be said about a row without the database: required values present and within the
 * column widths, the serial readable, an IMEI's check digit right, the conditions storable.
 */
final class RowChecks {

    static final int SERIAL_MAX = 64;
    static final int PRODUCT_CODE_MAX = 128;
    static final int PRODUCT_NAME_MAX = 255;
    static final int SKU_MAX = 128;
    static final int GRADE_MAX = 32;
    static final int CODE_MAX = 64;

    private RowChecks() {
    }

    /** Every reason the row cannot be imported, in column order; empty when it may be. */
    static List<String> problems(SerializedItemRow row) {
        List<String> reasons = new ArrayList<>();
        serial(row.serial(), row.kind(), reasons);
        required("product code", row.productCode(), PRODUCT_CODE_MAX, reasons);
        if (row.productName() != null && row.productName().length() > PRODUCT_NAME_MAX) {
            reasons.add("product name is longer than " + PRODUCT_NAME_MAX + " characters");
        }
        required("SKU", row.sku(), SKU_MAX, reasons);
        required("grade", row.grade(), GRADE_MAX, reasons);
        try {
            Variation.normalizeConditions(row.conditions());
        } catch (IllegalArgumentException e) {
            reasons.add("conditions cannot be stored: " + e.getMessage());
        }
        required("warehouse", row.warehouse(), CODE_MAX, reasons);
        required("inventory status", row.inventoryStatus(), CODE_MAX, reasons);
        return reasons;
    }

    private static void serial(String serial, String kindText, List<String> reasons) {
        Optional<SerialKind> said = Optional.empty();
        if (kindText != null && !kindText.isBlank()) {
            said = SerialKind.parse(kindText);
            if (said.isEmpty()) {
                reasons.add("kind '" + kindText + "' is neither imei nor serial");
            }
        }
        if (serial == null || serial.isEmpty()) {
            reasons.add("serial is missing");
            return;
        }
        if (serial.length() > SERIAL_MAX) {
            reasons.add("serial is longer than " + SERIAL_MAX + " characters");
            return;
        }
        if (serial.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            reasons.add("serial contains a space or control character");
            return;
        }
        SerialKind kind = said.orElse(SerialKind.of(serial));
        if (kind == SerialKind.IMEI) {
            if (!Imei.hasImeiShape(serial)) {
                reasons.add("IMEI '" + serial + "' is not 15 digits");
            } else if (!Imei.isValid(serial)) {
                // no "the check digit should be N": the mistyped digit may be any of the 15
                reasons.add("IMEI '" + serial + "' fails the Luhn check (a digit is mistyped)");
            }
        }
    }

    private static void required(String what, String value, int max, List<String> reasons) {
        if (value == null || value.isEmpty()) {
            reasons.add(what + " is missing");
        } else if (value.length() > max) {
            reasons.add(what + " is longer than " + max + " characters");
        }
    }
}
