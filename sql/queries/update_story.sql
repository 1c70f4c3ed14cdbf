-- Sets an article's story.
UPDATE articles SET story = :story, story_similarity = :similarity WHERE pk = :pk
