-- The word index's statistics record (rowid 1 of its data table: document count, then
-- token totals per column, as varints), whether the posting lists were made for it, and
-- the document sizes recorded with them.
SELECT block,
       coalesce((SELECT value FROM corpus_meta WHERE key = 'search_postings_index') = block, 0),
       (SELECT value FROM corpus_meta WHERE key = 'search_postings_sizes')
FROM articles_fts_data WHERE id = 1
