/**
 * Fulfilment written back to channels: shipments (carrier, tracking, shipped serials) and
 * whether the channel has confirmed them.
 */
package dev.kanal.fulfilment;
