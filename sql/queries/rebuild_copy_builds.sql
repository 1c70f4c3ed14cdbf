-- Rebuild: carry the build log of the old database (attached as `old`) over.
INSERT INTO builds (started_at, finished_at, inputs, seen, added, unchanged, errors, version)
SELECT started_at, finished_at, inputs, seen, added, unchanged, errors, version FROM old.builds ORDER BY id
