-- Every article's normalized fields, in id order.
SELECT id, origin, url, sha256, title, published, published_precision, source, dateline,
       body, language, ingested_at
FROM articles
ORDER BY id
