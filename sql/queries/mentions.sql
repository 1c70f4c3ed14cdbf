-- One row per person per article, with the role as printed and parsed, and spans.
SELECT m.id AS mention_id, a.id AS article_id, m.person_id, m.name, m.title, m.role, m.body,
       m.body_adcode, m.start, m.end, m.title_start, m.title_end, m.occurrences,
       m.body_start, m.body_end
FROM mentions AS m JOIN articles AS a ON a.pk = m.article_pk
ORDER BY a.id, m.start
