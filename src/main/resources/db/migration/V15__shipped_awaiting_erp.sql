-- Units of an order line shipped outside the ERP (an operator's shipping tool, decision 0020):
-- the ERP stock has not fallen for them, so their allocations stay OPEN until the ERP issues its
-- own document for the order; this counts them. Plain SQL for PostgreSQL and the demo's H2.
ALTER TABLE order_line ADD COLUMN awaiting_erp_quantity INTEGER NOT NULL DEFAULT 0;
ALTER TABLE order_line ADD CONSTRAINT ck_order_line_awaiting_erp
    CHECK (awaiting_erp_quantity >= 0 AND awaiting_erp_quantity <= shipped_quantity);
