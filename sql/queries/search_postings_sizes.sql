-- Every document's size per column in the word index (a blob of varints, one per column).
SELECT id, sz FROM articles_fts_docsize
