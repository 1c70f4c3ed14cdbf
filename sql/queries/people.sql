-- One row per distinct person: the title printed most often, articles and mentions.
SELECT p.id AS person_id,
       p.name,
       (SELECT m2.title FROM mentions AS m2
         WHERE m2.person_id = p.id AND m2.title IS NOT NULL
         GROUP BY m2.title ORDER BY count(*) DESC, min(m2.id) LIMIT 1) AS title,
       count(DISTINCT m.article_pk) AS articles,
       coalesce(sum(m.occurrences), 0) AS occurrences
FROM persons AS p LEFT JOIN mentions AS m ON m.person_id = p.id
GROUP BY p.id
ORDER BY articles DESC, p.name
