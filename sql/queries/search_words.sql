-- Word-index matches, best first: `rank` is bm25 with the title weighted 10x (0004).
SELECT rowid AS pk, rank FROM articles_fts WHERE articles_fts MATCH :query ORDER BY rank
