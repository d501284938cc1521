CREATE TABLE IF NOT EXISTS trigger_records (
    id TEXT PRIMARY KEY,
    origin_app_id TEXT,
    origin_connection_id INTEGER,
    destination TEXT,
    pool TEXT,
    process TEXT,
    created INTEGER,
    ttl INTEGER,
    dispatched_to TEXT,
    completed INTEGER,
    updated INTEGER
);

CREATE INDEX IF NOT EXISTS idx_trigger_records_destination ON trigger_records (destination, completed, created);
