-- Facet: distinct values with the number of articles having each; key identifies the value.
SELECT type AS value, type AS key, count(DISTINCT article_pk) AS articles
FROM events
GROUP BY value ORDER BY articles DESC, value
