-- Person ↔ person edges (source_id < target_id): weight = articles naming both,
-- shared_events = events in which both took part.
WITH m AS (SELECT DISTINCT article_pk, person_id FROM mentions),
pairs AS (
    SELECT a.person_id AS s, b.person_id AS t, count(*) AS articles
    FROM m AS a JOIN m AS b ON a.article_pk = b.article_pk AND a.person_id < b.person_id
    GROUP BY s, t
),
ev AS (SELECT DISTINCT event_id, person_id FROM event_participants),
shared AS (
    SELECT a.person_id AS s, b.person_id AS t, count(*) AS events
    FROM ev AS a JOIN ev AS b ON a.event_id = b.event_id AND a.person_id < b.person_id
    GROUP BY s, t
)
SELECT ps.name AS source, pt.name AS target, pairs.articles AS weight, coalesce(shared.events, 0) AS shared_events,
       pairs.s AS source_id, pairs.t AS target_id
FROM pairs
LEFT JOIN shared ON shared.s = pairs.s AND shared.t = pairs.t
JOIN persons AS ps ON ps.id = pairs.s
JOIN persons AS pt ON pt.id = pairs.t
ORDER BY weight DESC, shared_events DESC, source, target
