-- Facet: distinct values with the number of articles having each; key identifies the value.
SELECT concept AS value, concept AS key, count(DISTINCT article_pk) AS articles
FROM article_platforms
GROUP BY value ORDER BY articles DESC, value
