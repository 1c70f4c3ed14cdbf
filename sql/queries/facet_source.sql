-- Facet: distinct values with the number of articles having each; key identifies the value.
SELECT coalesce(source_canonical, source) AS value, coalesce(source_canonical, source) AS key, count(*) AS articles
FROM articles WHERE coalesce(source_canonical, source) IS NOT NULL
GROUP BY value ORDER BY articles DESC, value
