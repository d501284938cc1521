-- Pool membership index: getAppsByPool and getMemoryBlocksByPool cost what they return, not the table size.
CREATE INDEX IF NOT EXISTS idx_memory_blocks_pool ON memory_blocks (pool);

CREATE TABLE IF NOT EXISTS app_pool_members (
    pool TEXT NOT NULL,
    app_id TEXT NOT NULL,
    PRIMARY KEY (pool, app_id)
);

CREATE INDEX IF NOT EXISTS idx_app_pool_members_app ON app_pool_members (app_id);

-- A row-level trigger keeps the index in step with app_registry.pools inside the writing transaction, whoever
-- writes. Written in the PL/pgSQL subset CockroachDB (24.3+) and YugabyteDB also run: row-level AFTER triggers,
-- no CREATE OR REPLACE TRIGGER, no REFERENCING, no dynamic SQL. The trigger resolves app_pool_members through
-- search_path, so every connection must use the schema the migrations ran in (set currentSchema in the URL).
CREATE FUNCTION app_pool_members_sync() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' OR TG_OP = 'DELETE' THEN
        DELETE FROM app_pool_members WHERE app_id = OLD.app_id;
    END IF;
    IF TG_OP = 'INSERT' OR TG_OP = 'UPDATE' THEN
        INSERT INTO app_pool_members (pool, app_id)
            SELECT DISTINCT e.value #>> '{}', NEW.app_id
            FROM jsonb_array_elements(CASE WHEN jsonb_typeof(NEW.pools::jsonb) = 'array'
                                           THEN NEW.pools::jsonb ELSE '[]'::jsonb END) AS e(value)
            WHERE jsonb_typeof(e.value) = 'string'
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER app_pool_members_insert AFTER INSERT ON app_registry
    FOR EACH ROW EXECUTE FUNCTION app_pool_members_sync();

CREATE TRIGGER app_pool_members_update AFTER UPDATE OF app_id, pools ON app_registry
    FOR EACH ROW EXECUTE FUNCTION app_pool_members_sync();

CREATE TRIGGER app_pool_members_delete AFTER DELETE ON app_registry
    FOR EACH ROW EXECUTE FUNCTION app_pool_members_sync();
