-- What extraction found, for `xieshang stats`: distinct things and how often each kind
-- is named, events and their participant rows, topics and the articles tagged, stories
-- and the syndicated copies in them.
SELECT (SELECT count(*) FROM persons),
       (SELECT count(*) FROM mentions),
       (SELECT count(DISTINCT adcode) FROM article_places),
       (SELECT count(*) FROM article_places),
       (SELECT count(DISTINCT organization_id) FROM article_organizations),
       (SELECT count(*) FROM article_organizations),
       (SELECT count(DISTINCT concept) FROM article_platforms),
       (SELECT count(*) FROM article_platforms),
       (SELECT count(*) FROM events),
       (SELECT count(*) FROM event_participants),
       (SELECT count(DISTINCT topic) FROM article_topics),
       (SELECT count(DISTINCT article_pk) FROM article_topics),
       (SELECT count(DISTINCT story) FROM articles),
       (SELECT count(*) FROM articles WHERE story <> id)
