-- An in-memory table of a search's hits alone, tokenized as articles_fts (0001_init.sql),
-- for their snippets: FTS5 expands a prefix over these few rows only.
CREATE VIRTUAL TABLE hits USING fts5 (title, body, tokenize = 'porter unicode61 remove_diacritics 2')
