-- Articles naming the person with this key (extract::person_key).
SELECT m.article_pk FROM persons AS p JOIN mentions AS m ON m.person_id = p.id WHERE p.key = :key
