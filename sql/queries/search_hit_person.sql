-- The person of one hit that the person filter matched, with the title as printed.
SELECT m.name, m.title FROM persons AS p JOIN mentions AS m ON m.person_id = p.id
WHERE p.key = :key AND m.article_pk = :pk
