package dev.kanal.client.config;

/** When an imported order is written to the source (ERP). YAML: {@code on-paid}, {@code on-completed}. */
public enum ErpPush {
    /** As soon as the order is paid (cash on delivery counts as paid). */
    ON_PAID,
    /** Only once the order is completed/shipped on the channel (shops that fulfil from WooCommerce). */
    ON_COMPLETED
}
