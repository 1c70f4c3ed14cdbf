-- xieshang schema: impact lists for fast ranked word search (see src/store/topk.rs).
--
-- Ranking a frequent word with FTS5's bm25() means scoring every document that holds it
-- (a word in most of 100,000 articles costs ~70 ms, almost all of it per-row scoring).
-- For every token of the word index this table keeps the documents where it scores best,
-- with what bm25 needs to score them (the token's column-weighted hit count and the
-- document's size). A query is answered from these lists when they prove its top hits:
-- every document outside them provably scores lower. Otherwise (or when the lists are
-- stale) it runs as a plain FTS5 query. The build refreshes the table at its end, after
-- merging the word index into one segment; corpus_meta.search_terms_index records the
-- word index's statistics record (document count and token totals) the lists were made
-- for, so a database changed since then is searched the plain way until the next build.

-- One row per token of articles_fts.
CREATE TABLE search_terms (
    term  TEXT PRIMARY KEY,   -- the token as the index stores it (folded, Porter-stemmed)
    docs  INTEGER NOT NULL,   -- documents holding it
    hits  BLOB NOT NULL       -- its best-scoring documents (all of them when few), best first:
                              -- per document 16 bytes, little-endian: pk (i64), hits weighted
                              -- as in the rank (title 10, body 1; u32), document size in tokens (u32)
) WITHOUT ROWID;
