-- H2 only (the demo): no partial indexes, so the writer finds an account's pending listings
-- through account and target time, as it did on `listing` before V8.
CREATE INDEX ix_listing_push_account_target ON listing_push (channel_account_id, target_at);
