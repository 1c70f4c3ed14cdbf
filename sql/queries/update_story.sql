-- Sets an article's story: the id of the article with pk :story_pk.
UPDATE articles SET story = (SELECT id FROM articles WHERE pk = :story_pk), story_similarity = :similarity
WHERE pk = :pk
