-- Records which state of the word index the impact lists were made for.
INSERT INTO corpus_meta (key, value)
SELECT 'search_terms_index', block FROM articles_fts_data WHERE id = 1
ON CONFLICT (key) DO UPDATE SET value = excluded.value
