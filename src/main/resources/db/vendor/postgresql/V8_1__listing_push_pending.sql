-- PostgreSQL only. The listings a channel writer still has to push, in the writer's order
-- (V6_1's index, moved with the push state). Only pending rows are in it, so the writer's
-- "next batch" reads a few hundred entries instead of every push row of the account.
-- The predicate is the writer's WHERE clause, word for word, so the planner can prove it.
CREATE INDEX ix_listing_push_pending ON listing_push (channel_account_id, target_at, listing_id)
 WHERE target_quantity IS NOT NULL
   AND (COALESCE(last_sent_quantity, channel_quantity) IS NULL OR COALESCE(last_sent_quantity, channel_quantity) <> target_quantity)
   AND (rejected_quantity IS NULL OR rejected_quantity <> target_quantity);

