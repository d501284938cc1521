-- The specification's tables with PostgreSQL types: TEXT stays TEXT, epoch-millisecond INTEGERs become BIGINT,
-- and 0/1 flags stay INTEGER, so the same entities map to both backends unchanged.
CREATE TABLE IF NOT EXISTS app_registry (
    app_id TEXT PRIMARY KEY,
    pools TEXT,
    triggers TEXT,
    meta TEXT,
    protocol_version TEXT,
    registered BIGINT,
    last_seen BIGINT,
    rehydrated INTEGER
);

CREATE TABLE IF NOT EXISTS pool_metadata (
    name TEXT PRIMARY KEY,
    type TEXT,
    encrypted INTEGER,
    owners TEXT,
    policies TEXT,
    description TEXT,
    created BIGINT,
    updated BIGINT,
    config TEXT
);

CREATE TABLE IF NOT EXISTS memory_blocks (
    block_id TEXT PRIMARY KEY,
    name TEXT,
    pool TEXT,
    size BIGINT,
    type TEXT,
    permissions TEXT,
    version BIGINT,
    created BIGINT,
    updated BIGINT,
    persistent INTEGER,
    encrypted INTEGER,
    config TEXT
);

CREATE TABLE IF NOT EXISTS server_config (
    key TEXT PRIMARY KEY,
    value TEXT,
    updated BIGINT
);
