-- The tables exactly as the LatZero persistence specification lists them, so a database written by the Node
-- implementation opens here and the other way round. IF NOT EXISTS: a Node-written database already has them.
CREATE TABLE IF NOT EXISTS app_registry (
    app_id TEXT PRIMARY KEY,
    pools TEXT,
    triggers TEXT,
    meta TEXT,
    protocol_version TEXT,
    registered INTEGER,
    last_seen INTEGER,
    rehydrated INTEGER
);

CREATE TABLE IF NOT EXISTS pool_metadata (
    name TEXT PRIMARY KEY,
    type TEXT,
    encrypted INTEGER,
    owners TEXT,
    policies TEXT,
    description TEXT,
    created INTEGER,
    updated INTEGER,
    config TEXT
);

CREATE TABLE IF NOT EXISTS memory_blocks (
    block_id TEXT PRIMARY KEY,
    name TEXT,
    pool TEXT,
    size INTEGER,
    type TEXT,
    permissions TEXT,
    version INTEGER,
    created INTEGER,
    updated INTEGER,
    persistent INTEGER,
    encrypted INTEGER,
    config TEXT
);

CREATE TABLE IF NOT EXISTS server_config (
    key TEXT PRIMARY KEY,
    value TEXT,
    updated INTEGER
);
