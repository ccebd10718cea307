-- Channel acknowledgements that cannot be lost (flow 2, after allocation). Plain SQL that runs on
-- PostgreSQL and on the demo's H2.

-- What the channel last showed about the line: TRUE while it waits for the seller to accept or
-- refuse it (Back Market line state 1), FALSE once it moved on; NULL for channels without that
-- step. Written on every import of a newer channel state.
ALTER TABLE order_line ADD COLUMN channel_awaits_ack BOOLEAN;
-- When Kanal last tried to tell the channel (the allocate hop or the acknowledgement sweep); the
-- sweep claims a line by moving this on, so two nodes never send the same acknowledgement at once.
ALTER TABLE order_line ADD COLUMN channel_ack_attempted_at TIMESTAMP WITH TIME ZONE;

-- The acknowledgements Kanal still owes: lines the channel shows as waiting for the seller, of a
-- paid (or cash-on-delivery) open order whose every line was allocated, and, unless the account
-- refuses oversold lines, nothing missing (a line is accepted only when the whole order is fully
-- allocated). Decision ACCEPT for a complete line, REFUSE for a line with units missing.
-- channel_ack set means Kanal was answered 2xx but has not yet seen the channel move the line on.
-- The acknowledgement sweep and scripts/order-crash.py count from here.
CREATE VIEW acknowledgement_owed AS
SELECT o.id AS order_id, o.client_id, o.channel_account_id, l.id AS order_line_id, l.channel_sku,
       CASE WHEN l.missing_quantity > 0 THEN 'REFUSE' ELSE 'ACCEPT' END AS decision,
       l.channel_ack, l.channel_ack_at, l.channel_ack_attempted_at
  FROM order_line l
  JOIN sales_order o ON o.id = l.order_id
  JOIN channel_account a ON a.id = o.channel_account_id
 WHERE l.channel_awaits_ack = TRUE
   AND l.channel_sku IS NOT NULL
   AND o.status IN ('ACCEPTED', 'AWAITING_PAYMENT', 'IN_ERP')
   AND (o.paid = TRUE OR o.cash_on_delivery = TRUE)
   AND NOT EXISTS (SELECT 1 FROM order_line u WHERE u.order_id = o.id AND u.allocated_at IS NULL)
   AND (a.refuse_oversold = TRUE
        OR NOT EXISTS (SELECT 1 FROM order_line m WHERE m.order_id = o.id AND m.missing_quantity > 0));

CREATE INDEX ix_order_line_awaits_ack ON order_line (channel_awaits_ack, order_id);
