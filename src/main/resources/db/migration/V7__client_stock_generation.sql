-- Counts the source polls that changed a client's stock levels. A Kanal node keeps the levels it
-- last read or wrote in memory and trusts them while this number is the one it saw, so a steady
-- poll of 100,000 ERP rows compares them in memory instead of reading 100,000 stock levels back
-- every second. Another node's poll (or anything else that writes the levels through
-- SourceStockSync) moves it on, and the next poll reads the levels from the table again.
ALTER TABLE client ADD COLUMN stock_generation BIGINT NOT NULL DEFAULT 0;
