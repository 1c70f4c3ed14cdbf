-- Every article's normalized fields with an id before ?1, in id order (the first half
-- of a parallel read of select_articles.sql).
SELECT id, origin, url, sha256, title, published, published_precision, source, dateline,
       body, language, ingested_at
FROM articles
WHERE id < ?1
ORDER BY id
