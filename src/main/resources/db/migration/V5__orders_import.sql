-- Orders in (flow 2): import and translate.
--
-- The channel's own order, as last received, is kept with the order: for audit, and so an
-- order held for a reason (an unknown SKU, an unmapped status) can be translated again from
-- it once the mapping is fixed, without asking the channel.
ALTER TABLE sales_order ADD COLUMN channel_payload TEXT;
-- The channel's "last modified" time of that payload: a delivery that is not newer than what
-- is stored (a re-poll, a duplicate webhook, a redelivered message) changes nothing.
ALTER TABLE sales_order ADD COLUMN channel_modified_at TIMESTAMP WITH TIME ZONE;
-- The channel status mapped through the account's status map (MappedStatus name); null while
-- the status is unmapped (then the order is held).
ALTER TABLE sales_order ADD COLUMN mapped_status VARCHAR(32);
-- How the order first arrived: poll or webhook.
ALTER TABLE sales_order ADD COLUMN received_via VARCHAR(16);
ALTER TABLE sales_order ADD CONSTRAINT ck_sales_order_mapped_status CHECK (mapped_status IS NULL OR mapped_status IN
    ('AWAITING_PAYMENT', 'TO_FULFIL', 'SHIPPED', 'CANCELLED', 'REFUNDED', 'IGNORE'));
-- "every order held for this reason" (the release call)
CREATE INDEX ix_sales_order_hold_reason ON sales_order (client_id, status, hold_reason);

-- Where each channel account's order poll got to: the newest channel modification time seen.
-- The next poll asks for changes since a little before it; re-read orders are no-ops.
CREATE TABLE order_import_cursor (
    channel_account_id  BIGINT NOT NULL,
    modified_since      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT pk_order_import_cursor PRIMARY KEY (channel_account_id),
    CONSTRAINT fk_order_import_cursor_account FOREIGN KEY (channel_account_id) REFERENCES channel_account (id)
);
