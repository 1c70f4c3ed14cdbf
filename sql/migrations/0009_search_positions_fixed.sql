-- xieshang schema, version 9: the offsets in search_postings.positions are stored at a
-- fixed width, so that a phrase search reads them in place (see src/store/topk.rs).
--
-- With varints (0008), finding a phrase meant decoding every offset of every unit in
-- every candidate document, and stepping over a document meant scanning its bytes: for a
-- phrase of frequent words, most of the search. Now a positions blob is one width byte
-- (2, or 4 when some offset in the list is past 65,535), then per document, in postings
-- order, the ascending offsets of its title hits and then of its body hits, each
-- `width` bytes little-endian. A document is stepped over by arithmetic, and a phrase
-- is confirmed by binary search in the stored bytes.
--
-- Lists in the old form are dropped with their stamp; until the next build (which remakes
-- them) the database is searched the plain FTS5 way.

DELETE FROM search_postings;
DELETE FROM corpus_meta WHERE key IN ('search_postings_index', 'search_postings_sizes');
