-- One article's full-text row, exactly what the trigger articles_ai inserts (the build
-- writes these itself, once per batch; see store::ingest).
INSERT INTO articles_fts (rowid, title, body) VALUES (?1, ?2, ?3)
