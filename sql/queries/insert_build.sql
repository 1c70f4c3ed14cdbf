-- Logs one build: ?1 started, ?2 finished, ?3 inputs (JSON list), ?4 seen, ?5 added,
-- ?6 unchanged, ?7 errors, ?8 xieshang version.
INSERT INTO builds (started_at, finished_at, inputs, seen, added, unchanged, errors, version)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
