-- Articles per period: publication date cut to :len characters (4 year, 7 month, 10 day),
-- only articles whose date is known that precisely (:min_rank 1 year, 2 month, 3 day).
-- Grouped by the platforms the article names (an article counts once per platform).
SELECT substr(a.published, 1, :len) AS period, x.concept AS "group", count(DISTINCT a.pk) AS articles
FROM articles AS a JOIN article_platforms AS x ON x.article_pk = a.pk
WHERE a.published IS NOT NULL AND CASE a.published_precision WHEN 'day' THEN 3 WHEN 'month' THEN 2 WHEN 'year' THEN 1 ELSE 0 END >= :min_rank
GROUP BY period, "group"
ORDER BY period, "group"
