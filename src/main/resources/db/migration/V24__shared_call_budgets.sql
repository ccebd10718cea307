-- Call budgets every node shares (docs/decisions/0028): per channel account, the times of its
-- last calls_per_minute calls as a ring of slots, and a pause a 429 set. A call may go when the
-- slot next_slot points at (the oldest grant) is a minute old and no pause holds; the node that
-- takes it writes its time there under the account row's lock (SELECT ... FOR UPDATE).
-- Times are epoch microseconds of the database's clock (PostgreSQL clock_timestamp()), so the
-- nodes' own clocks do not matter. Plain SQL for PostgreSQL and the demo's H2.
CREATE TABLE channel_call_budget (
    account           VARCHAR(200) NOT NULL,
    calls_per_minute  INTEGER      NOT NULL,
    next_slot         INTEGER      NOT NULL,
    paused_until      BIGINT       NOT NULL,
    CONSTRAINT pk_channel_call_budget PRIMARY KEY (account),
    CONSTRAINT ck_channel_call_budget_size CHECK (calls_per_minute >= 1),
    CONSTRAINT ck_channel_call_budget_slot CHECK (next_slot >= 0 AND next_slot < calls_per_minute)
);

CREATE TABLE channel_call_grant (
    account     VARCHAR(200) NOT NULL,
    slot        INTEGER      NOT NULL,
    granted_at  BIGINT       NOT NULL,
    CONSTRAINT pk_channel_call_grant PRIMARY KEY (account, slot),
    CONSTRAINT fk_channel_call_grant_budget FOREIGN KEY (account) REFERENCES channel_call_budget (account) ON DELETE CASCADE
);
