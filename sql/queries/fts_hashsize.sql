-- Sets how many bytes of pending terms FTS5 holds in memory before it writes them out as
-- a new segment of the word index (the default is 1 MiB; a transaction's end writes them
-- too). A new database is loaded with a larger one: a batch of a thousand articles then
-- becomes one segment instead of several, so fewer segments are merged on the way and
-- by the closing 'optimize'.
INSERT INTO articles_fts (articles_fts, rank) VALUES ('hashsize', ?1)
