-- What operators did through the admin API and the console (Jolokia): who, when, from where,
-- which action on which client and target (order, listing, account, queue and message), and how
-- it ended. Rows are only ever added; GET /admin/audit reads the newest.
CREATE TABLE operator_audit (
    id          BIGSERIAL PRIMARY KEY,
    at          TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    actor       VARCHAR(200)  NOT NULL,
    address     VARCHAR(100),
    action      VARCHAR(64)   NOT NULL,
    client      VARCHAR(100),
    target      VARCHAR(1000),
    outcome     VARCHAR(16)   NOT NULL,
    status      INTEGER       NOT NULL,
    detail      VARCHAR(2000),
    CONSTRAINT ck_operator_audit_outcome CHECK (outcome IN ('succeeded', 'refused', 'failed'))
);

CREATE INDEX ix_operator_audit_client ON operator_audit (client, id);
