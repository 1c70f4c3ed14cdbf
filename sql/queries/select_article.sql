-- One article's normalized fields.
SELECT id, origin, url, sha256, title, published, published_precision, source, dateline,
       body, language, ingested_at
FROM articles
WHERE id = :id
