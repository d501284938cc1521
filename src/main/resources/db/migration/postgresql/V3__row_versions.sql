-- Optimistic-lock versions of apps and pools (memory_blocks.version is the spec's own). Several servers share
-- a PostgreSQL database: a read-modify-write of a stale row must fail instead of overwriting (READ COMMITTED
-- would silently lose the first update). Existing rows start at 0.
ALTER TABLE app_registry ADD COLUMN IF NOT EXISTS row_version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE pool_metadata ADD COLUMN IF NOT EXISTS row_version BIGINT NOT NULL DEFAULT 0;
