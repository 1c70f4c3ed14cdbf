-- Rebuild: an article keeps the time it first entered the dataset.
UPDATE articles
SET ingested_at = (SELECT o.ingested_at FROM old.articles AS o WHERE o.sha256 = articles.sha256)
WHERE EXISTS (SELECT 1 FROM old.articles AS o WHERE o.sha256 = articles.sha256)
