-- xieshang schema, version 9: search_postings becomes a rowid table with its terms in an
-- index, and its offsets are stored at a fixed width (see src/store/topk.rs).
--
-- As a WITHOUT ROWID table (0008), each list was a cell of the term b-tree itself; a
-- cell too big for its page spills to overflow pages, and SQLite compares a search key
-- with such a cell by first copying the whole cell, megabytes for a frequent word, at
-- every step of the descent. Now the term index holds small cells (term, rowid) and the
-- lists sit in the table b-tree, reached by rowid.
--
-- With varint offsets (0008), finding a phrase meant decoding every offset of every unit
-- in every candidate document, and stepping over a document meant scanning its bytes: for
-- a phrase of frequent words, most of the search. Now a positions blob is one width byte
-- (2, or 4 when some offset in the list is past 65,535), then per document, in postings
-- order, the ascending offsets of its title hits and then of its body hits, each `width`
-- bytes little-endian. A document is stepped over by arithmetic, and a phrase is
-- confirmed by binary search in the stored bytes.
--
-- The lists in the old form go with their stamp; until the next build (which remakes
-- them) the database is searched the plain FTS5 way.

DROP TABLE search_postings;
DELETE FROM corpus_meta WHERE key IN ('search_postings_index', 'search_postings_sizes');

-- One row per token of articles_fts, written in term order.
CREATE TABLE search_postings (
    id        INTEGER PRIMARY KEY,
    term      TEXT NOT NULL UNIQUE, -- the token as the index stores it (folded, Porter-stemmed)
    docs      INTEGER NOT NULL,     -- documents holding it
    postings  BLOB NOT NULL,        -- per document, in pk order, three varints: pk minus the
                                    -- previous pk (the first: pk), hits in the title, hits in
                                    -- the body
    positions BLOB NOT NULL         -- a width byte w (2 or 4), then per document, in the same
                                    -- order, the ascending token offsets of its title hits,
                                    -- then of its body hits, w bytes little-endian each; stored
                                    -- last, so reading postings alone never touches its pages
);
