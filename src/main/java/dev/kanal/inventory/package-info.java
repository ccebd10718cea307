/**
 * Where stock is and who has claimed it: warehouses (fulfilment centres with a priority),
 * client-defined inventory statuses, serialized items, aggregated stock levels, and allocations
 * of units to order lines. These are the inputs of the calculated quantity.
 */
package dev.kanal.inventory;
