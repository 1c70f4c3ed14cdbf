-- One pass over a query's matches: the bm25 inputs (xieshang_freqs) of the candidate
-- rows only (a JSON array of pks; `+rowid` keeps FTS5 from seeking them one by one),
-- NULL for the other matches, which are returned only to be counted.
SELECT rowid, CASE WHEN +rowid IN (SELECT value FROM json_each(:candidates))
                   THEN xieshang_freqs(articles_fts, 10.0, 1.0) END
FROM articles_fts WHERE articles_fts MATCH :query
