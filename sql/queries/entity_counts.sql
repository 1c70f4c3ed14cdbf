-- One row of corpus-wide counts for the notebook summary: distinct persons, places,
-- organizations and platform concepts, and how many times each kind is named.
SELECT (SELECT count(*) FROM persons) AS persons,
       (SELECT count(*) FROM mentions) AS person_mentions,
       (SELECT count(DISTINCT adcode) FROM article_places) AS places,
       (SELECT count(*) FROM article_places) AS place_mentions,
       (SELECT count(DISTINCT organization_id) FROM article_organizations) AS organizations,
       (SELECT count(*) FROM article_organizations) AS organization_mentions,
       (SELECT count(DISTINCT concept) FROM article_platforms) AS platforms,
       (SELECT count(*) FROM article_platforms) AS platform_mentions
