-- The persons named in one article (as mentions.sql), in text order.
SELECT m.id AS mention_id, a.id AS article_id, m.person_id, m.name, m.title, m.role, m.body,
       m.body_adcode, m.start, m.end, m.title_start, m.title_end, m.occurrences,
       m.body_start, m.body_end
FROM mentions AS m JOIN articles AS a ON a.pk = m.article_pk
WHERE a.id = :id
ORDER BY m.start
