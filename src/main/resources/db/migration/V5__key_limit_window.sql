-- Per-key limit counters shared by every replica: one row per key, window kind ('minute' or 'day', UTC) and the
-- window's start. A limited request adds 1 to its minute's requests as it arrives; a finished request's input +
-- output tokens are added to its minute and its day in the transaction that stores its usage record. Windows older
-- than the limits look at are deleted now and then (LimitWindowCleanup).
CREATE TABLE key_limit_window (
    key_id       VARCHAR(64) NOT NULL,
    window_kind  VARCHAR(8)  NOT NULL,
    window_start TIMESTAMP WITH TIME ZONE NOT NULL,
    requests     BIGINT      NOT NULL DEFAULT 0,
    tokens       BIGINT      NOT NULL DEFAULT 0,
    PRIMARY KEY (key_id, window_kind, window_start)
);
