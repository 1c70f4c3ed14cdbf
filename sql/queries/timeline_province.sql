-- Articles per period: publication date cut to :len characters (4 year, 7 month, 10 day),
-- only articles whose date is known that precisely (:min_rank 1 year, 2 month, 3 day).
-- Grouped by the article's main province (adcode; named by the caller).
SELECT substr(a.published, 1, :len) AS period, a.province_adcode AS "group", count(*) AS articles
FROM articles AS a
WHERE a.published IS NOT NULL AND a.province_adcode IS NOT NULL AND CASE a.published_precision WHEN 'day' THEN 3 WHEN 'month' THEN 2 WHEN 'year' THEN 1 ELSE 0 END >= :min_rank
GROUP BY period, "group"
ORDER BY period, "group"
