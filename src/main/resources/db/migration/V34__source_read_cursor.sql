-- Where a shop source's stock poll stands (docs/decisions/0038): items modified after read_after
-- are read by the next poll; full_read_at is the last read of the whole catalogue, which is
-- done again after a while (a change the modified-since read could not see, e.g. a variation
-- whose parent kept its date, is found then). One row per client whose source is a shop.
-- Plain SQL for PostgreSQL and the demo's H2.
CREATE TABLE source_read_cursor (
    client_id     BIGINT    NOT NULL,
    read_after    TIMESTAMP NOT NULL,
    full_read_at  TIMESTAMP NOT NULL,
    CONSTRAINT pk_source_read_cursor PRIMARY KEY (client_id),
    CONSTRAINT fk_source_read_cursor_client FOREIGN KEY (client_id) REFERENCES client (id)
);
