-- Every token occurrence of the word index, by token, then document (see search_terms_vocab.sql).
SELECT term, doc, col FROM temp.xieshang_instances
