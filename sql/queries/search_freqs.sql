-- The bm25 inputs (xieshang_freqs: document size, weighted hits per phrase) of one
-- document for a query, or no row when it does not match.
SELECT xieshang_freqs(articles_fts, 10.0, 1.0) FROM articles_fts WHERE articles_fts MATCH :query AND rowid = :pk
