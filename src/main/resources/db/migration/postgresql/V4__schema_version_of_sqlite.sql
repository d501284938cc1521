-- Nothing changes on PostgreSQL in version 4 (SQLite's change log dropped AUTOINCREMENT; PostgreSQL's counter row
-- never used it). The migration exists so both stores report the same schema version and an export from one
-- imports into the other.
SELECT 1;
