-- The change feed: every committed change to the spec's tables gets a revision and a row in latzero_changes,
-- written by triggers in the writing transaction, whoever writes (this library, the CLI, the Node original, a raw
-- connection). SQLite has one writer at a time, so AUTOINCREMENT order is commit order; AUTOINCREMENT (not a bare
-- rowid) so that a revision is never handed out twice, also after the newest rows were compacted away.
-- state: the row's new columns as a JSON object (null for a delete), except server_config's value, which is never
-- copied here (it may be a secret, and an overwritten or removed one must leave no copy: reliability.md); the feed
-- reads a config key's current value instead. origin: the LatZero server that wrote it ('external' until this
-- library stamps its own rows in the same transaction).
CREATE TABLE IF NOT EXISTS latzero_changes (
    revision INTEGER PRIMARY KEY AUTOINCREMENT,
    entity TEXT NOT NULL,
    entity_key TEXT NOT NULL,
    op TEXT NOT NULL,
    state TEXT,
    origin TEXT,
    committed_at INTEGER NOT NULL
);

-- Every revision up to this one is compacted (or predates a restore): a watcher must resume from it or later.
CREATE TABLE IF NOT EXISTS latzero_change_horizon (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    revision INTEGER NOT NULL
);
INSERT OR IGNORE INTO latzero_change_horizon (id, revision) VALUES (1, 0);

