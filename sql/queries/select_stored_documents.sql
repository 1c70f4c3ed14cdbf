-- Every stored document, as the rebuild reads it back: the crawler's date is passed on
-- as a hint only where the stored date had no evidence in the text.
SELECT id, origin, url, raw, encoding, sha256,
       CASE WHEN published_start IS NULL THEN published END AS hint_date
FROM articles
ORDER BY pk
