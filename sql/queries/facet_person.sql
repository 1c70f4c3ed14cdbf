-- Facet: distinct values with the number of articles having each; key identifies the value.
SELECT p.name AS value, CAST(p.id AS TEXT) AS key, count(DISTINCT m.article_pk) AS articles
FROM mentions AS m JOIN persons AS p ON p.id = m.person_id
GROUP BY p.id ORDER BY articles DESC, value, key
