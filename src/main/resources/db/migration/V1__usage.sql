-- One row per finished Messages request (see RequestRecord). Portable between H2 (PostgreSQL mode) and PostgreSQL.
CREATE TABLE usage_request (
    request_id          VARCHAR(64)  NOT NULL PRIMARY KEY,
    started_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    usage_day           DATE         NOT NULL,
    key_id              VARCHAR(64),
    requested_model     VARCHAR(256),
    tier                VARCHAR(16),
    provider            VARCHAR(128),
    upstream_model      VARCHAR(256),
    streaming           BOOLEAN      NOT NULL,
    status              INTEGER      NOT NULL,
    error_type          VARCHAR(64),
    input_tokens        BIGINT,
    output_tokens       BIGINT,
    cache_read_tokens   BIGINT,
    ttft_ms             BIGINT,
    duration_ms         BIGINT       NOT NULL,
    stop_reason         VARCHAR(64),
    client_disconnected BOOLEAN      NOT NULL,
    attempt_count       INTEGER      NOT NULL,
    attempts            VARCHAR
);

CREATE INDEX usage_request_started ON usage_request (started_at);
CREATE INDEX usage_request_day ON usage_request (usage_day, provider, upstream_model);

-- Daily aggregates, computed from the rows themselves: they stay exact under any number of concurrent writers and
-- replicas, and a replayed record cannot be counted twice.
CREATE VIEW usage_daily AS
SELECT usage_day,
       COALESCE(provider, '')       AS provider,
       COALESCE(upstream_model, '') AS model,
       COUNT(*)                     AS requests,
       SUM(CASE WHEN status >= 400 OR error_type IS NOT NULL THEN 1 ELSE 0 END) AS errors,
       COALESCE(SUM(input_tokens), 0)      AS input_tokens,
       COALESCE(SUM(output_tokens), 0)     AS output_tokens,
       COALESCE(SUM(cache_read_tokens), 0) AS cache_read_tokens
FROM usage_request
GROUP BY usage_day, COALESCE(provider, ''), COALESCE(upstream_model, '');
