-- One row per topic per article, with its evidence terms (distinct, in text order) and count.
SELECT a.id AS article_id, t.topic, count(*) AS evidence, group_concat(DISTINCT t.term) AS terms,
       min(t.start) AS start, min(t.end) AS end
FROM article_topics AS t
JOIN articles AS a ON a.pk = t.article_pk
GROUP BY a.id, t.topic
ORDER BY a.id, t.topic
