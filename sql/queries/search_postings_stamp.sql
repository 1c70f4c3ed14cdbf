-- Records which state of the word index the posting lists were made for, and the
-- document sizes (:sizes) read from it.
INSERT INTO corpus_meta (key, value)
SELECT 'search_postings_index', block FROM articles_fts_data WHERE id = 1
UNION ALL
SELECT 'search_postings_sizes', :sizes WHERE true
ON CONFLICT (key) DO UPDATE SET value = excluded.value
