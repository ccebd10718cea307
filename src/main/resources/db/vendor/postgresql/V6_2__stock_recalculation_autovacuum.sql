-- PostgreSQL only. stock_recalculation is a queue table: a 100,000-SKU poll inserts and the
-- calculator deletes 100,000 rows within seconds, and its ticker reads the table every 100 ms.
-- With the default thresholds (20 % of the table) autovacuum never sees a reason to run on a
-- table that is usually empty, so every tick walked the dead rows of the last burst. Vacuum it
-- after every 1,000 dead rows instead.
ALTER TABLE stock_recalculation SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000,
                                     autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 1000);
