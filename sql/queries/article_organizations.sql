-- The organizations named in one article (as organizations.sql), in text order.
SELECT a.id AS article_id, o.id AS organization_id, o.canonical, o.kind, o.level, o.adcode,
       x.text, x.start, x.end, x.body_start, x.body_end
FROM article_organizations AS x
JOIN organizations AS o ON o.id = x.organization_id
JOIN articles AS a ON a.pk = x.article_pk
WHERE a.id = :id
ORDER BY x.start
