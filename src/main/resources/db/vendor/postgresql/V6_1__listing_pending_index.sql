-- PostgreSQL only (Flyway location db/vendor/{vendor}): the demo's H2 has no partial indexes.
-- The listings a channel writer still has to push, in the writer's order. The index holds only
-- pending rows, so the writer's "next batch" query reads a few hundred index entries instead of
-- filtering every listing of the account (100,000 rows, ~80 ms, once per batch).
-- The predicate is the writer's WHERE clause, word for word, so the planner can prove it.
CREATE INDEX ix_listing_pending ON listing (channel_account_id, target_at, id)
 WHERE target_quantity IS NOT NULL
   AND (COALESCE(last_sent_quantity, channel_quantity) IS NULL OR COALESCE(last_sent_quantity, channel_quantity) <> target_quantity)
   AND (rejected_quantity IS NULL OR rejected_quantity <> target_quantity);
