-- When Kanal first saw the shipment: the ERP read that returned its issue document, or the
-- shipping tool's request. A poll records the documents of one read in groups, so this can be
-- earlier than created_at; an order's timeline and the shipments benchmark start from it.
ALTER TABLE shipment ADD COLUMN detected_at TIMESTAMP WITH TIME ZONE;
