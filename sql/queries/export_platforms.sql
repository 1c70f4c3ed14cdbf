-- Platforms of one article for the export, in order of first mention.
SELECT concept, text FROM article_platforms WHERE article_pk = :article_pk ORDER BY start
