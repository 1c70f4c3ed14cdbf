-- Articles per publication year (NULL year as 'unknown').
SELECT coalesce(substr(published, 1, 4), 'unknown') AS year, count(*)
FROM articles
GROUP BY year
ORDER BY year
