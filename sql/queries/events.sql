-- One row per event: article, type, date, primary place, organizer, counts of places and people.
SELECT e.id AS event_id, a.id AS article_id, e.type, e.text, e.date_from, e.date_to, e.precision,
       e.place_adcode, p.name AS place, p.province_adcode, e.organizer,
       (SELECT count(*) FROM event_places AS x WHERE x.event_id = e.id) AS places,
       (SELECT count(DISTINCT x.person_id) FROM event_participants AS x WHERE x.event_id = e.id) AS participants,
       a.published, e.start, e.end
FROM events AS e
JOIN articles AS a ON a.pk = e.article_pk
LEFT JOIN places AS p ON p.adcode = e.place_adcode
ORDER BY a.id, e.start
