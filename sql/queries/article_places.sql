-- The places named in one article (as places.sql), in text order.
SELECT a.id AS article_id, x.adcode, x.name, x.level, p.name AS canonical, p.name_zh,
       p.suffix_en, p.parent_adcode, p.province_adcode, x.start, x.end, x.body_start, x.body_end
FROM article_places AS x
JOIN articles AS a ON a.pk = x.article_pk
LEFT JOIN places AS p ON p.adcode = x.adcode
WHERE a.id = :id
ORDER BY x.start
