-- xieshang schema, version 8: complete posting lists for exact bm25 ranking without
-- scoring through FTS5 (see src/store/topk.rs); they replace the impact lists of 0006.
--
-- Ranking through FTS5's bm25() costs ~1-3 µs per matching row, so a query on words found
-- in most of 100,000 articles takes 100-350 ms, and a phrase also needs every match found
-- once more to count its documents (its IDF). The impact lists of 0006 kept only each
-- token's best documents: they proved a single word's top hits, but not an OR of frequent
-- words, an AND of three, or a phrase. These lists keep every document and every position,
-- in a compact form the search decodes in memory: a few MB for the most frequent word.
-- The build rewrites the table at its end, after merging the word index into one segment;
-- corpus_meta.search_postings_index records the word index's statistics record (document
-- count and token totals) the lists were made for, and corpus_meta.search_postings_sizes
-- every document's size in tokens (8-byte little-endian first pk, then one little-endian
-- u32 per pk from it; 0xFFFFFFFF where no document). A database changed since then is
-- searched the plain FTS5 way until its next build.

DROP TABLE search_terms;
-- No stamp survives: the new table starts empty, so its lists describe nothing yet (a
-- stamp copied in with corpus_meta from a newer database would claim otherwise).
DELETE FROM corpus_meta WHERE key IN ('search_terms_index', 'search_postings_index', 'search_postings_sizes');

-- One row per token of articles_fts.
CREATE TABLE search_postings (
    term      TEXT PRIMARY KEY, -- the token as the index stores it (folded, Porter-stemmed)
    docs      INTEGER NOT NULL, -- documents holding it
    postings  BLOB NOT NULL,    -- per document, in pk order, three varints: pk minus the
                                -- previous pk (the first: pk), hits in the title, hits in the body
    positions BLOB NOT NULL     -- per document, in the same order, the token offsets of its
                                -- title hits, then of its body hits, each column's as varints:
                                -- the first offset, then the gap to each next one; stored
                                -- last, so reading postings alone never touches these pages
) WITHOUT ROWID;
