/**
 * Flow 4: changes of an order after Kanal took it on (cancellations, refunds, returns), from
 * either side to the other, carried by the {@code kanal.order.changes} hop: the
 * {@code order_change} outbox, its applier and handlers, the ERP's own deletions, the admin cancel.
 */
package dev.kanal.changes;
