-- Rebuild: carry the ingest error log of the old database (attached as `old`) over.
INSERT INTO ingest_errors (origin, kind, message, occurred_at)
SELECT origin, kind, message, occurred_at FROM old.ingest_errors ORDER BY id
