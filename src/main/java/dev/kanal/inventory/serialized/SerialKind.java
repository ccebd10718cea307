package dev.kanal.inventory.serialized;

import java.util.Locale;
import java.util.Optional;

/**
 * What a row's serial is: an IMEI (15 digits, Luhn-checked) or a free-form serial number.
 * A row that names no kind gets {@link #of(String)}'s rule: 15 digits means IMEI.
 */
public enum SerialKind {
    IMEI,
    SERIAL;

    /** The kind a serial is taken for when the row does not say. */
    public static SerialKind of(String serial) {
        return Imei.hasImeiShape(serial) ? IMEI : SERIAL;
    }

    /** {@code imei} or {@code serial}, any case; blank means "not said"; anything else is empty. */
    static Optional<SerialKind> parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "imei" -> Optional.of(IMEI);
            case "serial", "sn" -> Optional.of(SERIAL);
            default -> Optional.empty();
        };
    }
}
