-- Every signature in canonical order: earliest publication first, then first stored.
SELECT a.pk, a.id, s.signature, a.story
FROM article_signatures AS s JOIN articles AS a ON a.pk = s.article_pk
ORDER BY a.published IS NULL, a.published, a.pk
