-- The fields of one search hit.
SELECT id, title, published, source, coalesce(story, id) AS story, body FROM articles WHERE pk = :pk
