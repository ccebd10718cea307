package dev.kanal.connector.subiekt;

/**
 * Stock of one product in one warehouse as the ERP holds it.
 *
 * @param symbol    tw_Symbol, the product code Kanal uses as SKU
 * @param warehouse mag_Symbol
 * @param onHand    st_Stan
 * @param reserved  st_StanRez: reserved by the ERP's own open customer orders
 * @param withdrawn the product is deleted or blocked in the ERP: nothing of it may be sold
 */
public record SourceStockRow(String symbol, String warehouse, long onHand, long reserved, boolean withdrawn) {

    /** What the ERP lets Kanal sell of this row. */
    public int sellable() {
        return withdrawn ? 0 : (int) Math.max(0, onHand - reserved);
    }

    /** Changes whenever anything Kanal reads of the row changes. */
    public String fingerprint() {
        return onHand + "/" + reserved + (withdrawn ? "/x" : "");
    }

    /**
     * Whether {@code stored} is this row's {@link #fingerprint()}, compared without building it:
     * a poll compares every row of the ERP, and most have not changed.
     */
    public boolean hasFingerprint(String stored) {
        if (stored == null) {
            return false;
        }
        int at = endOf(stored, 0, onHand);
        if (at < 0 || at >= stored.length() || stored.charAt(at) != '/') {
            return false;
        }
        at = endOf(stored, at + 1, reserved);
        if (at < 0) {
            return false;
        }
        return withdrawn ? at + 2 == stored.length() && stored.charAt(at) == '/' && stored.charAt(at + 1) == 'x'
                : at == stored.length();
    }

    /** Where the decimal text of {@code value} (as Long.toString writes it) ends if it starts at {@code from}; -1 if it does not. */
    private static int endOf(String text, int from, long value) {
        int at = from;
        boolean negative = at < text.length() && text.charAt(at) == '-';
        if (negative) {
            at++;
        }
        int digits = at;
        long read = 0;
        while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9' && at - digits < 19) {
            read = read * 10 + (text.charAt(at) - '0');
            at++;
        }
        boolean canonical = at > digits && (at - digits == 1 || text.charAt(digits) != '0') && !(negative && read == 0);
        if (!canonical || at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
            return -1; // Long.toString writes no leading zero, no "-0", at most 19 digits
        }
        return (negative ? -read : read) == value ? at : -1;
    }
}
