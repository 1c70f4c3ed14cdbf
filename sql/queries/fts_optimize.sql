-- Merges the word index into one segment: each query token is then one b-tree lookup
-- instead of one per segment.
INSERT INTO articles_fts (articles_fts) VALUES ('optimize')
