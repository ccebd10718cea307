/**
 * Products out (flow 5): a source product offered to a channel account becomes a WooCommerce
 * draft, a BaseLinker inventory product or a Back Market listing matched by EAN, and from then on
 * a listing whose price and quantity only Kanal keeps in step. What became of each offer is kept
 * per account and SKU (decision 0040).
 */
package dev.kanal.offers;
