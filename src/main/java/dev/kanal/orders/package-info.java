/**
 * Orders brought home from channels: the sales order (aggregate root, idempotent on
 * client + channel account + channel order id) and its lines, with Kanal's internal status.
 */
package dev.kanal.orders;
