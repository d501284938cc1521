-- The change feed (see the SQLite migration). Sequence values are taken before commit, so their order is not
-- commit order; instead one counter row hands out revisions: its row lock, taken by a transaction's first change,
-- is held until that transaction ends, so writing transactions take their revisions one after the other, in commit
-- order, and a reader never sees revision N+1 without N. tx and tx_first tell a transaction which revisions are its
-- own. NOTIFY only wakes watchers; they read the table.
CREATE TABLE IF NOT EXISTS latzero_changes (
    revision BIGINT PRIMARY KEY,
    entity TEXT NOT NULL,
    entity_key TEXT NOT NULL,
    op TEXT NOT NULL,
    state TEXT,
    origin TEXT,
    committed_at BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS latzero_revision (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    value BIGINT NOT NULL,
    tx BIGINT,
    tx_first BIGINT
);
INSERT INTO latzero_revision (id, value) VALUES (1, 0) ON CONFLICT DO NOTHING;

-- Every revision up to this one is compacted (or predates a restore): a watcher must resume from it or later.
CREATE TABLE IF NOT EXISTS latzero_change_horizon (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    revision BIGINT NOT NULL
);
INSERT INTO latzero_change_horizon (id, revision) VALUES (1, 0) ON CONFLICT DO NOTHING;

-- TG_ARGV: the entity's name and its key column. origin: the session's latzero.origin (set by this library on its
-- connections), else the client's application_name.
CREATE FUNCTION latzero_log_change() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
    rev BIGINT;
    old_key TEXT;
    new_key TEXT;
    who TEXT := COALESCE(NULLIF(current_setting('latzero.origin', true), ''),
                         'external:' || COALESCE(current_setting('application_name', true), ''));
    at BIGINT := (extract(epoch FROM clock_timestamp()) * 1000)::BIGINT;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        old_key := to_jsonb(OLD) ->> TG_ARGV[1];
    END IF;
    IF TG_OP <> 'DELETE' THEN
        new_key := to_jsonb(NEW) ->> TG_ARGV[1];
    END IF;
    IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND old_key IS DISTINCT FROM new_key) THEN
        UPDATE latzero_revision SET value = value + 1,
               tx_first = CASE WHEN tx = txid_current() THEN tx_first ELSE value + 1 END, tx = txid_current()
            WHERE id = 1 RETURNING value INTO rev;
        INSERT INTO latzero_changes (revision, entity, entity_key, op, state, origin, committed_at)
            VALUES (rev, TG_ARGV[0], old_key, 'delete', NULL, who, at);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        UPDATE latzero_revision SET value = value + 1,
               tx_first = CASE WHEN tx = txid_current() THEN tx_first ELSE value + 1 END, tx = txid_current()
            WHERE id = 1 RETURNING value INTO rev;
        INSERT INTO latzero_changes (revision, entity, entity_key, op, state, origin, committed_at)
            VALUES (rev, TG_ARGV[0], new_key,
                    CASE WHEN TG_OP = 'UPDATE' AND old_key IS NOT DISTINCT FROM new_key THEN 'update' ELSE 'insert' END,
                    CASE WHEN TG_ARGV[0] = 'config' THEN (to_jsonb(NEW) - 'value')::text ELSE to_jsonb(NEW)::text END,
                    who, at);
    END IF;
    PERFORM pg_notify('latzero_changes', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER latzero_changes_app AFTER INSERT OR UPDATE OR DELETE ON app_registry
    FOR EACH ROW EXECUTE FUNCTION latzero_log_change('app', 'app_id');

CREATE TRIGGER latzero_changes_pool AFTER INSERT OR UPDATE OR DELETE ON pool_metadata
    FOR EACH ROW EXECUTE FUNCTION latzero_log_change('pool', 'name');

CREATE TRIGGER latzero_changes_block AFTER INSERT OR UPDATE OR DELETE ON memory_blocks
    FOR EACH ROW EXECUTE FUNCTION latzero_log_change('block', 'block_id');

CREATE TRIGGER latzero_changes_config AFTER INSERT OR UPDATE OR DELETE ON server_config
    FOR EACH ROW EXECUTE FUNCTION latzero_log_change('config', 'key');

-- What the tables hold when the log starts is its first history: a watcher from 0 replays to the current state.
INSERT INTO latzero_changes (revision, entity, entity_key, op, state, origin, committed_at)
    SELECT (SELECT value FROM latzero_revision WHERE id = 1) + row_number() OVER (ORDER BY app_id), 'app', app_id, 'insert',
           to_jsonb(r)::text, 'migration', (extract(epoch FROM clock_timestamp()) * 1000)::BIGINT
    FROM app_registry r WHERE app_id IS NOT NULL;
UPDATE latzero_revision SET value = COALESCE((SELECT max(revision) FROM latzero_changes), 0) WHERE id = 1;

INSERT INTO latzero_changes (revision, entity, entity_key, op, state, origin, committed_at)
    SELECT (SELECT value FROM latzero_revision WHERE id = 1) + row_number() OVER (ORDER BY name), 'pool', name, 'insert',
           to_jsonb(r)::text, 'migration', (extract(epoch FROM clock_timestamp()) * 1000)::BIGINT
    FROM pool_metadata r WHERE name IS NOT NULL;
UPDATE latzero_revision SET value = COALESCE((SELECT max(revision) FROM latzero_changes), 0) WHERE id = 1;

INSERT INTO latzero_changes (revision, entity, entity_key, op, state, origin, committed_at)
    SELECT (SELECT value FROM latzero_revision WHERE id = 1) + row_number() OVER (ORDER BY block_id), 'block', block_id, 'insert',
           to_jsonb(r)::text, 'migration', (extract(epoch FROM clock_timestamp()) * 1000)::BIGINT
    FROM memory_blocks r WHERE block_id IS NOT NULL;
UPDATE latzero_revision SET value = COALESCE((SELECT max(revision) FROM latzero_changes), 0) WHERE id = 1;

INSERT INTO latzero_changes (revision, entity, entity_key, op, state, origin, committed_at)
    SELECT (SELECT value FROM latzero_revision WHERE id = 1) + row_number() OVER (ORDER BY key), 'config', key, 'insert',
           (to_jsonb(r) - 'value')::text, 'migration', (extract(epoch FROM clock_timestamp()) * 1000)::BIGINT
    FROM server_config r WHERE key IS NOT NULL;
UPDATE latzero_revision SET value = COALESCE((SELECT max(revision) FROM latzero_changes), 0) WHERE id = 1;