CREATE TRIGGER IF NOT EXISTS latzero_changes_app_insert AFTER INSERT ON app_registry
BEGIN
    INSERT INTO latzero_changes (entity, entity_key, op, state, origin, committed_at)
        VALUES ('app', NEW.app_id, 'insert', json_object('app_id', NEW.app_id, 'pools', NEW.pools, 'triggers', NEW.triggers, 'meta', NEW.meta, 'protocol_version', NEW.protocol_version, 'registered', NEW.registered, 'last_seen', NEW.last_seen, 'rehydrated', NEW.rehydrated), 'external', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;

CREATE TRIGGER IF NOT EXISTS latzero_changes_app_update AFTER UPDATE ON app_registry
BEGIN
    INSERT INTO latzero_changes (entity, entity_key, op, state, origin, committed_at)
        SELECT 'app', OLD.app_id, 'delete', NULL, 'external', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHERE OLD.app_id IS NOT NEW.app_id;
    INSERT INTO latzero_changes (entity, entity_key, op, state, origin, committed_at)
        VALUES ('app', NEW.app_id, CASE WHEN OLD.app_id IS NEW.app_id THEN 'update' ELSE 'insert' END, json_object('app_id', NEW.app_id, 'pools', NEW.pools, 'triggers', NEW.triggers, 'meta', NEW.meta, 'protocol_version', NEW.protocol_version, 'registered', NEW.registered, 'last_seen', NEW.last_seen, 'rehydrated', NEW.rehydrated), 'external', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;

CREATE TRIGGER IF NOT EXISTS latzero_changes_app_delete AFTER DELETE ON app_registry
BEGIN
    INSERT INTO latzero_changes (entity, entity_key, op, state, origin, committed_at)
        VALUES ('app', OLD.app_id, 'delete', NULL, 'external', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;

CREATE TRIGGER IF NOT EXISTS latzero_changes_pool_insert AFTER INSERT ON pool_metadata
BEGIN
    INSERT INTO latzero_changes (entity, entity_key, op, state, origin, committed_at)
        VALUES ('pool', NEW.name, 'insert', json_object('name', NEW.name, 'type', NEW.type, 'encrypted', NEW.encrypted, 'owners', NEW.owners, 'policies', NEW.policies, 'description', NEW.description, 'created', NEW.created, 'updated', NEW.updated, 'config', NEW.config), 'external', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;

CREATE TRIGGER IF NOT EXISTS latzero_changes_pool_update AFTER UPDATE ON pool_metadata
BEGIN
    INSERT INTO latzero_changes (entity, entity_key, op, state, origin, committed_at)
        SELECT 'pool', OLD.name, 'delete', NULL, 'external', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHERE OLD.name IS NOT NEW.name;
    INSERT INTO latzero_changes (entity, entity_key, op, state, origin, committed_at)
        VALUES ('pool', NEW.name, CASE WHEN OLD.name IS NEW.name THEN 'update' ELSE 'insert' END, json_object('name', NEW.name, 'type', NEW.type, 'encrypted', NEW.encrypted, 'owners', NEW.owners, 'policies', NEW.policies, 'description', NEW.description, 'created', NEW.created, 'updated', NEW.updated, 'config', NEW.config), 'external', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;

CREATE TRIGGER IF NOT EXISTS latzero_changes_pool_delete AFTER DELETE ON pool_metadata
BEGIN
    INSERT INTO latzero_changes (entity, entity_key, op, state, origin, committed_at)
        VALUES ('pool', OLD.name, 'delete', NULL, 'external', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;

CREATE TRIGGER IF NOT EXISTS latzero_changes_block_insert AFTER INSERT ON memory_blocks
BEGIN
    INSERT INTO latzero_changes (entity, entity_key, op, state, origin, committed_at)
        VALUES ('block', NEW.block_id, 'insert', json_object('block_id', NEW.block_id, 'name', NEW.name, 'pool', NEW.pool, 'size', NEW.size, 'type', NEW.type, 'permissions', NEW.permissions, 'version', NEW.version, 'created', NEW.created, 'updated', NEW.updated, 'persistent', NEW.persistent, 'encrypted', NEW.encrypted, 'config', NEW.config), 'external', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;

CREATE TRIGGER IF NOT EXISTS latzero_changes_block_update AFTER UPDATE ON memory_blocks
BEGIN
    INSERT INTO latzero_changes (entity, entity_key, op, state, origin, committed_at)
        SELECT 'block', OLD.block_id, 'delete', NULL, 'external', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHERE OLD.block_id IS NOT NEW.block_id;
    INSERT INTO latzero_changes (entity, entity_key, op, state, origin, committed_at)
        VALUES ('block', NEW.block_id, CASE WHEN OLD.block_id IS NEW.block_id THEN 'update' ELSE 'insert' END, json_object('block_id', NEW.block_id, 'name', NEW.name, 'pool', NEW.pool, 'size', NEW.size, 'type', NEW.type, 'permissions', NEW.permissions, 'version', NEW.version, 'created', NEW.created, 'updated', NEW.updated, 'persistent', NEW.persistent, 'encrypted', NEW.encrypted, 'config', NEW.config), 'external', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;

CREATE TRIGGER IF NOT EXISTS latzero_changes_block_delete AFTER DELETE ON memory_blocks
BEGIN
    INSERT INTO latzero_changes (entity, entity_key, op, state, origin, committed_at)
        VALUES ('block', OLD.block_id, 'delete', NULL, 'external', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;

CREATE TRIGGER IF NOT EXISTS latzero_changes_config_insert AFTER INSERT ON server_config
BEGIN
    INSERT INTO latzero_changes (entity, entity_key, op, state, origin, committed_at)
        VALUES ('config', NEW.key, 'insert', json_object('key', NEW.key, 'updated', NEW.updated), 'external', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;

CREATE TRIGGER IF NOT EXISTS latzero_changes_config_update AFTER UPDATE ON server_config
BEGIN
    INSERT INTO latzero_changes (entity, entity_key, op, state, origin, committed_at)
        SELECT 'config', OLD.key, 'delete', NULL, 'external', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) WHERE OLD.key IS NOT NEW.key;
    INSERT INTO latzero_changes (entity, entity_key, op, state, origin, committed_at)
        VALUES ('config', NEW.key, CASE WHEN OLD.key IS NEW.key THEN 'update' ELSE 'insert' END, json_object('key', NEW.key, 'updated', NEW.updated), 'external', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;

CREATE TRIGGER IF NOT EXISTS latzero_changes_config_delete AFTER DELETE ON server_config
BEGIN
    INSERT INTO latzero_changes (entity, entity_key, op, state, origin, committed_at)
        VALUES ('config', OLD.key, 'delete', NULL, 'external', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;

-- What the tables hold when the log starts is its first history: a watcher from 0 replays to the current state.
INSERT INTO latzero_changes (entity, entity_key, op, state, origin, committed_at)
    SELECT 'app', app_id, 'insert', json_object('app_id', app_id, 'pools', pools, 'triggers', triggers, 'meta', meta, 'protocol_version', protocol_version, 'registered', registered, 'last_seen', last_seen, 'rehydrated', rehydrated), 'migration', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) FROM app_registry WHERE app_id IS NOT NULL ORDER BY app_id;
INSERT INTO latzero_changes (entity, entity_key, op, state, origin, committed_at)
    SELECT 'pool', name, 'insert', json_object('name', name, 'type', type, 'encrypted', encrypted, 'owners', owners, 'policies', policies, 'description', description, 'created', created, 'updated', updated, 'config', config), 'migration', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) FROM pool_metadata WHERE name IS NOT NULL ORDER BY name;
INSERT INTO latzero_changes (entity, entity_key, op, state, origin, committed_at)
    SELECT 'block', block_id, 'insert', json_object('block_id', block_id, 'name', name, 'pool', pool, 'size', size, 'type', type, 'permissions', permissions, 'version', version, 'created', created, 'updated', updated, 'persistent', persistent, 'encrypted', encrypted, 'config', config), 'migration', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) FROM memory_blocks WHERE block_id IS NOT NULL ORDER BY block_id;
INSERT INTO latzero_changes (entity, entity_key, op, state, origin, committed_at)
    SELECT 'config', key, 'insert', json_object('key', key, 'updated', updated), 'migration', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) FROM server_config WHERE key IS NOT NULL ORDER BY key;
