-- Sets how eagerly FTS5 merges the word index's segments as rows arrive (1 merges
-- incrementally, 0 not at all until 'crisismerge' segments pile up on one level; the
-- default is 4). A new database is loaded with 0: the build ends with 'optimize', which
-- merges everything into one segment anyway, so merging on the way was work done twice.
INSERT INTO articles_fts (articles_fts, rank) VALUES ('automerge', ?1)
