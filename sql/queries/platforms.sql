-- One row per consultation platform named in an article.
SELECT a.id AS article_id, x.concept, x.zh, x.text, x.start, x.end, x.body_start, x.body_end
FROM article_platforms AS x JOIN articles AS a ON a.pk = x.article_pk
ORDER BY a.id, x.start
