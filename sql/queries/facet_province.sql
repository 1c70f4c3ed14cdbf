-- Facet: distinct values with the number of articles having each; key identifies the value.
-- value is the province adcode here; the caller names it.
SELECT province_adcode AS value, province_adcode AS key, count(*) AS articles
FROM articles WHERE province_adcode IS NOT NULL
GROUP BY value ORDER BY articles DESC, value
