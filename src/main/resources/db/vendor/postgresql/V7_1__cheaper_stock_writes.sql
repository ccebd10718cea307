-- PostgreSQL only. Writes on the stock path touch fewer index pages.
--
-- The writer's queries use ix_listing_pending (V6_1); ix_listing_account_target served them
-- before it and only costs now: every target and every last-sent write (20,000 of each in a
-- 10,000-SKU burst on two channels) inserted an entry into it. With stale statistics the planner
-- also picked it for the import's channel-listing-id lookups, filtering 100,000 rows each time.
-- H2 (the demo) keeps it: it has no partial index to take its place.
DROP INDEX IF EXISTS ix_listing_account_target;

-- A poll rewrites quantity, fingerprint and time of each changed level, none of them indexed.
-- With room left on each page PostgreSQL updates such a row in place of its page (a HOT update)
-- and leaves its two indexes alone. Applies to pages written from now on.
ALTER TABLE stock_level SET (fillfactor = 85);
