-- The snippets of the hits, as search_snippet.sql makes them on articles_fts.
SELECT rowid, snippet(hits, 1, '[', ']', '…', 16) FROM hits WHERE hits MATCH :query
