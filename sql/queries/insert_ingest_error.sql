-- Records an input that could not be stored.
INSERT INTO ingest_errors (origin, kind, message, occurred_at)
VALUES (:origin, :kind, :message, :occurred_at)
