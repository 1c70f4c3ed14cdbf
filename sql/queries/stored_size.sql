-- The bytes of raw text stored and the number of articles.
SELECT coalesce(sum(length(CAST(raw AS BLOB))), 0), count(*) FROM articles
