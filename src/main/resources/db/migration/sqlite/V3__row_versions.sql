-- Optimistic-lock versions of apps and pools, the same columns as on PostgreSQL so the entities are identical on
-- both backends. One SQLite database has one writing process, serialised in process, so here the version only
-- counts; rows written by the Node implementation (which does not know the column) get the default 0.
ALTER TABLE app_registry ADD COLUMN row_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE pool_metadata ADD COLUMN row_version INTEGER NOT NULL DEFAULT 0;
