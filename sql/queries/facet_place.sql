-- Facet: distinct values with the number of articles having each; key identifies the value.
SELECT p.name AS value, p.adcode AS key, count(DISTINCT x.article_pk) AS articles
FROM article_places AS x JOIN places AS p ON p.adcode = x.adcode
GROUP BY p.adcode ORDER BY articles DESC, value, key
