-- The story (syndicated copies share it) of one article.
SELECT coalesce(story, id) FROM articles WHERE pk = :pk
