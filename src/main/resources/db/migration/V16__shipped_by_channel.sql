-- erp-push: on-completed (docs/decisions/0021). When Kanal saw the channel complete an order the
-- shop shipped itself: the order is SHIPPED from then on, but its allocations stay OPEN until the
-- ERP's issue document for its ZK is recorded (only then does the ERP's stock fall). The ERP
-- writer and the orders sweep write such an order to the ERP once; the shipment recorded from the
-- ERP's document is not sent back to the channel, which already completed it.
ALTER TABLE sales_order ADD COLUMN shipped_by_channel_at TIMESTAMP WITH TIME ZONE;
