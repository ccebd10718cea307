-- Stock out (flow 1). Channel-account settings live in the client files; they are copied here
-- at start-up so the calculated quantity can be computed set-based in SQL.

ALTER TABLE channel_account ADD COLUMN buffer INTEGER NOT NULL DEFAULT 0;
ALTER TABLE channel_account ADD COLUMN max_quantity INTEGER;
-- One writer per account across all Kanal nodes: a lease taken with a conditional UPDATE.
ALTER TABLE channel_account ADD COLUMN stock_lease_owner VARCHAR(128);
ALTER TABLE channel_account ADD COLUMN stock_lease_until TIMESTAMP WITH TIME ZONE;
ALTER TABLE channel_account ADD CONSTRAINT ck_channel_account_buffer CHECK (buffer >= 0);
ALTER TABLE channel_account ADD CONSTRAINT ck_channel_account_max CHECK (max_quantity IS NULL OR max_quantity >= 0);

-- W(a): the warehouses whose units an account may sell.
CREATE TABLE channel_account_warehouse (
    channel_account_id  BIGINT NOT NULL,
    warehouse_id        BIGINT NOT NULL,
    CONSTRAINT pk_channel_account_warehouse PRIMARY KEY (channel_account_id, warehouse_id),
    CONSTRAINT fk_caw_account FOREIGN KEY (channel_account_id) REFERENCES channel_account (id),
    CONSTRAINT fk_caw_warehouse FOREIGN KEY (warehouse_id) REFERENCES warehouse (id)
);

-- S(a): the inventory statuses that count as sellable for an account.
CREATE TABLE channel_account_status (
    channel_account_id   BIGINT NOT NULL,
    inventory_status_id  BIGINT NOT NULL,
    CONSTRAINT pk_channel_account_status PRIMARY KEY (channel_account_id, inventory_status_id),
    CONSTRAINT fk_cas_account FOREIGN KEY (channel_account_id) REFERENCES channel_account (id),
    CONSTRAINT fk_cas_status FOREIGN KEY (inventory_status_id) REFERENCES inventory_status (id)
);

-- The quantity Kanal wants the channel to show (the latest calculation wins), since when, and
-- the quantity the channel refused (so a refused value is not retried until it changes).
ALTER TABLE listing ADD COLUMN target_quantity INTEGER;
ALTER TABLE listing ADD COLUMN target_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE listing ADD COLUMN rejected_quantity INTEGER;
ALTER TABLE listing ADD COLUMN push_error VARCHAR(512);
CREATE INDEX ix_listing_account_target ON listing (channel_account_id, target_at);

-- Lookups of the calculator: from a SKU to everything that counts or sells it.
CREATE INDEX ix_allocation_variation ON allocation (variation_id, status);
