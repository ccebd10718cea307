package dev.kanal.client.config;

/** Kind of source system (ERP/POS) a client's products and stock come from. YAML: {@code subiekt}, {@code woocommerce}. */
public enum SourceType {
    /** Subiekt-GT-style ERP: stock read from its SQL database, documents written through a REST gateway. */
    SUBIEKT,
    /** A WooCommerce shop acting as the system of record. */
    WOOCOMMERCE
}
