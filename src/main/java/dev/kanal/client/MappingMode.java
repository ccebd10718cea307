package dev.kanal.client;

/** What a channel account's listings map to: a SKU, or a single variation. */
public enum MappingMode {
    SKU,
    VARIATION
}
