package dev.kanal.client.config;

/** Who an imported order's customer is. YAML: {@code shipping-name}, {@code channel-name}. */
public enum OrganizationType {
    /** The person or company in the order's shipping address. */
    SHIPPING_NAME,
    /** The channel itself (e.g. "Back Market"), for marketplaces that are the seller of record. */
    CHANNEL_NAME
}
