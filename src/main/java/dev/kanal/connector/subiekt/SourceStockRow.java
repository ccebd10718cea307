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
}
