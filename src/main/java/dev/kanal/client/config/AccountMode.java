package dev.kanal.client.config;

/**
 * Whether Kanal writes to a channel account (docs/decisions/0036). YAML: {@code live} (the
 * default), {@code dry-run}.
 */
public enum AccountMode {
    /** Stock is pushed and orders are imported, acknowledged, shipped and invoiced. */
    LIVE,
    /**
     * Listings are imported, mapped and calculated, and what a push would send is only shown
     * (the account's preview); nothing is written to the channel and no order is imported.
     */
    DRY_RUN
}
