-- Every token occurrence of the word index, by token, then document, then column and
-- offset (see search_postings_vocab.sql).
SELECT term, doc, col, offset FROM temp.xieshang_instances
