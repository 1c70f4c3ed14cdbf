-- The consultation platforms named in one article (as platforms.sql), in text order.
SELECT a.id AS article_id, x.concept, x.zh, x.text, x.start, x.end, x.body_start, x.body_end
FROM article_platforms AS x JOIN articles AS a ON a.pk = x.article_pk
WHERE a.id = :id
ORDER BY x.start
