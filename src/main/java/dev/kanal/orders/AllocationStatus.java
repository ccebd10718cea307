package dev.kanal.orders;

/** OPEN allocations count against stock; RELEASED and SHIPPED are closed and no longer do. */
public enum AllocationStatus {
    OPEN,
    RELEASED,
    SHIPPED
}
