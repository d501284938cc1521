-- Revisions without AUTOINCREMENT. AUTOINCREMENT keeps its counter in sqlite_sequence, so every writing transaction
-- also rewrote that table's page: one more page in the WAL per commit, a measurable part of the log's write cost.
-- A plain INTEGER PRIMARY KEY takes max(revision) + 1. A revision is still never handed out twice, because the row
-- holding the largest revision is never deleted: compaction keeps the newest row, and a restore leaves a marker row
-- (op 'horizon') at the new horizon. Readers never see a marker: they read only revisions above the horizon.
-- The triggers of V3 write into latzero_changes by name and stay as they are: legacy_alter_table makes the RENAME
-- leave them untouched (it would otherwise refuse, the old table being gone when the new one takes its name).
PRAGMA legacy_alter_table = ON;

CREATE TABLE latzero_changes_v4 (
    revision INTEGER PRIMARY KEY,
    entity TEXT NOT NULL,
    entity_key TEXT NOT NULL,
    op TEXT NOT NULL,
    state TEXT,
    origin TEXT,
    committed_at INTEGER NOT NULL
);

INSERT INTO latzero_changes_v4 (revision, entity, entity_key, op, state, origin, committed_at)
    SELECT revision, entity, entity_key, op, state, origin, committed_at FROM latzero_changes;

-- The largest revision handed out can lie beyond the rows (compacted or restored away): it becomes a marker, and
-- the horizon moves up to it if a tool deleted rows behind the library's back.
INSERT INTO latzero_changes_v4 (revision, entity, entity_key, op, state, origin, committed_at)
    SELECT seq, 'horizon', '', 'horizon', NULL, 'migration', 0 FROM sqlite_sequence
    WHERE name = 'latzero_changes' AND seq > (SELECT coalesce(max(revision), 0) FROM latzero_changes);
UPDATE latzero_change_horizon SET revision = (SELECT max(revision) FROM latzero_changes_v4 WHERE op = 'horizon')
    WHERE id = 1 AND revision < (SELECT coalesce(max(revision), 0) FROM latzero_changes_v4 WHERE op = 'horizon');

DROP TABLE latzero_changes;
ALTER TABLE latzero_changes_v4 RENAME TO latzero_changes;

PRAGMA legacy_alter_table = OFF;
