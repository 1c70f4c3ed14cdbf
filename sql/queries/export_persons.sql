-- Persons of one article for the export, in order of first mention.
SELECT p.name, m.title FROM mentions AS m JOIN persons AS p ON p.id = m.person_id
WHERE m.article_pk = :article_pk ORDER BY m.start
