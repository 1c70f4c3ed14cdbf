-- Adds ?1 to the number of documents whose lines are counted in corpus_lines.
INSERT INTO corpus_meta (key, value) VALUES ('counted_docs', ?1)
ON CONFLICT (key) DO UPDATE SET value = coalesce(value, 0) + excluded.value
