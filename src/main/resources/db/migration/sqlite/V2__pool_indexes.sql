-- Pool membership index: getAppsByPool and getMemoryBlocksByPool cost what they return, not the table size.
CREATE INDEX IF NOT EXISTS idx_memory_blocks_pool ON memory_blocks (pool);

CREATE TABLE IF NOT EXISTS app_pool_members (
    pool TEXT NOT NULL,
    app_id TEXT NOT NULL,
    PRIMARY KEY (pool, app_id)
) WITHOUT ROWID;

CREATE INDEX IF NOT EXISTS idx_app_pool_members_app ON app_pool_members (app_id);

-- Triggers keep the index in step with app_registry.pools whoever writes the row (this library or Node).
CREATE TRIGGER IF NOT EXISTS app_pool_members_insert AFTER INSERT ON app_registry
BEGIN
    INSERT OR IGNORE INTO app_pool_members (pool, app_id)
        SELECT value, NEW.app_id FROM json_each(CASE WHEN json_valid(NEW.pools) THEN NEW.pools ELSE '[]' END)
        WHERE type = 'text';
END;

CREATE TRIGGER IF NOT EXISTS app_pool_members_update AFTER UPDATE OF app_id, pools ON app_registry
BEGIN
    DELETE FROM app_pool_members WHERE app_id = OLD.app_id;
    INSERT OR IGNORE INTO app_pool_members (pool, app_id)
        SELECT value, NEW.app_id FROM json_each(CASE WHEN json_valid(NEW.pools) THEN NEW.pools ELSE '[]' END)
        WHERE type = 'text';
END;

CREATE TRIGGER IF NOT EXISTS app_pool_members_delete AFTER DELETE ON app_registry
BEGIN
    DELETE FROM app_pool_members WHERE app_id = OLD.app_id;
END;

INSERT OR IGNORE INTO app_pool_members (pool, app_id)
    SELECT j.value, a.app_id FROM app_registry a, json_each(CASE WHEN json_valid(a.pools) THEN a.pools ELSE '[]' END) j
    WHERE j.type = 'text';
