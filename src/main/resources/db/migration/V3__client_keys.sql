-- Client API keys: only a SHA-256 digest of each key is stored (keys are 256 random bits, so a plain digest cannot
-- be reversed or guessed); the prefix is what lists show to tell keys apart.
CREATE TABLE client_key (
    id                  VARCHAR(32)  NOT NULL PRIMARY KEY,
    name                VARCHAR(200) NOT NULL,
    owner_email         VARCHAR(320),
    prefix              VARCHAR(32)  NOT NULL,
    key_hash            VARCHAR(64)  NOT NULL UNIQUE,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    last_used_at        TIMESTAMP WITH TIME ZONE,
    expires_at          TIMESTAMP WITH TIME ZONE,
    revoked_at          TIMESTAMP WITH TIME ZONE,
    requests_per_minute INTEGER,
    tokens_per_minute   BIGINT,
    tokens_per_day      BIGINT
);
