package dev.kanal.inventory.serialized;

/**
 * International Mobile Equipment Identity: 14 digits (TAC + serial) and a Luhn check digit.
 *
 * <p>How a serialized item's serial is read ({@link SerialKind}): a row may say {@code imei} or
 * {@code serial}; when it says nothing, a serial of exactly 15 ASCII digits is taken for an IMEI
 * and must pass the check, anything else is a free-form serial number. Manufacturers' serial
 * numbers are alphanumeric, so a 15-digit serial that is not an IMEI is rare enough to need the
 * explicit {@code serial} kind.
 */
public final class Imei {

    public static final int LENGTH = 15;

    private Imei() {
    }

    /** 15 ASCII digits: the shape of an IMEI, whether or not its check digit is right. */
    public static boolean hasImeiShape(String value) {
        return value != null && value.length() == LENGTH && allDigits(value);
    }

    /** 15 ASCII digits whose last digit is the Luhn check digit of the first 14. */
    public static boolean isValid(String value) {
        return hasImeiShape(value) && checkDigit(value.substring(0, LENGTH - 1)) == value.charAt(LENGTH - 1) - '0';
    }

    /**
     * The Luhn check digit for a run of digits (for an IMEI: its first 14). From the right, every
     * other digit starting with the rightmost is doubled (9 subtracted when above 9); the check
     * digit brings the sum to a multiple of 10.
     */
    public static int checkDigit(String payload) {
        if (payload == null || payload.isEmpty() || !allDigits(payload)) {
            throw new IllegalArgumentException("digits expected: " + payload);
        }
        int sum = 0;
        boolean doubled = true;
        for (int i = payload.length() - 1; i >= 0; i--) {
            int d = payload.charAt(i) - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
        }
        return (10 - sum % 10) % 10;
    }

    private static boolean allDigits(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
