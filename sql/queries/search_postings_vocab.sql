-- Every token occurrence of the word index, by token, then document, column and offset.
CREATE VIRTUAL TABLE IF NOT EXISTS temp.xieshang_instances USING fts5vocab(main, articles_fts, instance);
