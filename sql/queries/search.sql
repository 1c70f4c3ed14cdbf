-- Full-text search: bm25 rank (title weighted 10x), snippet of the body with matches in [ ].
SELECT a.id, a.title, a.published, a.source,
       bm25(articles_fts, 10.0, 1.0) AS rank,
       snippet(articles_fts, 1, '[', ']', '…', 16) AS snippet
FROM articles_fts
JOIN articles AS a ON a.pk = articles_fts.rowid
WHERE articles_fts MATCH :query
ORDER BY rank
LIMIT :limit
