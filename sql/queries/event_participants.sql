-- One row per person per role in an event.
SELECT x.event_id, a.id AS article_id, e.type, x.person_id, x.mention_id, x.name, x.role, x.basis, x.start, x.end
FROM event_participants AS x
JOIN events AS e ON e.id = x.event_id
JOIN articles AS a ON a.pk = e.article_pk
ORDER BY a.id, e.start, x.start, x.role
