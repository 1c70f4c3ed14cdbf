-- Every article with a signature in canonical order (earliest publication first, then
-- first stored), with the pk of its current story (0 if none).
SELECT a.pk, coalesce(b.pk, 0)
FROM article_signatures AS s JOIN articles AS a ON a.pk = s.article_pk
LEFT JOIN articles AS b ON b.id = a.story
ORDER BY a.published IS NULL, a.published, a.pk
