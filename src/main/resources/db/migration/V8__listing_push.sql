-- A listing's push state moves out of `listing` into a narrow table of its own.
--
-- The calculator writes a listing's target and the writer its last-sent quantity: in a
-- 10,000-SKU burst on two channels that is 40,000 row writes. On `listing` (wide rows, four
-- indexes, one of them the writer's pending index whose predicate reads these very columns) no
-- such write could stay on its page, and each inserted four index entries. Here a row is a few
-- numbers and the table has two indexes: its key and the writer's pending index.
--
-- Every listing has exactly one push row: the listing import inserts both in one transaction.
-- channel_quantity moves too, because "what the channel shows" is the writer's business: it is
-- the quantity reported at import until Kanal sends one.
CREATE TABLE listing_push (
    listing_id          BIGINT  NOT NULL PRIMARY KEY,
    channel_account_id  BIGINT  NOT NULL,
    channel_quantity    INTEGER,
    target_quantity     INTEGER,
    target_at           TIMESTAMP WITH TIME ZONE,
    last_sent_quantity  INTEGER,
    last_sent_at        TIMESTAMP WITH TIME ZONE,
    rejected_quantity   INTEGER,
    push_error          VARCHAR(512),
    CONSTRAINT fk_listing_push_listing FOREIGN KEY (listing_id) REFERENCES listing (id),
    CONSTRAINT ck_listing_push_last_sent_quantity CHECK (last_sent_quantity IS NULL OR last_sent_quantity >= 0)
);

INSERT INTO listing_push (listing_id, channel_account_id, channel_quantity, target_quantity, target_at,
                          last_sent_quantity, last_sent_at, rejected_quantity, push_error)
SELECT id, channel_account_id, channel_quantity, target_quantity, target_at,
       last_sent_quantity, last_sent_at, rejected_quantity, push_error
  FROM listing;

DROP INDEX IF EXISTS ix_listing_pending;
DROP INDEX IF EXISTS ix_listing_account_target;
ALTER TABLE listing DROP CONSTRAINT ck_listing_last_sent_quantity;
ALTER TABLE listing DROP COLUMN channel_quantity;
ALTER TABLE listing DROP COLUMN last_sent_quantity;
ALTER TABLE listing DROP COLUMN last_sent_at;
ALTER TABLE listing DROP COLUMN target_quantity;
ALTER TABLE listing DROP COLUMN target_at;
ALTER TABLE listing DROP COLUMN rejected_quantity;
ALTER TABLE listing DROP COLUMN push_error;
