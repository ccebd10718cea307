-- PostgreSQL only. The calculator asks whether any allocation is open before each calculation
-- (it leaves the allocation subquery out while none is). Allocations are kept after they are
-- released or shipped, so without this index that question reads the order history.
CREATE INDEX ix_allocation_open ON allocation (id) WHERE status = 'OPEN';
