-- Headline counts for `xieshang stats`.
SELECT count(*),
       count(title),
       count(published),
       count(source),
       count(dateline),
       (SELECT count(*) FROM ingest_errors),
       min(published),
       max(published)
FROM articles
