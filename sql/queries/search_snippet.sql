-- Snippet of one matching article's body, matches in [ ] (run for the final hits only).
SELECT snippet(articles_fts, 1, '[', ']', '…', 16) FROM articles_fts
WHERE articles_fts MATCH :query AND rowid = :pk
