-- The counts the last build stored for `repr(corpus)` and the notebook summary.
SELECT key, value FROM corpus_meta WHERE key GLOB 'summary.*'
