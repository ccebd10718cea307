package dev.kanal.client.config;

/**
 * Which of the source's products Kanal offers to a channel account (flow 5, docs/decisions/0040).
 * YAML: {@code off} (the default), {@code selected}, {@code all}.
 */
public enum ProductsOut {
    /** Nothing is offered: the account sells only what was listed on it by hand. */
    OFF,
    /** Only the SKUs an operator offers (admin API or console) go out. */
    SELECTED,
    /** Every source product that has no listing on the account goes out, new ones as they appear. */
    ALL
}
