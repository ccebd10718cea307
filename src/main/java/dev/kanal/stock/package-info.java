/**
 * Stock out (flow 1): the calculated quantity of every listing, kept as the listing's target
 * quantity, and the channel writer that pushes targets that differ from what the channel shows.
 */
package dev.kanal.stock;
