-- Logs a rebuild: ?1 started, ?2 finished, ?3 seen, ?4 added, ?5 xieshang version.
INSERT INTO builds (started_at, finished_at, inputs, seen, added, unchanged, errors, version)
VALUES (?1, ?2, '["--rebuild"]', ?3, ?4, 0, 0, ?5)
