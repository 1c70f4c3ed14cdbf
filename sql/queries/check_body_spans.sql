-- Every stored body span with the raw span it was made from, by article:
-- (article pk, table, start, end, body_start, body_end), spans in characters.
SELECT article_pk, 'mentions', start, end, body_start, body_end FROM mentions
WHERE body_start IS NOT NULL OR body_end IS NOT NULL
UNION ALL
SELECT article_pk, 'article_places', start, end, body_start, body_end FROM article_places
WHERE body_start IS NOT NULL OR body_end IS NOT NULL
UNION ALL
SELECT article_pk, 'article_organizations', start, end, body_start, body_end FROM article_organizations
WHERE body_start IS NOT NULL OR body_end IS NOT NULL
UNION ALL
SELECT article_pk, 'article_platforms', start, end, body_start, body_end FROM article_platforms
WHERE body_start IS NOT NULL OR body_end IS NOT NULL
ORDER BY article_pk
