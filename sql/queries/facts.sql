-- One row per count stated in an article.
SELECT a.id AS article_id, x.value, x.what, x.text, x.start, x.end
FROM article_facts AS x JOIN articles AS a ON a.pk = x.article_pk
ORDER BY a.id, x.start
