-- One pass over a query's matches, returning the bm25 inputs (xieshang_freqs) of the
-- candidate rows among them (a JSON array of pks; `+rowid` keeps FTS5 from seeking them
-- one by one: the pass walks the index once and scores only these rows).
SELECT rowid, xieshang_freqs(articles_fts, 10.0, 1.0) FROM articles_fts
WHERE articles_fts MATCH :query AND +rowid IN (SELECT value FROM json_each(:candidates))
