-- The largest article pk (0 when there is none).
SELECT coalesce(max(pk), 0) FROM articles
