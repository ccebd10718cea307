-- PostgreSQL only (H2 has no partial index): the price writer's pending and held rows.
-- the writer's pending rows, as ChannelPriceWriter.IS_PENDING says word for word
CREATE INDEX ix_listing_price_pending ON listing_price (channel_account_id, target_at)
 WHERE target_price IS NOT NULL AND NOT held
   AND (COALESCE(last_sent_price, channel_price) IS NULL OR COALESCE(last_sent_price, channel_price) <> target_price)
   AND (rejected_price IS NULL OR rejected_price <> target_price);

CREATE INDEX ix_listing_price_held ON listing_price (channel_account_id) WHERE held;
