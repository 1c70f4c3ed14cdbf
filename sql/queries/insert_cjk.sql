-- One article's Chinese trigram row: the CJK runs of its title and body, as the trigger
-- articles_cjk_ai inserts them (the build computes them itself and writes no row for an
-- article without CJK; see store::ingest). A single-row insert, so it opens no statement
-- savepoint (at which FTS5 would write its pending terms out as a new segment).
INSERT INTO articles_cjk (rowid, title, body) VALUES (?1, ?2, ?3)
