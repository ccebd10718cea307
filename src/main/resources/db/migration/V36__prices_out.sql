-- Flow 5, prices out (decision 0039).
--
-- source_price: the source's price of a SKU at one price level (Subiekt's tw_Cena holds ten,
-- net and gross). Only the levels some account's pricing rule reads are kept: a client without
-- pricing stores nothing. Others read it (products out offers a new product at its price).
CREATE TABLE source_price (
    sku_id      BIGINT        NOT NULL,
    price_level SMALLINT      NOT NULL,
    client_id   BIGINT        NOT NULL,
    gross       NUMERIC(14, 4),
    net         NUMERIC(14, 4),
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (sku_id, price_level),
    CONSTRAINT fk_source_price_sku FOREIGN KEY (sku_id) REFERENCES sku (id),
    CONSTRAINT fk_source_price_client FOREIGN KEY (client_id) REFERENCES client (id),
    CONSTRAINT ck_source_price_level CHECK (price_level BETWEEN 1 AND 10)
);

-- listing_price: a listing's price push state, beside its quantity's (listing_push) and shaped
-- the same way: the calculated target, what the channel is known to show (reported at import,
-- then the last price it accepted), the last refusal. A target under the account's floor is
-- held: never sent until an operator approves that very price (approved_price).
CREATE TABLE listing_price (
    listing_id         BIGINT        NOT NULL PRIMARY KEY,
    channel_account_id BIGINT        NOT NULL,
    target_price       NUMERIC(14, 2),
    currency           VARCHAR(3),
    target_at          TIMESTAMP WITH TIME ZONE,
    held               BOOLEAN       NOT NULL DEFAULT FALSE,
    approved_price     NUMERIC(14, 2),
    channel_price      NUMERIC(14, 2),
    last_sent_price    NUMERIC(14, 2),
    last_sent_at       TIMESTAMP WITH TIME ZONE,
    rejected_price     NUMERIC(14, 2),
    push_error         VARCHAR(512),
    CONSTRAINT fk_listing_price_listing FOREIGN KEY (listing_id) REFERENCES listing (id),
    CONSTRAINT fk_listing_price_account FOREIGN KEY (channel_account_id) REFERENCES channel_account (id),
    CONSTRAINT ck_listing_price_positive CHECK (target_price IS NULL OR target_price >= 0)
);

CREATE INDEX ix_listing_price_account ON listing_price (channel_account_id);

-- the price writer's lease, apart from the stock writer's: the two push side by side
ALTER TABLE channel_account ADD COLUMN price_lease_owner VARCHAR(128);
ALTER TABLE channel_account ADD COLUMN price_lease_until TIMESTAMP WITH TIME ZONE;
