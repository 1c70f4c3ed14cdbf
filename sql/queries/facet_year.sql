-- Facet: distinct values with the number of articles having each; key identifies the value.
SELECT substr(published, 1, 4) AS value, substr(published, 1, 4) AS key, count(*) AS articles
FROM articles WHERE published IS NOT NULL
GROUP BY value ORDER BY articles DESC, value
