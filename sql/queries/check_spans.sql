-- Every stored span that does not index its article's raw text: (article id, field).
-- Spans are character offsets, and length() counts characters of TEXT.
SELECT id, 'title' FROM articles
WHERE title_start IS NOT NULL AND (title_start < 0 OR title_end < title_start OR title_end > length(raw))
UNION ALL
SELECT id, 'published' FROM articles
WHERE published_start IS NOT NULL AND (published_start < 0 OR published_end < published_start OR published_end > length(raw))
UNION ALL
SELECT id, 'source' FROM articles
WHERE source_start IS NOT NULL AND (source_start < 0 OR source_end < source_start OR source_end > length(raw))
UNION ALL
SELECT id, 'dateline' FROM articles
WHERE dateline_start IS NOT NULL AND (dateline_start < 0 OR dateline_end < dateline_start OR dateline_end > length(raw))
UNION ALL
SELECT a.id, 'body_spans' FROM articles AS a, json_each(a.body_spans) AS j
WHERE json_extract(j.value, '$[0]') < 0
   OR json_extract(j.value, '$[1]') < json_extract(j.value, '$[0]')
   OR json_extract(j.value, '$[1]') > length(a.raw)
UNION ALL
SELECT a.id, 'article_dates' FROM article_dates AS d JOIN articles AS a ON a.pk = d.article_pk
WHERE d.start < 0 OR d.end < d.start OR d.end > length(a.raw)
UNION ALL
SELECT a.id, 'mentions' FROM mentions AS m JOIN articles AS a ON a.pk = m.article_pk
WHERE m.start < 0 OR m.end < m.start OR m.end > length(a.raw)
   OR (m.title_start IS NOT NULL AND (m.title_start < 0 OR m.title_end < m.title_start OR m.title_end > length(a.raw)))
UNION ALL
SELECT a.id, 'article_places' FROM article_places AS x JOIN articles AS a ON a.pk = x.article_pk
WHERE x.start < 0 OR x.end < x.start OR x.end > length(a.raw)
UNION ALL
SELECT a.id, 'article_organizations' FROM article_organizations AS x JOIN articles AS a ON a.pk = x.article_pk
WHERE x.start < 0 OR x.end < x.start OR x.end > length(a.raw)
UNION ALL
SELECT a.id, 'article_platforms' FROM article_platforms AS x JOIN articles AS a ON a.pk = x.article_pk
WHERE x.start < 0 OR x.end < x.start OR x.end > length(a.raw)
UNION ALL
SELECT a.id, 'article_facts' FROM article_facts AS x JOIN articles AS a ON a.pk = x.article_pk
WHERE x.start < 0 OR x.end < x.start OR x.end > length(a.raw)
UNION ALL
SELECT a.id, 'events' FROM events AS x JOIN articles AS a ON a.pk = x.article_pk
WHERE x.start < 0 OR x.end < x.start OR x.end > length(a.raw)
   OR (x.date_start IS NOT NULL AND (x.date_start < 0 OR x.date_end < x.date_start OR x.date_end > length(a.raw)))
   OR (x.organizer_start IS NOT NULL
       AND (x.organizer_start < 0 OR x.organizer_end < x.organizer_start OR x.organizer_end > length(a.raw)))
UNION ALL
SELECT a.id, 'event_places' FROM event_places AS x JOIN events AS e ON e.id = x.event_id
JOIN articles AS a ON a.pk = e.article_pk
WHERE x.start < 0 OR x.end < x.start OR x.end > length(a.raw)
UNION ALL
SELECT a.id, 'event_participants' FROM event_participants AS x JOIN events AS e ON e.id = x.event_id
JOIN articles AS a ON a.pk = e.article_pk
WHERE x.start < 0 OR x.end < x.start OR x.end > length(a.raw)
UNION ALL
SELECT a.id, 'article_topics' FROM article_topics AS x JOIN articles AS a ON a.pk = x.article_pk
WHERE x.start < 0 OR x.end < x.start OR x.end > length(a.raw)
