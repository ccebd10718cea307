package dev.kanal.client.config;

/**
 * When returned units count as stock again (a return rule's {@code restock}). YAML:
 * {@code on-receipt}, {@code after-inspection}.
 */
public enum Restock {
    /** At once: the ERP's return document takes the units back into its stock. */
    ON_RECEIPT,
    /** Only once an operator has inspected them: the ERP records the return without stock until then. */
    AFTER_INSPECTION;

    public String code() {
        return KebabEnums.code(this);
    }
}
