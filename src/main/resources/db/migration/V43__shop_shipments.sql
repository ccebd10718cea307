-- Shipments of a shop source (docs/decisions/0044): the shop completes the orders Kanal wrote to
-- it, and Kanal records each as a shipment for the order's channel.
-- source_order_cursor: where the shop's order poll stands per client; the next poll reads the
-- orders modified after read_after (less a minute of overlap).
-- A shipment's source SHOP: the shop shipped it; its stock fell when it took the order.
-- Plain SQL for PostgreSQL and the demo's H2.
CREATE TABLE source_order_cursor (
    client_id   BIGINT    NOT NULL,
    read_after  TIMESTAMP NOT NULL,
    CONSTRAINT pk_source_order_cursor PRIMARY KEY (client_id),
    CONSTRAINT fk_source_order_cursor_client FOREIGN KEY (client_id) REFERENCES client (id)
);

ALTER TABLE shipment DROP CONSTRAINT ck_shipment_source;
ALTER TABLE shipment ADD CONSTRAINT ck_shipment_source CHECK (source IN ('ERP', 'ADMIN', 'SHOP'));
