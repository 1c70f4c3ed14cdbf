-- The word index's structure record (rowid 10 of its data table): its levels and segments.
SELECT block FROM articles_fts_data WHERE id = 10
