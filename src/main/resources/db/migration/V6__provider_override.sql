-- Providers set through the admin API, shared by every replica. A row replaces (or adds) the provider of that name
-- in provider.json: definition is its provider.json object without api_key; api_key_sealed is the key encrypted
-- with AES-GCM (never the key itself); deleted hides a provider of the file; enabled overrides its "enabled".
CREATE TABLE provider_override (
    name           VARCHAR(200) NOT NULL PRIMARY KEY,
    definition     TEXT,
    api_key_sealed TEXT,
    enabled        BOOLEAN,
    deleted        BOOLEAN      NOT NULL DEFAULT FALSE,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by     VARCHAR(200) NOT NULL
);
