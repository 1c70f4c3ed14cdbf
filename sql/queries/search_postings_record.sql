-- The word index's statistics record: document count, then token totals per column (varints).
SELECT block FROM articles_fts_data WHERE id = 1
