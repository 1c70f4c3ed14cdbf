-- The most frequent outlets.
SELECT source_canonical, count(*) AS n
FROM articles
WHERE source_canonical IS NOT NULL
GROUP BY source_canonical
ORDER BY n DESC, source_canonical
LIMIT 10
