package dev.kanal.client.config;

/** How a channel account's listings map to stock. YAML: {@code sku}, {@code variation}. */
public enum MappingMode {
    /** A listing maps to the client's SKU. */
    SKU,
    /** A listing maps to a variation (product + grade + conditions), finer than a SKU. */
    VARIATION
}
