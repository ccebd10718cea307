-- Health state of each client's source and channel accounts, written once per poll, push or
-- channel call outcome and read by /actuator/health and the Prometheus gauges. It lives in the
-- database because polls run on the node Quartz picks and pushes on the node holding the
-- account's writer lease, while any node may be asked for health. Keyed by the codes of the
-- client files (as stock_recalculation is), so recording needs no lookup.
CREATE TABLE source_health (
    client_code        VARCHAR(64) NOT NULL PRIMARY KEY,
    last_good_poll_at  TIMESTAMP WITH TIME ZONE,
    last_failure_at    TIMESTAMP WITH TIME ZONE,
    last_failure       VARCHAR(1000)
);

-- failure_kind (auth, tls, other) describes the current failure streak: a success clears it
-- and consecutive_failures; last_failure and last_failure_at stay for the record.
CREATE TABLE channel_account_health (
    client_code            VARCHAR(64) NOT NULL,
    account_code           VARCHAR(64) NOT NULL,
    last_success_at        TIMESTAMP WITH TIME ZONE,
    consecutive_failures   INTEGER     NOT NULL DEFAULT 0,
    last_failure_at        TIMESTAMP WITH TIME ZONE,
    failure_kind           VARCHAR(16),
    last_failure           VARCHAR(1000),
    webhook_registered_at  TIMESTAMP WITH TIME ZONE,
    last_webhook_at        TIMESTAMP WITH TIME ZONE,
    CONSTRAINT pk_channel_account_health PRIMARY KEY (client_code, account_code),
    CONSTRAINT ck_channel_account_health_failures CHECK (consecutive_failures >= 0)
);
