-- The state checksums of the benchmark suite (docs/performance.md): one statement per table, each returning one text
-- column, the canonical text of every row, ordered by key. Every runtime (the library's and the JDBC baseline's JMH
-- benchmarks, the Node + better-sqlite3 program in bench/node) runs these exact statements on the database a workload
-- leaves and feeds the rows, each followed by a newline, to SHA-256, so equal hashes mean equal final states.
-- Wall-clock columns (registered, last_seen, created, updated) are left out: they differ from run to run. JSON columns
-- are compared as values, not texts: every node json_tree finds (its path, type and atom), ordered by path, so the
-- order of an object's keys does not matter (Java's Map.of has none) but array order, types and values do.
-- A line "-- table: <name>" names the statement that follows; statements end with ";" at the end of a line.

-- table: app_registry
SELECT app_id
    || '|' || ifnull((SELECT group_concat(j.fullkey || ':' || j.type || '=' || ifnull(j.atom, ''), ',' ORDER BY j.fullkey)
                      FROM json_tree(pools) AS j), '-')
    || '|' || ifnull((SELECT group_concat(j.fullkey || ':' || j.type || '=' || ifnull(j.atom, ''), ',' ORDER BY j.fullkey)
                      FROM json_tree(triggers) AS j), '-')
    || '|' || ifnull((SELECT group_concat(j.fullkey || ':' || j.type || '=' || ifnull(j.atom, ''), ',' ORDER BY j.fullkey)
                      FROM json_tree(meta) AS j), '-')
    || '|' || ifnull(protocol_version, '-')
    || '|' || ifnull(rehydrated, '-')
FROM app_registry ORDER BY app_id;

-- table: app_pool_members
SELECT pool || '|' || app_id FROM app_pool_members ORDER BY pool, app_id;

-- table: memory_blocks
SELECT block_id
    || '|' || ifnull(name, '-')
    || '|' || ifnull(pool, '-')
    || '|' || ifnull(size, '-')
    || '|' || ifnull(type, '-')
    || '|' || ifnull((SELECT group_concat(j.fullkey || ':' || j.type || '=' || ifnull(j.atom, ''), ',' ORDER BY j.fullkey)
                      FROM json_tree(permissions) AS j), '-')
    || '|' || ifnull(version, '-')
    || '|' || ifnull(persistent, '-')
    || '|' || ifnull(encrypted, '-')
    || '|' || ifnull((SELECT group_concat(j.fullkey || ':' || j.type || '=' || ifnull(j.atom, ''), ',' ORDER BY j.fullkey)
                      FROM json_tree(config) AS j), '-')
FROM memory_blocks ORDER BY block_id;

-- table: trigger_records
SELECT id
    || '|' || ifnull(origin_app_id, '-')
    || '|' || ifnull(origin_connection_id, '-')
    || '|' || ifnull(destination, '-')
    || '|' || ifnull(pool, '-')
    || '|' || ifnull(process, '-')
    || '|' || ifnull(ttl, '-')
    || '|' || ifnull(dispatched_to, '-')
    || '|' || ifnull(completed, '-')
FROM trigger_records ORDER BY id;
