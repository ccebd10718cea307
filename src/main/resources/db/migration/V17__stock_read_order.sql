-- Which read of the source a stock level comes from. Two readers write levels: the stock poll
-- (the whole source, every interval) and a recorded ERP shipment (the document's SKUs, at once,
-- decision 0018). Each takes a number from stock_read_seq before it reads the source and writes a
-- level only over one from an earlier read, so a poll that read the ERP before a shipment was
-- issued never puts the shipped units back, and neither reader has to roll the other back.
ALTER TABLE stock_level ADD COLUMN source_read_seq BIGINT DEFAULT 0 NOT NULL;
CREATE SEQUENCE stock_read_seq;
