/**
 * What a client sells and how channels see it: products, SKUs and variations from the source,
 * channel listings, listing mappings (listing to SKU or variation) and bundle components.
 */
package dev.kanal.catalog;
