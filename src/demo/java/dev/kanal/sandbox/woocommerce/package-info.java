/**
 * The WooCommerce sandbox: a stateful emulator of the WooCommerce REST API v3 (products,
 * variations, batches, OAuth 1.0a and Basic authentication, paging headers, error bodies), served
 * by Kanal itself under {@code /sandbox/woocommerce} when {@code kanal.sandbox.enabled=true}.
 * Each consumer key is its own shop, held in memory. A control API under
 * {@code /sandbox/woocommerce/_control} registers keys, seeds products, injects faults and reports
 * statistics (docs/sandboxes.md).
 */
package dev.kanal.sandbox.woocommerce;
