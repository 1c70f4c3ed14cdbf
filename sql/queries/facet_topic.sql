-- Facet: distinct values with the number of articles having each; key identifies the value.
SELECT topic AS value, topic AS key, count(DISTINCT article_pk) AS articles
FROM article_topics
GROUP BY value ORDER BY articles DESC, value
