-- Places of one article for the export, in order of first mention.
SELECT name, level, adcode FROM article_places WHERE article_pk = :article_pk ORDER BY start
