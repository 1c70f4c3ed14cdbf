-- Person → event edges: one row per person per event, weight = number of roles,
-- role = the roles (comma-separated, sorted). Targets are labelled "event N".
SELECT pe.name AS source, 'event ' || e.id AS target, count(*) AS weight,
       (SELECT group_concat(r.role, ',') FROM (SELECT DISTINCT y.role FROM event_participants AS y
         WHERE y.event_id = e.id AND y.person_id = x.person_id ORDER BY y.role) AS r) AS role,
       x.person_id, e.id AS event_id, e.type AS event_type, e.date_from, a.id AS article_id
FROM event_participants AS x
JOIN events AS e ON e.id = x.event_id
JOIN articles AS a ON a.pk = e.article_pk
JOIN persons AS pe ON pe.id = x.person_id
GROUP BY x.person_id, e.id
ORDER BY e.id, pe.name
