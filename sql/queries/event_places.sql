-- One row per place of an event, with the division's names and province.
SELECT x.event_id, a.id AS article_id, e.type, x.adcode, x.name, p.name_zh, p.level, p.province_adcode,
       x.start, x.end
FROM event_places AS x
JOIN events AS e ON e.id = x.event_id
JOIN articles AS a ON a.pk = e.article_pk
LEFT JOIN places AS p ON p.adcode = x.adcode
ORDER BY a.id, e.start, x.start
