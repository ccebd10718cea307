package dev.kanal.client;

/**
 * The kinds of sales channel Kanal has a connector for. Stored by name in
 * {@code channel_account.channel_type} (VARCHAR(32), no CHECK), so adding a connector is a code
 * change only; renaming a constant needs a data migration.
 */
public enum ChannelType {
    BACKMARKET,
    WOOCOMMERCE,
    WALMART,
    BASELINKER
}
