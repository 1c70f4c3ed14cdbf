-- The word index's statistics record (rowid 1 of its data table: document count, then
-- token totals per column, as varints) and whether the impact lists were made for it.
SELECT block, coalesce((SELECT value FROM corpus_meta WHERE key = 'search_terms_index') = block, 0)
FROM articles_fts_data WHERE id = 1
