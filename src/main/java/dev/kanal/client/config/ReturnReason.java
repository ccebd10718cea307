package dev.kanal.client.config;

/**
 * Why units came back after shipping, in Kanal's words (the left-hand side of a client's return
 * rules). Connectors read their channel's reason into one of these: Back Market's
 * {@code return_reason} codes map one to one (shared/api-contracts.md 2.3); a shop's free text
 * that names none of them is {@link #OTHER}. YAML: {@code faulty-on-opening}, ...
 */
public enum ReturnReason {
    /** Back Market 0: the seller shipped the wrong item. */
    STOCK_MISTAKE,
    /** Back Market 1: the customer withdrew within the legal period. */
    WITHDRAWAL,
    /** Back Market 11: nobody at the address. */
    NOT_AT_ADDRESS,
    /** Back Market 12: the parcel never reached the destination. */
    NOT_DELIVERED,
    /** Back Market 13: the parcel was lost. */
    LOST_PARCEL,
    /** Back Market 21. */
    FAULTY_ON_OPENING,
    /** Back Market 22. */
    FAILED_AT_FIRST_USE,
    /** Back Market 23. */
    FAILED_IN_WARRANTY,
    /** Back Market 24: not the product described. */
    NON_COMPLIANT,
    /** Back Market 25, or a reason Kanal cannot read. */
    OTHER;

    /** The YAML spelling, e.g. {@code faulty-on-opening}. */
    public String code() {
        return KebabEnums.code(this);
    }

    /** The reason written {@code text} in any case with '-' or '_' or spaces; null when none is. */
    public static ReturnReason parse(String text) {
        return text == null ? null : KebabEnums.parse(ReturnReason.class, text.replace(' ', '-'));
    }
}
